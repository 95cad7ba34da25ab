package org.openhorde.contracts.events;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A worker popped interrogation forms: written to interrogation-service's outbox in the pop's transaction. The gateway
 * signs the pop's URLs itself (decision 0046), so this is how storage-service still hears of a pop: it keeps the
 * popped forms' source images {@code retention} longer and records each post-processor's image key for its retention
 * sweep, as the internal URL calls of the pop used to.
 *
 * @param workerId the worker that popped them (the record key: one worker's pops stay in order)
 */
public record InterrogationFormsPopped(
        UUID eventId,
        String type,
        int version,
        Instant occurredAt,
        UUID workerId,
        List<Form> forms) implements HordeEvent {

    public static final String TYPE = "InterrogationFormsPopped";
    public static final int VERSION = 1;

    /**
     * @param sourceImageKey the interrogation's source image in the sources bucket
     * @param postProcessor  whether the worker uploads an image for it (to the generation key of {@code formId})
     */
    public record Form(UUID formId, UUID interrogationId, String sourceImageKey, boolean postProcessor) {
    }

    public static InterrogationFormsPopped of(UUID workerId, List<Form> forms) {
        return new InterrogationFormsPopped(UUID.randomUUID(), TYPE, VERSION, Instant.now(), workerId,
                List.copyOf(forms));
    }

    @Override
    public String aggregateKey() {
        return workerId.toString();
    }
}
