package org.openhorde.gateway.domain;

import java.math.BigDecimal;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.openhorde.contracts.HordeError;
import org.openhorde.contracts.HordeException;
import org.openhorde.contracts.Rc;

/**
 * Collects input failures the way the AI Horde's schema validation reports them ({@code field path -> message},
 * worded like JSON Schema), so that one 400 names every offending field. The {@code rc} is the first specific
 * AI Horde code met ({@code InvalidSize}, {@code BadCFGDecimals}, ...), else {@code BadRequest}.
 */
final class PayloadErrors {

    private static final String MESSAGE = "Input payload validation failed";

    private final Map<String, String> errors = new LinkedHashMap<>();
    private Rc rc = Rc.BadRequest;

    void add(String path, String message) {
        add(Rc.BadRequest, path, message);
    }

    void add(Rc code, String path, String message) {
        if (errors.putIfAbsent(path, message) == null && rc == Rc.BadRequest) {
            rc = code;
        }
    }

    void throwIfAny() {
        if (!errors.isEmpty()) {
            throw new HordeException(rc.httpStatus(),
                    new HordeError(MESSAGE, rc.wire(), Collections.unmodifiableMap(new LinkedHashMap<>(errors))));
        }
    }

    void required(String path) {
        add(path, "'" + leaf(path) + "' is a required property");
    }

    Integer integer(Rc code, String path, Integer value, int min, int max, Integer absent) {
        if (value == null) {
            return absent;
        }
        if (value < min) {
            add(code, path, value + " is less than the minimum of " + min);
        } else if (value > max) {
            add(code, path, value + " is greater than the maximum of " + max);
        }
        return value;
    }

    Integer integer(String path, Integer value, int min, int max, Integer absent) {
        return integer(Rc.BadRequest, path, value, min, max, absent);
    }

    /** A decimal knob; shown with at least one decimal, as the AI Horde's floats are. */
    BigDecimal decimal(String path, BigDecimal value, String min, String max, BigDecimal absent) {
        if (value == null) {
            return absent;
        }
        if (value.compareTo(new BigDecimal(min)) < 0) {
            add(path, value + " is less than the minimum of " + min);
        } else if (value.compareTo(new BigDecimal(max)) > 0) {
            add(path, value + " is greater than the maximum of " + max);
        }
        return asFloat(value);
    }

    String oneOf(String path, String value, Set<String> allowed, String absent) {
        if (value == null) {
            return absent;
        }
        if (!allowed.contains(value)) {
            add(path, "'" + value + "' is not one of " + quoted(new TreeSet<>(allowed)));
        }
        return value;
    }

    String length(String path, String value, int min, int max) {
        if (value != null && (value.length() < min || value.length() > max)) {
            add(path, "'" + value + "' must be " + min + " to " + max + " characters long");
        }
        return value;
    }

    <T> List<T> maxItems(Rc code, String path, List<T> values, int max) {
        if (values == null) {
            return List.of();
        }
        if (values.size() > max) {
            add(code, path, "too many items: " + values.size() + " given, at most " + max + " allowed");
        }
        return values;
    }

    /** Null entries are schema violations everywhere in the AI Horde's lists. */
    <T> boolean noNulls(String path, Collection<T> values) {
        if (values != null && values.stream().anyMatch(Objects::isNull)) {
            add(path, "None is not of the required type");
            return false;
        }
        return true;
    }

    /** An absent flag takes the AI Horde's default. */
    static boolean flag(Boolean value, boolean absent) {
        return value == null ? absent : value;
    }

    static BigDecimal asFloat(BigDecimal value) {
        return value.scale() < 1 ? value.setScale(1) : value;
    }

    private static String quoted(Collection<String> values) {
        return values.stream().map(v -> "'" + v + "'").toList().toString();
    }

    private static String leaf(String path) {
        return path.substring(path.lastIndexOf('.') + 1);
    }
}
