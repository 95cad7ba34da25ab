package org.openhorde.contracts.internal;

/** A new pseudonymous user asks for an account. */
public record Registration(String username) {
}
