package org.openhorde.deploy;

import java.util.Map;
import java.util.TreeMap;

/**
 * What a test found wrong, grouped by class — what is wrong (e.g. {@code 5xx}) and with which kind of input (e.g.
 * {@code duplicate key}) — each class with the endpoints it happened on and up to three examples (endpoint, exact input,
 * status, short body), so that one run shows every hole at once and the report stays readable.
 */
final class Violations {

    private record Example(String endpoint, String detail, int status, String body) {
    }

    private static final class Group {
        final Map<String, Integer> endpoints = new TreeMap<>();
        final java.util.List<Example> examples = new java.util.ArrayList<>();
    }

    /** "problem | variant kind" → group. */
    private final Map<String, Group> groups = new TreeMap<>();
    private int count;
    /** Examples kept per class: enough to tell its different inputs apart. */
    private static final int EXAMPLES = 3;

    /**
     * @param endpoint e.g. {@code gateway GET /api/v2/workers/{id}}
     * @param detail   the variant, e.g. {@code body wrong type: params.width = "fuzz"}; its part before the first colon
     *                 is the kind of input that names the class
     */
    synchronized void add(String problem, String endpoint, String detail, int status, String body) {
        String kind = detail.contains(":") ? detail.substring(0, detail.indexOf(':')) : detail;
        Group group = groups.computeIfAbsent(problem + " | " + kind, k -> new Group());
        group.endpoints.merge(endpoint, 1, Integer::sum);
        count++;
        if (group.examples.size() < EXAMPLES) {
            group.examples.add(new Example(endpoint, detail, status, body == null ? "" : body));
        }
    }

    synchronized int count() {
        return count;
    }

    synchronized int classes() {
        return groups.size();
    }

    /** Every class: its count, its endpoints (with counts) and its examples. */
    synchronized String report() {
        StringBuilder text = new StringBuilder();
        groups.forEach((name, group) -> {
            int total = group.endpoints.values().stream().mapToInt(Integer::intValue).sum();
            text.append("== ").append(name).append(" ×").append(total).append(" on ")
                    .append(group.endpoints.size()).append(" endpoint(s)\n");
            for (Example example : group.examples) {
                text.append("   e.g. ").append(example.endpoint()).append(" — ").append(example.detail())
                        .append(" -> ").append(example.status()).append(' ').append(excerpt(example.body()))
                        .append('\n');
            }
            StringBuilder where = new StringBuilder();
            group.endpoints.forEach((endpoint, n) -> where.append(where.isEmpty() ? "" : "; ").append(endpoint)
                    .append(n > 1 ? " ×" + n : ""));
            text.append("   on: ").append(where).append('\n');
        });
        return text.toString();
    }

    private static String excerpt(String body) {
        String flat = body.replace("\u0000", "\\0").replaceAll("\\s+", " ").strip();
        return flat.length() > 160 ? flat.substring(0, 160) + "..." : flat.isEmpty() ? "(empty body)" : flat;
    }
}
