package org.openhorde.jobs.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.openhorde.contracts.events.JobOutcome;

/** Pins how a worker's submit state becomes a job outcome. */
class SubmitStateTest {

    @Test
    void statesParseCaseInsensitivelyAndDefaultToOk() {
        assertEquals(Optional.of(SubmitState.OK), SubmitState.parse(null));
        assertEquals(Optional.of(SubmitState.CENSORED), SubmitState.parse("Censored"));
        assertEquals(Optional.of(SubmitState.CSAM), SubmitState.parse("csam"));
        assertTrue(SubmitState.parse("done").isEmpty());
    }

    @Test
    void okDeliversUnlessTheObsoleteFlagCensors() {
        assertEquals(Optional.of(JobOutcome.DELIVERED), SubmitState.OK.outcome(false));
        assertEquals(Optional.of(JobOutcome.CENSORED), SubmitState.OK.outcome(true));
    }

    @Test
    void censoredAndCsamAreCensoredAndFaultedRequeues() {
        assertEquals(Optional.of(JobOutcome.CENSORED), SubmitState.CENSORED.outcome(false));
        assertEquals(Optional.of(JobOutcome.CENSORED), SubmitState.CSAM.outcome(false));
        assertTrue(SubmitState.FAULTED.outcome(false).isEmpty());
    }
}
