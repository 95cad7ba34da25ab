package org.openhorde.kudos.domain;

import java.util.List;

/** Why kudos moved. The public ones are the AI Horde's {@code kudos_details} keys. */
public final class KudosCategory {

    /** Generation spending (negative) and generation earnings (positive). */
    public static final String ACCUMULATED = "accumulated";
    public static final String GIFTED = "gifted";
    public static final String DONATED = "donated";
    public static final String ADMIN = "admin";
    public static final String RECEIVED = "received";
    public static final String RECURRING = "recurring";
    public static final String AWARDED = "awarded";
    public static final String STYLED = "styled";

    /** The horde tax, burned. */
    public static final String TAX = "tax";
    /** Treasury covering a debit below a user's floor, so that the full consumption is still recorded. */
    public static final String FLOOR_ADJUSTMENT = "floor_adjustment";
    /** A reward moving into (positive) or out of (negative, on release) a user's escrow account. */
    public static final String ESCROW = "escrow";
    /** Starting balances of system users. */
    public static final String BOOTSTRAP = "bootstrap";

    /** Worker kudos_details: generation rewards, uptime rewards, interrogation rewards. */
    public static final String GENERATED = "generated";
    public static final String UPTIME = "uptime";
    public static final String INTERROGATED = "interrogated";
    public static final List<String> WORKER_DETAILS = List.of(GENERATED, UPTIME, INTERROGATED);

    /** The {@code kudos_details} keys the AI Horde shows, in its order. */
    public static final List<String> PUBLIC_DETAILS =
            List.of(ACCUMULATED, GIFTED, DONATED, ADMIN, RECEIVED, RECURRING, AWARDED, STYLED);

    private KudosCategory() {
    }

    public static boolean isPublic(String category) {
        return PUBLIC_DETAILS.contains(category);
    }
}
