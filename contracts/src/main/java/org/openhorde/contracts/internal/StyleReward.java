package org.openhorde.contracts.internal;

import java.util.UUID;

/**
 * A request used a style someone else owns: its requester pays {@code amount} centikudos and the style's owner earns
 * them ({@code kudos_details.styled}), once per request (the ledger event id derives from {@code requestId}).
 */
public record StyleReward(UUID requestId, long requesterId, long ownerId, long amount) {
}
