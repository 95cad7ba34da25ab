package org.openhorde.jobs.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openhorde.contracts.events.ImageParams;
import org.openhorde.contracts.events.ImageRequestSpec;
import org.openhorde.contracts.events.JobSubmitted;
import org.openhorde.contracts.events.Requester;

/** Pins which submitted-request events the queue refuses. */
class IntakeRulesTest {

    private static final Requester REQUESTER = new Requester(5, "r#5", false, false, 100);

    private static ImageRequestSpec spec(int width, List<String> models) {
        ImageParams params = new ImageParams("k_euler", BigDecimal.valueOf(7), null, null, width, 512, 20, 1, null,
                null, false, false, false, null, null, null, null, null, null, false, false, false);
        return new ImageRequestSpec("p", params, models, false, false, false, false, List.of(), false, true, false,
                null, null, null, false, false, false, null);
    }

    private static JobSubmitted event(Requester requester, ImageRequestSpec spec, List<UUID> jobIds) {
        return new JobSubmitted(UUID.randomUUID(), JobSubmitted.TYPE, 1, java.time.Instant.now(), UUID.randomUUID(),
                requester, spec,
                jobIds, 100, 300, false, "test:1:x");
    }

    @Test
    void aCompleteEventIsQueued() {
        assertEquals(Optional.empty(), IntakeRules.problem(event(REQUESTER, spec(512, List.of()), List.of(UUID.randomUUID()))));
    }

    @Test
    void incompleteEventsAreRefused() {
        UUID job = UUID.randomUUID();
        assertTrue(IntakeRules.problem(event(null, spec(512, List.of()), List.of(job))).isPresent());
        assertTrue(IntakeRules.problem(event(REQUESTER, null, List.of(job))).isPresent());
        JobSubmitted complete = event(REQUESTER, spec(512, List.of()), List.of(job));
        assertTrue(IntakeRules.problem(new JobSubmitted(complete.eventId(), complete.type(), complete.version(), null,
                complete.requestId(), complete.requester(), complete.spec(), complete.jobIds(),
                complete.pricePerImage(), complete.taxPerImage(), complete.shared(), complete.clientAgent()))
                .isPresent(), "no occurredAt");
        assertTrue(IntakeRules.problem(event(REQUESTER, spec(0, List.of()), List.of(job))).isPresent());
        assertTrue(IntakeRules.problem(event(REQUESTER, spec(512, Arrays.asList("m", null)), List.of(job))).isPresent());
        assertTrue(IntakeRules.problem(event(REQUESTER, spec(512, List.of()), List.of())).isPresent());
        assertTrue(IntakeRules.problem(event(REQUESTER, spec(512, List.of()), Arrays.asList(job, null))).isPresent());
        assertEquals(Optional.of("duplicate job ids"),
                IntakeRules.problem(event(REQUESTER, spec(512, List.of()), List.of(job, job))));
    }
}
