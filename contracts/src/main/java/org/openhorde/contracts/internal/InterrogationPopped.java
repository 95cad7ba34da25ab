package org.openhorde.contracts.internal;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The forms a pop handed out (possibly none); each is the worker's alone until submitted or given back. */
public record InterrogationPopped(List<Form> forms) {

    public record Form(UUID id, String form, Map<String, Object> payload, String sourceImageKey,
                       boolean postProcessor) {
    }
}
