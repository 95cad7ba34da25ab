package org.openhorde.bench;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Errors by operation and code ("pop 503 ServiceUnavailable", "check ConnectException"), counted across threads. */
final class ErrorTally {

    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

    void add(String operation, Http1.Response response) {
        String rc = "";
        String body = response.text();
        int at = body.indexOf("\"rc\"");
        if (at >= 0) {
            int open = body.indexOf('"', body.indexOf(':', at) + 1);
            int close = open < 0 ? -1 : body.indexOf('"', open + 1);
            if (close > open) {
                rc = " " + body.substring(open + 1, close);
            }
        }
        add(operation + " " + response.status() + rc);
    }

    void add(String operation, Exception failure) {
        add(operation + " " + failure.getClass().getSimpleName());
    }

    void add(String code) {
        counts.computeIfAbsent(code, k -> new LongAdder()).increment();
    }

    long total() {
        return counts.values().stream().mapToLong(LongAdder::sum).sum();
    }

    Report.Errors snapshot() {
        Map<String, Long> byCode = new TreeMap<>();
        counts.forEach((k, v) -> byCode.put(k, v.sum()));
        return new Report.Errors(total(), byCode);
    }
}
