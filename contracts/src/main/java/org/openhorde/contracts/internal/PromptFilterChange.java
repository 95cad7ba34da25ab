package org.openhorde.contracts.internal;

/**
 * Gateway → job-service: a moderator adds ({@code PUT /filters}) or changes ({@code PATCH /filters/{id}}) a prompt
 * filter; already validated by the gateway (the regex compiles, the type is 10–29). {@code null} fields of a change
 * stay as they are.
 *
 * @param actorAlias the moderator's alias, recorded as the filter's {@code user}
 */
public record PromptFilterChange(String regex, Integer filterType, String description, String replacement,
                                 String actorAlias) {
}
