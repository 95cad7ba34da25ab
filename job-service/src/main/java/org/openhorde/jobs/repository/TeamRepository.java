package org.openhorde.jobs.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.openhorde.jobs.domain.TeamFigures.Member;
import org.openhorde.jobs.domain.TeamFigures.Team;

/** Teams (V16_1) and their members. Callers pass the connection (and so the transaction). */
@ApplicationScoped
public class TeamRepository {

    public Uni<Boolean> exists(SqlClient client, UUID id) {
        return client.preparedQuery("select 1 from teams where id = $1").execute(Tuple.of(id))
                .map(rows -> rows.size() > 0);
    }

    /** Inserts the team; false when the name (ignoring case) is taken. */
    public Uni<Boolean> insert(SqlClient client, Team team) {
        return client.preparedQuery("""
                        insert into teams (id, name, info, owner_user_id, owner_alias) values ($1, $2, $3, $4, $5)
                        on conflict do nothing
                        """)
                .execute(Tuple.tuple(Arrays.asList(team.id(), team.name(), team.info(), team.ownerUserId(),
                        team.ownerAlias())))
                .map(rows -> rows.rowCount() == 1);
    }

    public Uni<Optional<Team>> lock(SqlClient client, UUID id) {
        return client.preparedQuery("select id, name, info, owner_user_id, owner_alias from teams where id = $1"
                        + " for update")
                .execute(Tuple.of(id))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(team(rows.iterator().next())));
    }

    public Uni<Optional<Team>> find(SqlClient client, UUID id) {
        return client.preparedQuery("select id, name, info, owner_user_id, owner_alias from teams where id = $1")
                .execute(Tuple.of(id))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(team(rows.iterator().next())));
    }

    public Uni<List<Team>> all(SqlClient client) {
        return client.preparedQuery("select id, name, info, owner_user_id, owner_alias from teams order by name")
                .execute()
                .map(rows -> {
                    List<Team> teams = new ArrayList<>();
                    rows.forEach(row -> teams.add(team(row)));
                    return teams;
                });
    }

    public Uni<Boolean> nameTaken(SqlClient client, String name, UUID except) {
        return client.preparedQuery("select 1 from teams where lower(name) = lower($1) and id <> $2")
                .execute(Tuple.of(name, except))
                .map(rows -> rows.size() > 0);
    }

    /** Applies the non-null fields. */
    public Uni<Void> modify(SqlClient client, UUID id, String name, String info) {
        return client.preparedQuery("update teams set name = coalesce($2, name), info = coalesce($3, info)"
                        + " where id = $1")
                .execute(Tuple.tuple(Arrays.asList(id, name, info)))
                .replaceWithVoid();
    }

    /** Deletes the team; its workers leave it (the foreign key sets their team to null). */
    public Uni<Void> delete(SqlClient client, UUID id) {
        return client.preparedQuery("delete from teams where id = $1").execute(Tuple.of(id)).replaceWithVoid();
    }

    /** The live workers of these teams, by team, with what the team figures need. */
    public Uni<Map<UUID, List<Member>>> members(SqlClient client, List<UUID> teamIds, Duration onlineWindow) {
        return client.preparedQuery("""
                        select w.team_id, w.id, w.name, w.worker_type, w.fulfilments, w.uptime_ms, w.speed, w.models,
                               w.last_check_in > now() - make_interval(secs => $2::bigint) as online,
                               (select coalesce(sum(r.pixels * r.steps), 0)
                                  from jobs j join waiting_requests r on r.id = j.request_id
                                 where j.worker_id = w.id and j.state in ('DELIVERED', 'CENSORED')) as pixelsteps
                          from workers w
                         where w.team_id = any($1) and w.deleted_at is null
                         order by w.name
                        """)
                .execute(Tuple.of(teamIds.toArray(UUID[]::new), onlineWindow.toSeconds()))
                .map(rows -> {
                    Map<UUID, List<Member>> byTeam = new HashMap<>();
                    for (Row row : rows) {
                        byTeam.computeIfAbsent(row.getUUID("team_id"), ignored -> new ArrayList<>())
                                .add(new Member(row.getUUID("id"), row.getString("name"),
                                        row.getString("worker_type"), row.getBoolean("online"),
                                        row.getLong("fulfilments"), row.getLong("uptime_ms") / 1000,
                                        row.getDouble("pixelsteps"), row.getDouble("speed"),
                                        List.of(row.getArrayOfStrings("models"))));
                    }
                    return byTeam;
                });
    }

    private static Team team(Row row) {
        return new Team(row.getUUID("id"), row.getString("name"), row.getString("info"), row.getLong("owner_user_id"),
                row.getString("owner_alias"));
    }
}
