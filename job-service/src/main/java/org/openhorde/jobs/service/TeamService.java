package org.openhorde.jobs.service;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;
import org.openhorde.contracts.HordeException;
import org.openhorde.contracts.Rc;
import org.openhorde.contracts.internal.TeamDetails;
import org.openhorde.contracts.internal.TeamInput;
import org.openhorde.jobs.config.JobsConfig;
import org.openhorde.jobs.domain.TeamFigures;
import org.openhorde.jobs.domain.TeamFigures.Team;
import org.openhorde.jobs.repository.TeamRepository;

/**
 * Teams of workers (AI Horde {@code /teams}): the gateway decided who may create one (trusted users); here the
 * owner-or-moderator rule for changes and deletion, unique names, and the figures of the team's current workers.
 */
@ApplicationScoped
public class TeamService {

    public static final int MIN_NAME = 3;
    public static final int MAX_NAME = 100;
    public static final int MIN_INFO = 3;
    public static final int MAX_INFO = 1000;
    /** The column's width (V16_1): a username of at most 100 characters, '#', and the id. */
    static final int MAX_ALIAS = 200;

    private final Pool pool;
    private final TeamRepository teams;
    private final JobsConfig config;

    TeamService(Pool pool, TeamRepository teams, JobsConfig config) {
        this.pool = pool;
        this.teams = teams;
        this.config = config;
    }

    public Uni<TeamDetails> create(TeamInput input) {
        checkLengths(input);
        if (input.name() == null) {
            throw new HordeException(Rc.BadRequest, "A team needs a name.");
        }
        // The creator's alias is shown as the team's creator; the gateway always sends it.
        if (input.actorAlias() == null || input.actorAlias().isBlank() || input.actorAlias().length() > MAX_ALIAS) {
            throw new HordeException(Rc.BadRequest, "actorAlias must be the creator's username#id.");
        }
        Team team = new Team(UUID.randomUUID(), input.name().strip(), input.info(), input.actorUserId(),
                input.actorAlias());
        return pool.withTransaction(conn -> teams.insert(conn, team)).flatMap(inserted -> {
            if (!inserted) {
                throw nameTaken();
            }
            return details(team.id());
        });
    }

    public Uni<List<TeamDetails>> all() {
        return teams.all(pool).flatMap(all -> all.isEmpty() ? Uni.createFrom().item(List.<TeamDetails>of())
                : teams.members(pool, all.stream().map(Team::id).toList(), config.workerOnlineWindow())
                .map(members -> all.stream().map(team -> TeamFigures.of(team,
                        members.getOrDefault(team.id(), List.of()))).toList()));
    }

    public Uni<TeamDetails> details(UUID id) {
        return teams.find(pool, id).flatMap(found -> {
            Team team = found.orElseThrow(() -> notFound(id.toString()));
            return teams.members(pool, List.of(id), config.workerOnlineWindow())
                    .map(members -> TeamFigures.of(team, members.getOrDefault(id, List.of())));
        });
    }

    /**
     * The AI Horde's order: info needs the owner or a moderator ({@code NotOwner}), a new name too
     * ({@code NotModerator}); a taken name is {@code TeamNameAlreadyExists}.
     */
    public Uni<TeamDetails> change(UUID id, TeamInput input) {
        checkLengths(input);
        if (input.name() == null && input.info() == null) {
            throw new HordeException(Rc.NoTeamModSelected, "No team modification selected!");
        }
        return pool.withTransaction(conn -> teams.lock(conn, id).flatMap(found -> {
            Team team = found.orElseThrow(() -> notFound(id.toString()));
            boolean ownerOrModerator = input.actorModerator() || input.actorUserId() == team.ownerUserId();
            if (input.info() != null && !ownerOrModerator) {
                throw new HordeException(Rc.NotOwner, "You are not the owner of this team.");
            }
            if (!ownerOrModerator) {
                throw new HordeException(Rc.NotModerator, "You're not a mod. BTFO!");
            }
            String name = input.name() == null ? null : input.name().strip();
            Uni<Boolean> taken = name == null ? Uni.createFrom().item(false) : teams.nameTaken(conn, name, id);
            return taken.flatMap(isTaken -> {
                if (isTaken) {
                    throw nameTaken();
                }
                return teams.modify(conn, id, name, input.info());
            });
        })).chain(() -> details(id));
    }

    /** Deletes a team for its owner or a moderator; returns it as it was. Its workers stay, without a team. */
    public Uni<TeamDetails> delete(UUID id, long actorUserId, boolean actorModerator) {
        return details(id).flatMap(before -> pool.withTransaction(conn -> teams.lock(conn, id).flatMap(found -> {
            Team team = found.orElseThrow(() -> notFound(id.toString()));
            if (!actorModerator && actorUserId != team.ownerUserId()) {
                throw new HordeException(Rc.NotModerator, "You're not a mod. BTFO!");
            }
            return teams.delete(conn, id);
        })).replaceWith(before));
    }

    private static void checkLengths(TeamInput input) {
        if (input == null) {
            throw new HordeException(Rc.NoTeamModSelected, "No team modification selected!");
        }
        if (input.name() != null && (input.name().strip().length() < MIN_NAME
                || input.name().strip().length() > MAX_NAME)) {
            throw new HordeException(Rc.BadRequest, "A team name must be " + MIN_NAME + " to " + MAX_NAME
                    + " characters long.");
        }
        if (input.info() != null && (input.info().length() < MIN_INFO || input.info().length() > MAX_INFO)) {
            throw new HordeException(Rc.BadRequest, "A team's info must be " + MIN_INFO + " to " + MAX_INFO
                    + " characters long.");
        }
    }

    /** A malformed id names no team: 404, as for workers. */
    public static UUID teamId(String id) {
        try {
            return UUID.fromString(id.strip());
        } catch (IllegalArgumentException e) {
            throw notFound(id);
        }
    }

    public static HordeException notFound(String id) {
        return new HordeException(Rc.TeamNotFound, "Team with ID '" + id + "' not found.");
    }

    private static HordeException nameTaken() {
        return new HordeException(Rc.TeamNameAlreadyExists, "A team with this name already exists.");
    }
}
