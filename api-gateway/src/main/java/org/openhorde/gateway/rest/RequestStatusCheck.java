package org.openhorde.gateway.rest;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.openhorde.contracts.economy.Centikudos;
import org.openhorde.contracts.internal.RequestEstimate;
import org.openhorde.gateway.domain.RequestProgress;

/**
 * {@code GET /generate/check/{id}} (the AI Horde's {@code RequestStatusCheck}). {@code restarted} counts how often
 * jobs were given back to the queue (each shows as waiting again). {@code wait_time}, {@code queue_position} and
 * {@code is_possible} come from job-service's queue snapshot (docs/decisions/0011-queue-insight.md); without one they are 0, 0, true.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@Schema(description = "The progress of a request.")
public record RequestStatusCheck(
        @Schema(description = "Jobs finished.")
        int finished,
        @Schema(description = "Jobs being generated now.")
        int processing,
        @Schema(description = "How often jobs were given back to the queue (each shows as waiting again).")
        int restarted,
        @Schema(description = "Jobs waiting for a worker.")
        int waiting,
        @Schema(description = "True when the request is finished.")
        boolean done,
        @Schema(description = "True when the request faulted.")
        boolean faulted,
        @Schema(description = "The expected seconds to finish; 0 when done or unknown.")
        int waitTime,
        @Schema(description = "The request's position in the queue; 0 when no job waits.")
        int queuePosition,
        @Schema(description = "The kudos consumed so far.")
        double kudos,
        // Named explicitly: Jackson would otherwise read "is" as a boolean getter prefix.
        @Schema(description = "False when no worker on the horde can serve this request.")
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
