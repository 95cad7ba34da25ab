package org.openhorde.contracts.internal;

/**
 * Gateway → job-service: create or change a team, its shape already checked by the gateway.
 *
 * @param actorUserId    who asks (the creator on create; the owner or a moderator on change)
 * @param actorAlias     the actor's {@code username#id}, kept as the team's creator on create
 * @param actorModerator whether the actor moderates (may change every team)
 * @param name           null = unchanged (change only)
 * @param info           null = unchanged
 */
public record TeamInput(long actorUserId, String actorAlias, boolean actorModerator, String name, String info) {
}
