package org.openhorde.interrogations.domain;

import java.util.Collection;

/** A form's state, as the AI Horde names it, and the overall state of an interrogation derived from its forms. */
public enum FormState {
    WAITING, PROCESSING, DONE, CANCELLED, FAULTED;

    public String wire() {
        return name().toLowerCase();
    }

    public static FormState of(String wire) {
        return valueOf(wire.toUpperCase());
    }

    /**
     * The AI Horde's rule: all faulted → faulted; all done → done; any processing → processing; any waiting →
     * waiting; otherwise (a mix of done, cancelled and faulted) → partial.
     */
    public static String overall(Collection<FormState> forms) {
        if (!forms.isEmpty() && forms.stream().allMatch(s -> s == FAULTED)) {
            return "faulted";
        }
        if (forms.stream().allMatch(s -> s == DONE)) {
            return "done";
        }
        if (forms.contains(PROCESSING)) {
            return "processing";
        }
        if (forms.contains(WAITING)) {
            return "waiting";
        }
        return "partial";
    }
}
