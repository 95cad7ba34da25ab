package org.openhorde.contracts.internal;

/** The result of a transfer or award, in centikudos. */
public record KudosMoved(long amount) {
}
