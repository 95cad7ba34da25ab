package org.openhorde.kudos.domain;

/**
 * An account's balance before an event, and the lowest balance a debit may leave ({@code null}: no floor).
 */
public record AccountBalance(String accountId, long balance, Long floor) {
}
