package org.openhorde.contracts.economy;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Kudos are counted in exact hundredths ("centikudos", {@code long}) everywhere inside the horde; only the public
 * wire shows them as decimal kudos, as the AI Horde does.
 */
public final class Centikudos {

    public static final long PER_KUDO = 100;

    private Centikudos() {
    }

    public static long ofKudos(long wholeKudos) {
        return Math.multiplyExact(wholeKudos, PER_KUDO);
    }

    /** Parses a decimal kudos amount, rejecting more than two decimals rather than silently rounding money. */
    public static long ofKudos(BigDecimal kudos) {
        return kudos.movePointRight(2).setScale(0, RoundingMode.UNNECESSARY).longValueExact();
    }

    public static BigDecimal toKudos(long centikudos) {
        return BigDecimal.valueOf(centikudos, 2);
    }

    /** The AI Horde shows kudos as a JSON float (e.g. {@code 1000.0}). */
    public static double toWireKudos(long centikudos) {
        return centikudos / (double) PER_KUDO;
    }
}
