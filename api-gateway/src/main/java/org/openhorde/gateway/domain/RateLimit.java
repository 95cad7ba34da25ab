package org.openhorde.gateway.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One of the AI Horde's rate limits ("2 per 1 second" keyed by IP and path...), as a token bucket: {@code count}
 * tokens at most, refilled at {@code count} per {@code period}. Written in configuration as
 * {@code <count>/<second|minute|hour|day>@<scope>}, several separated by commas, e.g.
 * {@code 90/minute@ip-path,2/second@ip-path,2/second@apikey-path,60/second@anonymous-apikey-path}.
 */
public record RateLimit(int count, long periodMillis, Scope scope) {

    /** Whose requests share one bucket. */
    public enum Scope {
        /** One client IP on one endpoint, whatever the ids in its path (flask-limiter's default key). */
        IP("ip"),
        /** One client IP on one method and exact path, ids included (the AI Horde's {@code ip@METHOD@path}). */
        IP_PATH("ip-path"),
        /** One registered API key on one method and exact path (the AI Horde's {@code apikey@METHOD@path}). */
        APIKEY_PATH("apikey-path"),
        /** As {@link #APIKEY_PATH}, for the anonymous key only (the AI Horde gives it 60/s where users get 2/s). */
        ANONYMOUS_APIKEY_PATH("anonymous-apikey-path");

        private final String written;

        Scope(String written) {
            this.written = written;
        }

        public String written() {
            return written;
        }

        static Scope parse(String written) {
            for (Scope scope : values()) {
                if (scope.written.equals(written)) {
                    return scope;
                }
            }
            throw new IllegalArgumentException("unknown rate-limit scope '" + written + "' (ip, ip-path, apikey-path, "
                    + "anonymous-apikey-path)");
        }
    }

    public RateLimit {
        if (count < 1 || periodMillis < 1) {
            throw new IllegalArgumentException("a rate limit needs a positive count and period");
        }
    }

    /** Parses a comma-separated list; blank means no limit of its own. A typo fails the gateway's start. */
    public static List<RateLimit> parseAll(String spec) {
        List<RateLimit> limits = new ArrayList<>();
        if (spec == null || spec.isBlank()) {
            return limits;
        }
        for (String one : spec.split(",")) {
            limits.add(parse(one.strip()));
        }
        return List.copyOf(limits);
    }

    public static RateLimit parse(String one) {
        String[] rateAndScope = one.split("@", 2);
        String[] countAndUnit = rateAndScope[0].strip().split("/", 2);
        if (rateAndScope.length != 2 || countAndUnit.length != 2) {
            throw new IllegalArgumentException("a rate limit is written <count>/<unit>@<scope>, not '" + one + "'");
        }
        int count;
        try {
            count = Integer.parseInt(countAndUnit[0].strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("a rate limit's count must be a whole number: '" + one + "'");
        }
        long period = switch (countAndUnit[1].strip().toLowerCase(Locale.ROOT)) {
            case "second" -> 1_000L;
            case "minute" -> 60_000L;
            case "hour" -> 3_600_000L;
            case "day" -> 86_400_000L;
            default -> throw new IllegalArgumentException("a rate limit's unit is second, minute, hour or day: '"
                    + one + "'");
        };
        return new RateLimit(count, period, Scope.parse(rateAndScope[1].strip()));
    }

    /** The words flask-limiter answers a 429 with, e.g. "2 per 1 second". */
    public String describe() {
        String unit = periodMillis == 1_000L ? "second" : periodMillis == 60_000L ? "minute"
                : periodMillis == 3_600_000L ? "hour" : "day";
        return count + " per 1 " + unit;
    }
}
