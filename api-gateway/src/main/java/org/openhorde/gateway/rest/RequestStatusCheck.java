package org.openhorde.gateway.rest;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import org.openhorde.contracts.economy.Centikudos;
import org.openhorde.contracts.internal.RequestEstimate;
import org.openhorde.gateway.domain.RequestProgress;

/**
 * {@code GET /generate/check/{id}} (the AI Horde's {@code RequestStatusCheck}). {@code restarted} counts how often
 * jobs were given back to the queue (each shows as waiting again). {@code wait_time}, {@code queue_position} and
 * {@code is_possible} come from job-service's queue snapshot (docs/decisions/0011-queue-insight.md); without one they are 0, 0, true.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record RequestStatusCheck(int finished, int processing, int restarted, int waiting, boolean done,
                                 boolean faulted, int waitTime, int queuePosition, double kudos,
                                 // Named explicitly: Jackson would otherwise read "is" as a boolean getter prefix.
                                 @JsonProperty("is_possible") boolean isPossible) {

    static RequestStatusCheck of(RequestProgress progress, RequestEstimate estimate) {
        boolean open = !progress.done() && estimate.known();
        int queuePosition = open && progress.waiting() > 0 ? estimate.queuePosition() : 0;
        int waitTime = open ? estimate.waitTime() : 0;
        // As in the AI Horde: a request a worker is already generating for is possible, whatever the snapshot says.
        boolean possible = !open || estimate.possible() || progress.processing() > 0;
        return new RequestStatusCheck(progress.finished(), progress.processing(), progress.restarted(),
                progress.waiting(), progress.done(), progress.faulted(), waitTime, queuePosition,
                Centikudos.toWireKudos(progress.consumed()), possible);
    }
}
