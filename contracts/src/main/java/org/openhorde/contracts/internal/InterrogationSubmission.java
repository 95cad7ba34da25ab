package org.openhorde.contracts.internal;

import java.util.Map;
import java.util.UUID;

/**
 * Gateway → interrogation-service: a worker delivers (state {@code ok}) or gives up ({@code faulted}) a form.

 *
 * @param ownerUserId the submitting key's user: only the owner of the worker that popped the form may submit it
 */
public record InterrogationSubmission(UUID formId, long ownerUserId, Map<String, Object> result, String state) {
}
