package org.openhorde.gateway.domain;

import java.util.List;
import org.openhorde.contracts.HordeException;
import org.openhorde.contracts.Rc;

/**
 * The AI Horde's schema limits on a style body (its {@code validate=True} models): name 1–100, info 10–1000 on
 * create (1–1000 on modify), prompt at least 7 characters, tags 1–25 characters each. Ownership and the
 * {@code {p}}/{@code {np}} rules are job-service's ({@code StyleRules}).
 */
public final class StyleInputRules {

    /** job-service's bound on a collection (each member is looked up when it is saved). */
    static final int MAX_COLLECTION_STYLES = 50;

    private StyleInputRules() {
    }

    public static void check(StyleInput input, boolean creating) {
        if (input == null) {
            throw new HordeException(Rc.BadRequest, "A JSON body is required");
        }
        if (creating && (input.name() == null || input.prompt() == null)) {
            throw new HordeException(Rc.BadRequest, "'name' and 'prompt' are required.");
        }
        length("name", input.name(), 1, 100);
        length("info", input.info(), creating ? 10 : 1, 1000);
        length("prompt", input.prompt(), 7, 100_000);
        if (input.tags() != null) {
            input.tags().forEach(tag -> length("tags", tag, 1, 25));
        }
        if (input.models() != null) {
            input.models().forEach(model -> length("models", model, 1, 255));
        }
        // The key itself is checked against kudos-service (StyleRequests); here only its form.
        SharedKeyUse.styleKeyId(input.sharedkey());
    }

    public static void checkCollection(String name, String info, List<String> styles, boolean creating) {
        if (creating && name == null) {
            throw new HordeException(Rc.BadRequest, "'name' is required.");
        }
        length("name", name, 1, 100);
        length("info", info, 1, 1000);
        if (styles != null) {
            if (styles.size() > MAX_COLLECTION_STYLES) {
                throw new HordeException(Rc.BadRequest, "A collection can include at most " + MAX_COLLECTION_STYLES
                        + " styles.");
            }
            for (String style : styles) {
                if (style == null) {
                    throw new HordeException(Rc.BadRequest, "A collection's styles are style ids or names.");
                }
                length("styles", style, 1, 255);
            }
        }
    }

    private static void length(String field, String value, int min, int max) {
        if (value != null && (value.length() < min || value.length() > max)) {
            throw new HordeException(Rc.BadRequest, "'" + field + "' must be " + min + " to " + max
                    + " characters long.");
        }
    }
}
