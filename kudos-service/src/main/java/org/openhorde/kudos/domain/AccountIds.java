package org.openhorde.kudos.domain;

/** Ledger account names. Users have one account each; system accounts make every event sum to zero. */
public final class AccountIds {

    /** Mints kudos (worker rewards, starting balances, floor adjustments); its balance runs negative. */
    public static final String TREASURY = "treasury";
    /** Receives the horde tax; kudos that reach it are gone for good. */
    public static final String BURN = "burn";
    private AccountIds() {
    }

    public static String user(long userId) {
        return "user:" + userId;
    }

    /**
     * The user's escrow: rewards earned while untrusted, held until the user is trusted (the AI Horde's
     * {@code evaluating_kudos}). One per user, so that what is held for whom is itself on the ledger.
     */
    public static String escrow(long userId) {
        return "escrow:user:" + userId;
    }
}
