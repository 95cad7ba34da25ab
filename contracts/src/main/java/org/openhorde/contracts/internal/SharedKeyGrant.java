package org.openhorde.contracts.internal;

/**
 * kudos-service → gateway: a shared key sent as {@code apikey}, with the account that pays for what it requests.
 */
public record SharedKeyGrant(SharedKeyDetails key, UserAccount owner) {
}
