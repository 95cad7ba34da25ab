package org.openhorde.kudos.domain;

/** One leg of a ledger event: {@code amount} centikudos into (positive) or out of (negative) an account. */
public record Posting(String accountId, long amount, String category) {
}
