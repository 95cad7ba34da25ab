package org.openhorde.jobs.domain;

import java.util.Locale;
import java.util.Optional;
import org.openhorde.contracts.events.JobOutcome;

/** The {@code state} a worker submits a generation with (AI Horde: ok, censored, faulted, csam; default ok). */
public enum SubmitState {
    OK,
    CENSORED,
    FAULTED,
    CSAM;

    /** Empty for a state the AI Horde does not know. A missing state is the AI Horde's default, {@code ok}. */
    public static Optional<SubmitState> parse(String wire) {
        if (wire == null) {
            return Optional.of(OK);
        }
        return switch (wire.toLowerCase(Locale.ROOT)) {
            case "ok" -> Optional.of(OK);
            case "censored" -> Optional.of(CENSORED);
            case "faulted" -> Optional.of(FAULTED);
            case "csam" -> Optional.of(CSAM);
            default -> Optional.empty();
        };
    }

    /**
     * How the job ends; empty for {@link #FAULTED}, which puts the job back in the queue. The obsolete
     * {@code censored} flag still censors an {@code ok} submission, as older workers send it that way.
     */
    public Optional<JobOutcome> outcome(boolean censoredFlag) {
        return switch (this) {
            case OK -> Optional.of(censoredFlag ? JobOutcome.CENSORED : JobOutcome.DELIVERED);
            case CENSORED, CSAM -> Optional.of(JobOutcome.CENSORED);
            case FAULTED -> Optional.empty();
        };
    }
}
