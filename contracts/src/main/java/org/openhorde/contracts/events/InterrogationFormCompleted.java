package org.openhorde.contracts.events;

import java.time.Instant;
import java.util.UUID;

/**
 * An interrogation form was settled: delivered by its worker, or cancelled by its requester while a worker had it
 * (the AI Horde pays the worker for that, too). Forms that fault, expire, are cancelled while waiting or come from the
 * result cache move no kudos and emit no event.
 *
 * <p>kudos-service pays {@code kudos} from the requester to the worker's owner and burns {@code tax} more from the
 * requester, once per form (the ledger event id derives from {@code formId}).
 *
 * @param outcome {@code done} or {@code cancelled}
 * @param kudos   the form's worth in centikudos (1, 3, or 3 × tiles whole kudos)
 * @param tax     the horde tax in centikudos the requester pays on top (1 kudos, +1 with {@code slow_workers})
 */
public record InterrogationFormCompleted(
        UUID eventId,
        String type,
        int version,
        Instant occurredAt,
        UUID formId,
        UUID interrogationId,
        String form,
        String outcome,
        long requesterUserId,
        WorkerRef worker,
        long kudos,
        long tax) implements HordeEvent {

    public static final String TYPE = "InterrogationFormCompleted";
    public static final int VERSION = 1;

    public static InterrogationFormCompleted of(UUID formId, UUID interrogationId, String form, String outcome,
                                                long requesterUserId, WorkerRef worker, long kudos, long tax) {
        return new InterrogationFormCompleted(UUID.randomUUID(), TYPE, VERSION, Instant.now(), formId,
                interrogationId, form, outcome, requesterUserId, worker, kudos, tax);
    }

    @Override
    public String aggregateKey() {
        return interrogationId.toString();
    }
}
