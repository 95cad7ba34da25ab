package org.openhorde.jobs.domain;

/**
 * A style or collection named the AI Horde's ways ({@code database.get_style_by_name}): {@code name},
 * {@code style::name} / {@code collection::name}, {@code alias::name}, or {@code kind::alias::name}.
 *
 * @param kind       {@code style}, {@code collection}, or null for either
 * @param ownerAlias the owner's {@code username#id}, or null for anyone's
 */
public record StyleReference(String kind, String ownerAlias, String name) {

    public static StyleReference parse(String reference) {
        String[] parts = reference.split("::", -1);
        if (parts.length >= 3) {
            return new StyleReference(kindOf(parts[0]), parts[1], parts[2]);
        }
        if (parts.length == 2) {
            String kind = kindOf(parts[0]);
            return kind != null ? new StyleReference(kind, null, parts[1]) : new StyleReference(null, parts[0], parts[1]);
        }
        return new StyleReference(null, null, reference);
    }

    private static String kindOf(String prefix) {
        return prefix.equals("style") || prefix.equals("collection") ? prefix : null;
    }

    public boolean mayBeStyle() {
        return kind == null || kind.equals("style");
    }

    public boolean mayBeCollection() {
        return kind == null || kind.equals("collection");
    }
}
