package org.openhorde.bench;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reads each setting once, so that a misspelt option is an error rather than a silently ignored default. */
final class OptionSettings {
    private final Map<String, String> given;

    OptionSettings(Map<String, String> given) {
        this.given = new LinkedHashMap<>(given);
    }

    String text(String key, String fallback) {
        String v = given.remove(key);
        return v == null ? fallback : v;
    }

    int integer(String key, int fallback, int min, int max) {
        String v = given.remove(key);
        if (v == null) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(v.strip());
            if (n < min || n > max) {
                throw new IllegalArgumentException("--" + key + " must be between " + min + " and " + max);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + key + " must be a whole number, not '" + v + "'");
        }
    }

    Duration seconds(String key, double fallback, double min) {
        String v = given.remove(key);
        double seconds = fallback;
        if (v != null) {
            try {
                seconds = Double.parseDouble(v.strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--" + key + " must be a number of seconds, not '" + v + "'");
            }
        }
        if (!(seconds >= min) || seconds > 86_400) {
            throw new IllegalArgumentException("--" + key + " must be between " + min + " and 86400 seconds");
        }
        return Duration.ofNanos(Math.round(seconds * 1e9));
    }

    void rejectUnknown() {
        if (!given.isEmpty()) {
            throw new IllegalArgumentException("unknown option(s): --" + String.join(", --", given.keySet()));
        }
    }
}
