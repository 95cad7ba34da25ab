package org.openhorde.interrogations.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.openhorde.contracts.internal.InterrogationIntake;
import org.openhorde.interrogations.domain.FormState;

/** Interrogations and their forms. Callers pass the {@link SqlClient} so one transaction spans several calls. */
@ApplicationScoped
public class InterrogationRepository {

    /** A form as stored, with what its interrogation says about pricing and caching. */
    public record FormRow(UUID id, UUID interrogationId, String name, Map<String, Object> payload, long kudos,
                          FormState state, UUID workerId, String workerName, Long ownerUserId, int giveBacks,
                          Map<String, Object> result, long requesterUserId, boolean slowWorkers, String sourceUrl,
                          String sourceImageKey, String webhook) {
    }

    private static final String FORM_COLUMNS = """
            f.id, f.interrogation_id, f.name, f.payload, f.kudos, f.state, f.worker_id, f.worker_name,
            f.owner_user_id, f.give_backs, f.result, i.requester_user_id, i.slow_workers, i.source_url,
            i.source_image_key, i.webhook""";

    /** A form about to be stored with its interrogation; {@code result} non-null: from the cache, done already. */
    public record NewForm(UUID id, int position, String name, Map<String, Object> payload, long kudos,
                          Map<String, Object> result) {
        public FormState state() {
            return result == null ? FormState.WAITING : FormState.DONE;
        }
    }

    /**
     * The interrogation and all its forms in one statement (one round trip instead of one per row; an intake is the
     * flood's unit of work, decision 0045). The forms' foreign key is checked at the end of the statement, after the
     * interrogation's row went in.
     */
    public Uni<Void> insertWithForms(SqlClient client, InterrogationIntake intake, Duration expiry,
                                     List<NewForm> forms) {
        int n = forms.size();
        UUID[] ids = new UUID[n];
        Integer[] positions = new Integer[n];
        String[] names = new String[n];
        String[] payloads = new String[n];
        Long[] kudos = new Long[n];
        String[] states = new String[n];
        String[] results = new String[n];
        for (int i = 0; i < n; i++) {
            NewForm form = forms.get(i);
            ids[i] = form.id();
            positions[i] = form.position();
            names[i] = form.name();
            payloads[i] = form.payload() == null ? null : new JsonObject(form.payload()).encode();
            kudos[i] = form.kudos();
            states[i] = form.state().wire();
            results[i] = form.result() == null ? null : new JsonObject(form.result()).encode();
        }
        Tuple values = Tuple.tuple(Arrays.asList(intake.id(), intake.requesterUserId(), intake.requesterAlias(),
                intake.requesterKudos(), intake.sourceImageKey(), intake.sourceUrl(), intake.tiles(),
                intake.trustedWorkers(), intake.slowWorkers(), intake.webhook(), expiry.toMillis(), ids, positions,
                names, payloads, kudos, states, results));
        return client.preparedQuery("""
                        with interrogation as (
                            insert into interrogations (id, requester_user_id, requester_alias, priority,
                                source_image_key, source_url, tiles, trusted_workers, slow_workers, webhook,
                                expires_at)
                            values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10,
                                    now() + $11 * interval '1 millisecond'))
                        insert into interrogation_forms (id, interrogation_id, position, name, payload, kudos, state,
                            result, finished_at)
                        select f.id, $1, f.position, f.name, f.payload::jsonb, f.kudos, f.state, f.result::jsonb,
                               case when f.result is null then null else now() end
                          from unnest($12::uuid[], $13::int[], $14::text[], $15::text[], $16::bigint[], $17::text[],
                                      $18::text[]) as f(id, position, name, payload, kudos, state, result)""")
                .execute(values).replaceWithVoid();
    }

    /** The forms of a live interrogation in the client's order; empty when it does not exist (or expired). */
    public Uni<List<FormRow>> forms(SqlClient client, UUID interrogationId, boolean lock) {
        return client.preparedQuery("select " + FORM_COLUMNS + " " + """
                         from interrogation_forms f join interrogations i on i.id = f.interrogation_id
                         where i.id = $1 and i.expires_at > now()
                         order by f.position""" + (lock ? " for update of f" : ""))
                .execute(Tuple.of(interrogationId)).map(InterrogationRepository::formRows);
    }

    public Uni<Optional<FormRow>> lockForm(SqlClient client, UUID formId) {
        return client.preparedQuery("select " + FORM_COLUMNS + " " + """
                         from interrogation_forms f join interrogations i on i.id = f.interrogation_id
                         where f.id = $1 for update of f""")
                .execute(Tuple.of(formId)).map(rows -> formRows(rows).stream().findFirst());
    }

