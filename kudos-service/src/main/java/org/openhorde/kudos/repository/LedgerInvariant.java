package org.openhorde.kudos.repository;

/**
 * What an auditor checks: all balances sum to zero, every event's postings sum to zero, and every balance equals
 * the sum of its postings.
 */
public record LedgerInvariant(long totalBalance, long unbalancedEvents, long driftedAccounts, long settledJobs,
                              long postings) {

    public boolean holds() {
        return totalBalance == 0 && unbalancedEvents == 0 && driftedAccounts == 0;
    }
}
