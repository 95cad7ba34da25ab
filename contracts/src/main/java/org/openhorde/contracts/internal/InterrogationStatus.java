package org.openhorde.contracts.internal;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * An interrogation's state and its forms' states and results, as the AI Horde's status answer carries them.
 *
 * @param state overall: {@code faulted} when all forms faulted, {@code done} when all are done, else
 *              {@code processing} / {@code waiting} when any form is, else {@code partial}
 * @param requesterUserId for the gateway, which gives the requester's concurrency slots back (never shown)
 */
public record InterrogationStatus(UUID id, long requesterUserId, String state, List<FormStatus> forms) {

    /**
     * @param result null until done; a post-processor's value {@code "R2"} stands for its uploaded image, which the
     *               gateway turns into a presigned download URL of {@code id}
     */
    public record FormStatus(UUID id, String form, String state, Map<String, Object> result) {
    }
}