    /**
     * Claims up to {@code amount} waiting forms for a worker: the richest requester's interrogation first, then the
     * oldest. {@code SKIP LOCKED} lets concurrent pops pass each other's candidates, so each form goes to one worker.
     * A requester's {@code slow_workers=false} excludes a worker whose mean over its recorded forms is
     * {@code slowSeconds} or more (the AI Horde's rule; a worker without records counts as fast).
     */
    public Uni<List<FormRow>> claim(SqlClient client, List<String> names, int maxTiles, boolean workerTrusted,
                                    boolean maintenance, long ownerUserId, int amount, UUID workerId,
                                    String workerName, Duration giveBackAfter, double slowSeconds) {
        Tuple values = Tuple.tuple(Arrays.asList(names.toArray(String[]::new), maxTiles, workerTrusted, maintenance,
                ownerUserId, amount, workerId, workerName, giveBackAfter.toMillis(), slowSeconds));
        return client.preparedQuery("""
                        with fast as (""" + workerIsFast(7, 10) + """
                        ), candidates as (
                            select f.id
                              from interrogation_forms f join interrogations i on i.id = f.interrogation_id
                             where f.state = 'waiting' and f.name = any($1) and i.tiles <= $2
                               and i.expires_at > now()
                               and ($3 or not i.trusted_workers)
                               and (not $4 or i.requester_user_id = $5)
                               and (i.slow_workers or (select is_fast from fast))
                             order by i.priority desc, i.created_at, f.position
                             limit $6
                               for update of f skip locked)
                        update interrogation_forms f
                           set state = 'processing', worker_id = $7, worker_name = $8, owner_user_id = $5,
                               popped_at = now(), deliver_by = now() + $9 * interval '1 millisecond'
                          from candidates c
                         where f.id = c.id
                        returning f.id""")
                .execute(values)
                .flatMap(rows -> {
                    List<UUID> ids = new ArrayList<>();
                    rows.forEach(row -> ids.add(row.getUUID("id")));
                    if (ids.isEmpty()) {
                        return Uni.createFrom().item(List.<FormRow>of());
                    }
                    return client.preparedQuery("select " + FORM_COLUMNS + " " + """
                                     from interrogation_forms f join interrogations i on i.id = f.interrogation_id
                                     where f.id = any($1)
                                     order by i.priority desc, i.created_at, f.position""")
                            .execute(Tuple.of(ids.toArray(UUID[]::new))).map(InterrogationRepository::formRows);
                });
    }

    /** One row {@code is_fast}: the worker (parameter {@code worker})'s mean seconds per form is under {@code limit}. */
    private static String workerIsFast(int worker, int limit) {
        return "select coalesce((select avg(s) from worker_speeds w cross join unnest(w.seconds) s"
                + " where w.worker_id = $" + worker + "), 0) < $" + limit + " as is_fast";
    }

    /**
     * The AI Horde's {@code skipped} for a pop that found nothing: the live waiting forms this worker could not take,
     * each counted once under the first reason that excludes it — a form it does not offer ({@code forms}), too many
     * tiles ({@code max_tiles}), a trusted-workers-only request ({@code untrusted}), a fast-workers-only request
     * ({@code performance}). Parameters as in {@link #claim}, minus those the count does not need.
     */
    public Uni<Map<String, Integer>> skipped(SqlClient client, List<String> names, int maxTiles,
                                             boolean workerTrusted, UUID workerId, double slowSeconds) {
        Tuple values = Tuple.of(names.toArray(String[]::new), maxTiles, workerTrusted, workerId, slowSeconds);
        return client.preparedQuery("with fast as (" + workerIsFast(4, 5) + """
                        ), reasons as (
                            select case when not (f.name = any($1)) then 'forms'
                                        when i.tiles > $2 then 'max_tiles'
                                        when i.trusted_workers and not $3 then 'untrusted'
                                        when not i.slow_workers and not (select is_fast from fast) then 'performance'
                                   end as reason
                              from interrogation_forms f join interrogations i on i.id = f.interrogation_id
                             where f.state = 'waiting' and i.expires_at > now())
                        select reason, count(*) as forms from reasons where reason is not null group by reason""")
                .execute(values).map(rows -> {
                    Map<String, Integer> skipped = new java.util.LinkedHashMap<>();
                    for (Row row : rows) {
                        skipped.put(row.getString("reason"), row.getLong("forms").intValue());
                    }
                    return skipped;
                });
    }

    /** Records how long a delivered form took its worker, keeping the worker's newest {@code keep} figures. */
    public Uni<Void> recordSpeed(SqlClient client, UUID formId, int keep) {
        return client.preparedQuery("""
                        insert into worker_speeds (worker_id, seconds)
                        select f.worker_id, array[extract(epoch from now() - f.popped_at)::float8]
                          from interrogation_forms f
                         where f.id = $1 and f.worker_id is not null and f.popped_at is not null
                        on conflict (worker_id) do update
                            set seconds = (worker_speeds.seconds || excluded.seconds)
                                [greatest(1, cardinality(worker_speeds.seconds) + 2 - $2):]""")
                .execute(Tuple.of(formId, keep)).replaceWithVoid();
    }

