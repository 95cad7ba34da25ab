package org.openhorde.contracts.internal;

/**
 * What an auditor checks on the kudos ledger (amounts in centikudos).
 *
 * @param holds                every check below passed
 * @param totalBalance         Σ of all account balances, system accounts included: must be 0
 * @param unbalancedEvents     ledger events whose postings do not sum to 0: must be 0
 * @param driftedAccounts      accounts whose balance differs from the sum of their postings: must be 0
 * @param settledJobs          job settlement events
 * @param distinctSettledJobs  distinct jobs they settle
 * @param duplicateSettlements settlement events beyond one per job: must be 0
 * @param ledgerEvents         all ledger events
 * @param postings             all postings
 * @param escrowHeld           Σ of what untrusted users have in escrow
 * @param unpublishedEvents    ledger events still waiting in the outbox for Kafka
 */
public record LedgerAudit(boolean holds, long totalBalance, long unbalancedEvents, long driftedAccounts,
                          long settledJobs, long distinctSettledJobs, long duplicateSettlements, long ledgerEvents,
                          long postings, long escrowHeld, long unpublishedEvents) {
}
