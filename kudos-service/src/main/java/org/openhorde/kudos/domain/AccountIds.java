package org.openhorde.kudos.domain;

/** Ledger account names. Users have one account each; system accounts make every event sum to zero. */
public final class AccountIds {

    /** Mints kudos (worker rewards, starting balances, floor adjustments); its balance runs negative. */
    public static final String TREASURY = "treasury";
    /** Receives the horde tax; kudos that reach it are gone for good. */
    public static final String BURN = "burn";
    /** Holds kudos that are promised but not yet released (untrusted workers' rewards). */
    public static final String ESCROW = "escrow";

    private AccountIds() {
    }

    public static String user(long userId) {
        return "user:" + userId;
    }
}
