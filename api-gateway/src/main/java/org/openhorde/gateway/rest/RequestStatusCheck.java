package org.openhorde.gateway.rest;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import org.openhorde.contracts.economy.Centikudos;
import org.openhorde.gateway.domain.RequestProgress;

/**
 * {@code GET /generate/check/{id}} (the AI Horde's {@code RequestStatusCheck}). {@code restarted} counts how often
 * jobs were given back to the queue (each shows as waiting again). {@code wait_time}, {@code queue_position} and {@code is_possible} are not
 * computed yet (0, 0, true).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record RequestStatusCheck(int finished, int processing, int restarted, int waiting, boolean done,
                                 boolean faulted, int waitTime, int queuePosition, double kudos,
                                 // Named explicitly: Jackson would otherwise read "is" as a boolean getter prefix.
                                 @JsonProperty("is_possible") boolean isPossible) {

    static RequestStatusCheck of(RequestProgress progress) {
        return new RequestStatusCheck(progress.finished(), progress.processing(), progress.restarted(), progress.waiting(),
                progress.done(), progress.faulted(), 0, 0, Centikudos.toWireKudos(progress.consumed()), true);
    }
}
