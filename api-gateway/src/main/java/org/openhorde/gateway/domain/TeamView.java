package org.openhorde.gateway.domain;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.UUID;
import org.openhorde.contracts.HordeException;
import org.openhorde.contracts.Rc;
import org.openhorde.contracts.economy.Centikudos;
import org.openhorde.contracts.internal.TeamDetails;

/** The AI Horde's {@code TeamDetails}, and the shapes sent and answered on {@code /teams}. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TeamView(String name, String id, String info, long requestsFulfilled, double kudos, long uptime,
                       String creator, int workerCount, List<Worker> workers, List<Model> models,
                       double contributions, double performance, double speed) {

    public static final int MIN_NAME = 3;
    public static final int MAX_NAME = 100;
    public static final int MIN_INFO = 3;
    public static final int MAX_INFO = 1000;

    /** The AI Horde's {@code WorkerDetailsLite}. */
    public record Worker(String type, String name, String id, boolean online) {
    }

    public record Model(String name, long count) {
    }

    /** {@code POST /teams} and {@code PATCH /teams/{id}}: {@code TeamModify} answers with what was set. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Modified(String id, String name, String info) {
    }

    /** {@code DELETE /teams/{id}}. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Deleted(String deletedId, String deletedName) {
    }

    public record Input(String name, String info) {
    }

    /** @param kudos centikudos the team's workers earned */
    public static TeamView of(TeamDetails team, long kudos) {
        return new TeamView(team.name(), team.id().toString(), team.info(), team.requestsFulfilled(),
                Centikudos.toWireKudos(kudos), team.uptime(), team.ownerAlias(), team.workers().size(),
                team.workers().stream().map(w -> new Worker(w.type(), w.name(), w.id().toString(), w.online()))
                        .toList(),
                team.models().stream().map(m -> new Model(m.name(), m.count())).toList(),
                round(team.contributions()), round(team.performance()), round(team.speed()));
    }

    /** The AI Horde's {@code CreateTeamInput}: a name of 3–100 characters is required, info of 3–1000 is not. */
    public static void checkCreation(Input input) {
        PayloadErrors errors = new PayloadErrors();
        if (input == null || input.name() == null) {
            errors.add("name", "'name' is a required property");
            errors.throwIfAny();
        }
        checkFields(input, errors);
        errors.throwIfAny();
    }

    /** {@code ModifyTeamInput}: both optional; nothing to change is {@code NoTeamModSelected}. */
    public static void checkChange(Input input) {
        if (input == null || (input.name() == null && input.info() == null)) {
            throw new HordeException(Rc.NoTeamModSelected, "No team modification selected!");
        }
        PayloadErrors errors = new PayloadErrors();
        checkFields(input, errors);
        errors.throwIfAny();
    }

    private static void checkFields(Input input, PayloadErrors errors) {
        if (input.name() != null && (input.name().strip().length() < MIN_NAME
                || input.name().strip().length() > MAX_NAME)) {
            errors.add("name", "must be " + MIN_NAME + " to " + MAX_NAME + " characters long");
        }
        if (input.info() != null && (input.info().length() < MIN_INFO || input.info().length() > MAX_INFO)) {
            errors.add("info", "must be " + MIN_INFO + " to " + MAX_INFO + " characters long");
        }
    }

    /** A malformed id names no team: 404 {@code TeamNotFound}. */
    public static UUID teamId(String id) {
        return Uuids.parse(id).orElseThrow(() -> new HordeException(Rc.TeamNotFound,
                "Team with ID '" + id + "' not found."));
    }

    private static double round(double value) {
        return BigDecimal.valueOf(value).setScale(2, RoundingMode.HALF_UP).doubleValue();
    }
}
