package org.openhorde.jobs.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.openhorde.contracts.HordeException;
import org.openhorde.contracts.Rc;
import org.openhorde.contracts.internal.WorkerMessage;
import org.openhorde.contracts.internal.WorkerMessagePost;

/**
 * The AI Horde's worker message rules: moderators write to any worker (or, without a worker, to all of them) and
 * sign as they like; a worker's owner writes only to their own workers and signs with their user id. A message
 * belongs to the addressed worker's owner, who lists and deletes it.
 */
public final class WorkerMessageRules {

    /** The AI Horde's page of messages. */
    public static final int PAGE_SIZE = 50;
    /** The signature of a moderator who gives none. */
    public static final String MODERATORS = "Horde Moderators";

    private WorkerMessageRules() {
    }

    /**
     * The message to store for {@code post}.
     *
     * @param workerOwner the owner of the addressed worker; empty when the message is for every worker
     */
    public static WorkerMessage message(WorkerMessagePost post, Optional<Long> workerOwner, UUID id, Instant now) {
        if (!post.actorModerator()) {
            if (workerOwner.isEmpty()) {
                throw new HordeException(Rc.MessagesOnlyOwnWorkers,
                        "Only moderators may message every worker; name one of your own workers.");
            }
            if (workerOwner.get() != post.actorUserId()) {
                throw new HordeException(Rc.MessagesOnlyOwnWorkers, "You can only send messages to your own workers.");
            }
        }
        String origin = post.actorModerator()
                ? post.origin() == null || post.origin().isBlank() ? MODERATORS : post.origin()
                : Long.toString(post.actorUserId());
        long owner = workerOwner.orElse(post.actorUserId());
        return new WorkerMessage(id, post.workerId(), owner, post.message(), origin,
                now.plus(Duration.ofHours(post.expiryHours())), now);
    }

    /** The unexpired messages to {@code workerId} or to every worker, oldest first. */
    public static List<WorkerMessage> activeFor(List<WorkerMessage> active, UUID workerId, Instant now) {
        return active.stream()
                .filter(message -> message.workerId() == null || message.workerId().equals(workerId))
                .filter(message -> message.expiry().isAfter(now))
                .toList();
    }
}
