package org.openhorde.jobs.service;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.openhorde.contracts.HordeException;
import org.openhorde.contracts.Rc;
import org.openhorde.contracts.internal.WorkerMessage;
import org.openhorde.contracts.internal.WorkerMessagePost;
import org.openhorde.jobs.config.JobsConfig;
import org.openhorde.jobs.domain.WorkerMessageRules;
import org.openhorde.jobs.repository.WorkerMessageRepository;
import org.openhorde.jobs.repository.WorkerRepository;

/**
 * Messages to workers' owners (the AI Horde's {@code /workers/messages}): who may send, read and delete them, and the
 * active ones every pop shows its worker, from a snapshot refreshed every {@link JobsConfig#workerMessagesRefresh()}.
 */
@ApplicationScoped
public class WorkerMessages {

    private final Pool pool;
    private final WorkerMessageRepository messages;
    private final WorkerRepository workers;
    private final Duration refresh;

    private volatile Snapshot snapshot = new Snapshot(List.of(), Instant.EPOCH);

    private record Snapshot(List<WorkerMessage> active, Instant readAt) {
    }

    WorkerMessages(Pool pool, WorkerMessageRepository messages, WorkerRepository workers, JobsConfig config) {
        this.pool = pool;
        this.messages = messages;
        this.workers = workers;
        this.refresh = config.workerMessagesRefresh();
    }

    /** Sends a message; a non-moderator only to their own worker, and always signed with their user id. */
    public Uni<WorkerMessage> send(WorkerMessagePost post) {
        Uni<Optional<Long>> owner = post.workerId() == null ? Uni.createFrom().item(Optional.empty())
                : workers.lockOwner(pool, post.workerId()).map(found -> {
                    if (found.isEmpty()) {
                        throw new HordeException(Rc.WorkerNotFound,
                                "Worker with ID '" + post.workerId() + "' not found.");
                    }
                    return found;
                });
        return owner.flatMap(workerOwner -> {
            WorkerMessage message = WorkerMessageRules.message(post, workerOwner, UUID.randomUUID(), Instant.now());
            return messages.create(pool, message);
        }).invoke(() -> snapshot = new Snapshot(List.of(), Instant.EPOCH));
    }

    public Uni<WorkerMessage> get(UUID id) {
        return messages.find(pool, id).map(found -> found.orElseThrow(() -> notFound(id.toString())));
    }

    /** Deletes a message for the user it belongs to, or a moderator. */
    public Uni<Void> delete(UUID id, long actorUserId, boolean actorModerator) {
        return get(id).flatMap(message -> {
            if (message.userId() != actorUserId && !actorModerator) {
                throw new HordeException(Rc.Forbidden, "You can only delete your own messages.");
            }
            return messages.delete(pool, id);
        }).invoke(() -> snapshot = new Snapshot(List.of(), Instant.EPOCH));
    }

    public Uni<List<WorkerMessage>> list(Long userId, UUID workerId, String validity, int page) {
        return messages.list(pool, userId, workerId, validity, Math.max(0, page), WorkerMessageRules.PAGE_SIZE);
    }

    /** The messages a pop of {@code workerId} shows: those to it and those to every worker, still unexpired. */
    public Uni<List<WorkerMessage>> activeFor(UUID workerId) {
        Snapshot current = snapshot;
        Instant now = Instant.now();
        Uni<Snapshot> fresh = current.readAt().plus(refresh).isAfter(now) ? Uni.createFrom().item(current)
                : messages.active(pool).map(active -> {
                    Snapshot read = new Snapshot(active, now);
                    snapshot = read;
                    return read;
                });
        return fresh.map(read -> WorkerMessageRules.activeFor(read.active(), workerId, Instant.now()));
    }

    static HordeException notFound(String id) {
        return new HordeException(Rc.ThingNotFound, "WorkerMessage with ID '" + id + "' not found.");
    }
}
