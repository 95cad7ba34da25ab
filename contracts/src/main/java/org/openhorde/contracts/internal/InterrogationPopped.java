package org.openhorde.contracts.internal;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The forms a pop handed out (possibly none); each is the worker's alone until submitted or given back.
 *
 * @param skipped when none: the waiting forms this worker could not take, by reason (the AI Horde's {@code skipped})
 */
public record InterrogationPopped(List<Form> forms, Map<String, Integer> skipped) {

    public record Form(UUID id, String form, Map<String, Object> payload, String sourceImageKey,
                       boolean postProcessor) {
    }
}
