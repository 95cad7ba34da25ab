package org.openhorde.storage.service;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import org.openhorde.contracts.events.JobSubmitted;
import org.openhorde.kit.inbox.InboxRepository;
import org.openhorde.storage.config.StorageConfig;
import org.openhorde.storage.domain.RequesterProfile;
import org.openhorde.storage.domain.UserType;
import org.openhorde.storage.repository.RequestRepository;
import org.openhorde.storage.repository.RetainedObjectRepository;

/**
 * Records each accepted request's requester snapshot (for the sidecars of its shared images) and keeps its sources
 * from the moment it is queued. Exactly once per event (inbox).
 */
@ApplicationScoped
public class RequestIntake {

    private final Pool pool;
    private final InboxRepository inbox;
    private final RequestRepository requests;
    private final RetainedObjectRepository retained;
    private final StorageConfig config;

    RequestIntake(Pool pool, InboxRepository inbox, RequestRepository requests, RetainedObjectRepository retained,
                  StorageConfig config) {
        this.pool = pool;
        this.inbox = inbox;
        this.requests = requests;
        this.retained = retained;
        this.config = config;
    }

    /** Returns false for an event that was recorded before. */
    public Uni<Boolean> record(JobSubmitted event, String topic) {
        RequesterProfile profile = new RequesterProfile(UserType.of(event.requester()),
                event.requester().imagesRequested(), event.occurredAt());
        return pool.withTransaction(conn -> inbox.claim(conn, event.eventId(), topic, "recorded")
                .call(fresh -> !fresh ? Uni.createFrom().voidItem()
                        : requests.record(conn, event.requestId(), profile, config.retention())
                                .chain(() -> retained.touchRequest(conn, event.requestId(), config.retention()))));
    }
}