    /** Keeps an interrogation alive for another {@code expiry} (the AI Horde refreshes on pop and delivery). */
    public Uni<Void> touch(SqlClient client, List<UUID> interrogationIds, Duration expiry) {
        return client.preparedQuery("""
                        update interrogations set expires_at = now() + $2 * interval '1 millisecond'
                         where id = any($1)""")
                .execute(Tuple.of(interrogationIds.toArray(UUID[]::new), expiry.toMillis())).replaceWithVoid();
    }

    public Uni<Void> finish(SqlClient client, UUID formId, FormState state, Map<String, Object> result) {
        return client.preparedQuery("""
                        update interrogation_forms set state = $2, result = $3, finished_at = now(), deliver_by = null
                         where id = $1""")
                .execute(Tuple.of(formId, state.wire(), result == null ? null : new JsonObject(result)))
                .replaceWithVoid();
    }

    /** Back to the queue for another worker, counting the give-back. */
    public Uni<Void> giveBack(SqlClient client, UUID formId) {
        return client.preparedQuery("""
                        update interrogation_forms set state = 'waiting', give_backs = give_backs + 1,
                            worker_id = null, worker_name = null, owner_user_id = null, popped_at = null,
                            deliver_by = null
                         where id = $1""")
                .execute(Tuple.of(formId)).replaceWithVoid();
    }

    /** Processing forms whose worker did not deliver in time, locked for the sweep. */
    public Uni<List<FormRow>> lockOverdue(SqlClient client, int limit) {
        return client.preparedQuery("select " + FORM_COLUMNS + " " + """
                         from interrogation_forms f join interrogations i on i.id = f.interrogation_id
                         where f.state = 'processing' and f.deliver_by < now()
                         order by f.deliver_by limit $1
                         for update of f skip locked""")
                .execute(Tuple.of(limit)).map(InterrogationRepository::formRows);
    }

    /** Deletes expired interrogations (their forms go with them); returns how many. */
    public Uni<Integer> deleteExpired(SqlClient client, int limit) {
        return client.preparedQuery("""
                        delete from interrogations where id in (
                            select id from interrogations where expires_at < now()
                             order by expires_at limit $1 for update skip locked)""")
                .execute(Tuple.of(limit)).map(RowSet::rowCount);
    }

    public Uni<Map<String, Object>> cachedResult(SqlClient client, String formName, String sourceUrl) {
        return client.preparedQuery("""
                        select result from result_cache
                         where form_name = $1 and source_url = $2 and expires_at > now()""")
                .execute(Tuple.of(formName, sourceUrl))
                .map(rows -> {
                    var it = rows.iterator();
                    return it.hasNext() ? ((JsonObject) it.next().getValue("result")).getMap() : null;
                });
    }

    public Uni<Void> cacheResult(SqlClient client, String formName, String sourceUrl, Map<String, Object> result,
                                 Duration ttl) {
        return client.preparedQuery("""
                        insert into result_cache (form_name, source_url, result, expires_at)
                        values ($1, $2, $3, now() + $4 * interval '1 millisecond')
                        on conflict (form_name, source_url) do update
                            set result = excluded.result, expires_at = excluded.expires_at""")
                .execute(Tuple.of(formName, sourceUrl, new JsonObject(result), ttl.toMillis())).replaceWithVoid();
    }

    public Uni<Void> deleteExpiredCache(SqlClient client) {
        return client.preparedQuery("delete from result_cache where expires_at < now()").execute().replaceWithVoid();
    }

    /** Forms waiting and forms being worked on, for {@code /status/performance}. */
    public Uni<long[]> figures(SqlClient client) {
        return client.preparedQuery("""
                        select count(*) filter (where f.state = 'waiting') as waiting,
                               count(*) filter (where f.state = 'processing') as processing
                          from interrogation_forms f join interrogations i on i.id = f.interrogation_id
                         where f.state in ('waiting', 'processing') and i.expires_at > now()""")
                .execute().map(rows -> {
                    Row row = rows.iterator().next();
                    return new long[] {row.getLong("waiting"), row.getLong("processing")};
                });
    }

    private static List<FormRow> formRows(RowSet<Row> rows) {
        List<FormRow> forms = new ArrayList<>();
        for (Row row : rows) {
            forms.add(new FormRow(row.getUUID("id"), row.getUUID("interrogation_id"), row.getString("name"),
                    map(row.getValue("payload")), row.getLong("kudos"), FormState.of(row.getString("state")),
                    row.getUUID("worker_id"), row.getString("worker_name"), row.getLong("owner_user_id"),
                    row.getInteger("give_backs"), map(row.getValue("result")), row.getLong("requester_user_id"),
                    row.getBoolean("slow_workers"), row.getString("source_url"), row.getString("source_image_key"),
                    row.getString("webhook")));
        }
        return forms;
    }

    private static Map<String, Object> map(Object json) {
        return json instanceof JsonObject object ? object.getMap() : null;
    }
}
