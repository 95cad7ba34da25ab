package org.openhorde.jobs.domain;

import java.util.HashSet;
import java.util.Objects;
import java.util.Optional;
import org.openhorde.contracts.events.JobSubmitted;

/**
 * What a {@link JobSubmitted} must carry to become a waiting request. The gateway validated the request; an event
 * failing this is a bug upstream, and queueing it would only hand workers jobs they cannot run.
 */
public final class IntakeRules {

    private IntakeRules() {
    }

    /** Why the event cannot be queued, or empty when it can. */
    public static Optional<String> problem(JobSubmitted event) {
        if (event.eventId() == null || event.requestId() == null) {
            return Optional.of("no event or request id");
        }
        if (event.occurredAt() == null) {
            // Every consumer orders and expires by it (the gateway's read model would fail on it, holding its
            // partition): an event without it must not reach the topic from the direct intake.
            return Optional.of("no occurredAt");
        }
        if (event.requester() == null || event.requester().alias() == null) {
            return Optional.of("no requester");
        }
        Optional<String> specProblem = event.text() ? textProblem(event) : imageProblem(event);
        if (specProblem.isPresent()) {
            return specProblem;
        }
        if (event.jobIds() == null || event.jobIds().isEmpty() || event.jobIds().stream().anyMatch(Objects::isNull)) {
            return Optional.of("no job ids");
        }
        if (new HashSet<>(event.jobIds()).size() != event.jobIds().size()) {
            return Optional.of("duplicate job ids");
        }
        return Optional.empty();
    }

    private static Optional<String> imageProblem(JobSubmitted event) {
        if (event.spec() == null || event.spec().params() == null) {
            return Optional.of("no spec or params");
        }
        if (event.spec().models() != null && event.spec().models().stream().anyMatch(Objects::isNull)) {
            return Optional.of("a null model name");
        }
        if (event.spec().params().width() < 1 || event.spec().params().height() < 1) {
            return Optional.of("no image size");
        }
        return Optional.empty();
    }

    /** A text request: its lengths are what matching compares with a scribe's, so they must be there and sane. */
    private static Optional<String> textProblem(JobSubmitted event) {
        if (event.spec() != null) {
            return Optional.of("both an image and a text spec");
        }
        if (event.textSpec().params() == null || event.textSpec().prompt() == null) {
            return Optional.of("no text prompt or params");
        }
        if (event.textSpec().models() != null && event.textSpec().models().stream().anyMatch(Objects::isNull)) {
            return Optional.of("a null model name");
        }
        if (event.textSpec().params().maxLength() < 1
                || event.textSpec().params().maxContextLength() < event.textSpec().params().maxLength()) {
            return Optional.of("no sane max_length and max_context_length");
        }
        return Optional.empty();
    }
}
