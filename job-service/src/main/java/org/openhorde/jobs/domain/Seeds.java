package org.openhorde.jobs.domain;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.random.RandomGenerator;

/**
 * The seed a worker gets. As in the AI Horde, a decimal seed is used as is, any other text is hashed to a number
 * (here: its UTF-8 bytes read as a little-endian integer, so "cat" always gives the same image), and no seed gives a
 * random one. Seeds are folded below 2³² because that is what the workers' samplers accept.
 */
public final class Seeds {

    private static final BigInteger LIMIT = BigInteger.ONE.shiftLeft(32);

    private Seeds() {
    }

    /** A seed in {@code [0, 2³²)}. */
    public static long resolve(String seed, RandomGenerator random) {
        if (seed == null || seed.isEmpty()) {
            return random.nextLong(LIMIT.longValueExact());
        }
        BigInteger value = isDecimal(seed) ? new BigInteger(seed) : littleEndian(seed.getBytes(StandardCharsets.UTF_8));
        while (value.compareTo(LIMIT) >= 0) {
            value = value.shiftRight(32);
        }
        return value.longValueExact();
    }

    private static boolean isDecimal(String seed) {
        return seed.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    private static BigInteger littleEndian(byte[] bytes) {
        byte[] bigEndian = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            bigEndian[i] = bytes[bytes.length - 1 - i];
        }
        return new BigInteger(1, bigEndian);
    }
}
