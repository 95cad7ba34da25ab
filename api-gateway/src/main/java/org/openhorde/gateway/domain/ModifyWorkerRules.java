package org.openhorde.gateway.domain;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.openhorde.contracts.HordeException;
import org.openhorde.contracts.Rc;
import org.openhorde.contracts.internal.WorkerChange;

/**
 * What a worker change must satisfy before anybody is asked (AI Horde {@code ModifyWorkerInput}): something to
 * change, a name of 5–100 characters, info and maintenance message of at most 1000.
 */
public final class ModifyWorkerRules {

    public static final int MIN_NAME_LENGTH = 5;
    public static final int MAX_NAME_LENGTH = 100;
    public static final int MAX_INFO_LENGTH = 1000;

    private ModifyWorkerRules() {
    }

    /** The AI Horde's answer to a change: the fields that were changed, as they are now. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(description = "The fields that were changed, as they are now; the others are left out.")
    public record ModifiedWorker(
            @Schema(description = "Whether the worker is now in maintenance (serves only its owner).")
            Boolean maintenance,
            @Schema(description = "Whether the worker is now paused (a moderator's: it earns nothing).")
            Boolean paused,
            @Schema(description = "The worker's new info, at most 1000 characters.")
            String info,
            @Schema(description = "The worker's new name, 5 to 100 characters.")
            String name,
            @Schema(description = "The name of the team the worker joined; \"None\" when it left its team.")
            String team) {
    }

    public static void check(ModifyWorkerInput input) {
        if (input == null || (input.maintenance() == null && input.paused() == null && input.info() == null
                && input.name() == null && input.team() == null)) {
            throw new HordeException(Rc.NoWorkerModSelected, "No worker modification selected!");
        }
        PayloadErrors errors = new PayloadErrors();
        if (input.name() != null && input.name().strip().length() < MIN_NAME_LENGTH) {
            errors.add("name", "'" + input.name() + "' is too short");
        }
        if (input.info() != null && input.info().length() > MAX_INFO_LENGTH) {
            errors.add("info", "is longer than " + MAX_INFO_LENGTH + " characters");
        }
        if (input.maintenanceMsg() != null && input.maintenanceMsg().length() > MAX_INFO_LENGTH) {
            errors.add("maintenance_msg", "is longer than " + MAX_INFO_LENGTH + " characters");
        }
        // A team is a team id, or "" to leave one; anything else names no team.
        if (input.team() != null && !input.team().isBlank() && Uuids.parse(input.team().strip()).isEmpty()) {
            throw new HordeException(Rc.TeamNotFound, "Team with ID '" + input.team() + "' not found.");
        }
        errors.throwIfAny();
        if (input.name() != null && input.name().strip().length() > MAX_NAME_LENGTH) {
            throw new HordeException(Rc.TooLongWorkerName,
                    "Worker name is too long. Please use at most " + MAX_NAME_LENGTH + " characters.");
        }
    }

    public static WorkerChange toChange(ModifyWorkerInput input, long actorUserId, boolean actorModerator) {
        check(input);
        return new WorkerChange(actorUserId, actorModerator, input.maintenance(), input.maintenanceMsg(),
                input.paused(), input.info(), input.name() == null ? null : input.name().strip(),
                input.team() == null ? null : input.team().strip());
    }

    /** @param teamName the worker's team after the change; the AI Horde echoes "None" when it left one */
    public static ModifiedWorker echo(WorkerChange change, String teamName) {
        String team = change.team() == null ? null : change.team().isEmpty() ? "None" : teamName;
        return new ModifiedWorker(change.maintenance(), change.paused(), change.info(), change.name(), team);
    }
}
