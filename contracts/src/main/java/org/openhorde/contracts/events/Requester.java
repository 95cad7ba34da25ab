package org.openhorde.contracts.events;

/**
 * The requesting user as the gateway saw it when the request was accepted.
 *
 * @param kudos balance in centikudos at submit time: the request's base queue priority
 */
public record Requester(long userId, String alias, boolean anonymous, boolean trusted, long kudos) {
}
