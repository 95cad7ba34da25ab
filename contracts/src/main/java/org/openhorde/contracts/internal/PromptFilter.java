package org.openhorde.contracts.internal;

/**
 * A moderator's prompt filter as job-service stores it (the AI Horde's {@code Filter}): a regular expression of one
 * filter type (10 and 11 the first group, 20 the second; 10–29 accepted), an optional description and the text that
 * replaces a match when a suspicious prompt is sanitized instead of refused.
 *
 * @param user the alias ({@code name#id}) of the moderator who added or last changed it
 */
public record PromptFilter(long id, String regex, int filterType, String description, String replacement,
                           String user) {
}
