package org.openhorde.storage.service;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.openhorde.contracts.ObjectKeys;
import org.openhorde.contracts.events.JobSubmitted;
import org.openhorde.kit.inbox.InboxRepository;
import org.openhorde.storage.config.StorageConfig;
import org.openhorde.storage.domain.RequesterProfile;
import org.openhorde.storage.domain.UserType;
import org.openhorde.storage.repository.RequestRepository;
import org.openhorde.storage.repository.RetainedObjectRepository;

/**
 * Records each accepted request's requester snapshot (for the sidecars of its shared images), records the object keys
 * of all its images for the retention sweep, and keeps its sources from the moment it is queued. Exactly once per
 * event (inbox).
 *
 * <p>The gateway signs a pop's URLs itself, so nothing tells this service when a request is popped: everything a worker
 * may write or read is kept {@code retention} from the request's arrival, which must outlast the request's time to
 * live (job-service's {@code request-ttl}, 20 min, against 30 min) so that no source is swept while the request can
 * still be popped. A delivered image is kept {@code retention} from its delivery (JobCompleted).
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
                                // Every image the request may get, recorded before a worker can upload it: the
                                // gateway signs the upload URLs itself at pop (decision 0018).
                                .chain(() -> retained.keep(conn, config.buckets().generations(), generationKeys(event),
                                        event.requestId(), event.jobIds(), config.retention()))
                                .chain(() -> retained.touchRequest(conn, event.requestId(), config.retention()))));
    }

    private static List<String> generationKeys(JobSubmitted event) {
        return event.jobIds() == null ? List.of() : event.jobIds().stream().map(ObjectKeys::generation).toList();
    }
}
