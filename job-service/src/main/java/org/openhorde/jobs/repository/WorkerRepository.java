package org.openhorde.jobs.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.openhorde.contracts.internal.PopRequest;
import org.openhorde.contracts.internal.WorkerDetails;
import org.openhorde.contracts.internal.WorkerSummary;
import org.openhorde.jobs.domain.Uptime;
import org.openhorde.jobs.domain.WorkerSpeed;

/**
 * The worker registry: every kind of worker in one table, so that a name is unique across kinds; created by their
 * first pop, checked in by every later one. Deleted workers keep their row (their jobs point at it) but free their
 * name.
 */
@ApplicationScoped
public class WorkerRepository {

    /** What a check-in needs to know about the worker registered under a name, locked for the check-in. */
    public record Registered(UUID id, String type, long ownerUserId, boolean maintenance, String maintenanceMsg,
                             boolean paused, Uptime uptime, long sinceLastCheckInMillis, Double speed) {
    }

    /**
     * A worker's measured speed ({@link WorkerSpeed}) over its last {@code $3} delivered images, each image's
     * pixelsteps ÷ seconds from claim to submit, for the worker {@code $1}; null until it delivered an image.
     * Stored on the worker at every delivery (the AI Horde refreshes it every 30 s), so that a pop and the worker's
     * {@code performance} read one column; found through {@code jobs_delivered_by_worker} (V9).
     */
    private static final String RECENT_SPEED = """
            select avg(d.pixelsteps / greatest(d.seconds, 0.001)) from (
                select r.pixels * r.steps as pixelsteps,
                       extract(epoch from (j.delivered_at - j.claimed_at)) as seconds
                  from jobs j join waiting_requests r on r.id = j.request_id
                 where j.worker_id = $1 and j.state in ('DELIVERED', 'CENSORED')
                   and j.claimed_at is not null and j.delivered_at is not null
                 order by j.delivered_at desc limit $3) d
            """;

    private static final String DETAILS = """
            select w.id, w.name, w.worker_type, w.owner_user_id, w.owner_alias, w.owner_trusted,
                   w.last_check_in > now() - make_interval(secs => $1::bigint) as online,
                   w.uptime_ms, w.threads, w.max_pixels, w.models, w.nsfw, w.allow_img2img, w.allow_painting,
                   w.allow_post_processing, w.allow_lora, w.allow_controlnet, w.allow_sdxl_controlnet,
                   w.maintenance, w.maintenance_msg, w.paused, w.info, w.bridge_agent, w.fulfilments,
                   w.aborted_jobs, w.max_length, w.max_context_length,
                   (select coalesce(sum(r.pixels * r.steps), 0) from jobs j join waiting_requests r on r.id = j.request_id
                     where j.worker_id = w.id and j.state in ('DELIVERED', 'CENSORED')) as pixelsteps,
                   w.speed as pixelsteps_per_second, w.team_id,
                   (select t.name from teams t where t.id = w.team_id) as team_name
              from workers w
            """;

    private static Registered registered(Row row) {
        return new Registered(row.getUUID("id"), row.getString("worker_type"),
                row.getLong("owner_user_id"), row.getBoolean("maintenance"),
                row.getString("maintenance_msg"), row.getBoolean("paused"),
                new Uptime(row.getLong("uptime_ms"), row.getLong("last_reward_uptime_ms"),
                        row.getInteger("uptime_rewards")),
                row.getLong("since_ms"), row.getDouble("speed"));
    }

    /**
     * Counts the owner's workers, holding a lock on the owner for the rest of the transaction, so that two first pops
     * of one owner cannot both slip under the worker cap.
     */
    public Uni<Long> lockOwnerAndCount(SqlClient client, long ownerUserId) {
        return client.preparedQuery("select pg_advisory_xact_lock($1)").execute(Tuple.of(ownerUserId))
                .chain(() -> client.preparedQuery(
                                "select count(*) as workers from workers where owner_user_id = $1 and deleted_at is null")
                        .execute(Tuple.of(ownerUserId)))
                .map(rows -> rows.iterator().next().getLong("workers"));
    }

    /** Registers a new worker; empty when a concurrent first pop registered the name first. */
    public Uni<Optional<UUID>> create(SqlClient client, String type, long ownerUserId, String ownerAlias,
                                      boolean ownerTrusted, PopRequest pop) {
        Tuple values = Tuple.tuple(Arrays.asList(UUID.randomUUID(), pop.name(), ownerUserId, type, ownerAlias,
                ownerTrusted));
        return client.preparedQuery("""
                        insert into workers (id, name, owner_user_id, worker_type, owner_alias, owner_trusted, models,
                                             max_pixels, nsfw, threads, allow_img2img, allow_painting,
                                             allow_unsafe_ipaddr, allow_post_processing, allow_controlnet,
                                             allow_sdxl_controlnet, allow_lora)
                        values ($1, $2, $3, $4, $5, $6, '{}', 0, false, 1, false, false, false, false, false, false,
                                false)
                        on conflict (name) where deleted_at is null do nothing
                        returning id
                        """)
                .execute(values)
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(rows.iterator().next().getUUID("id")));
    }

    /**
     * What a check-in records of the pop (what the worker serves now, who owns it as of now) and its time, as the
     * {@code set} list of an update of {@code workers}: parameters $2 to $22 ({@link #capabilities}).
     */
    private static final String SET_CAPABILITIES = """
            models = $2, max_pixels = $3, nsfw = $4, threads = $5, bridge_agent = $6,
            allow_img2img = $7, allow_painting = $8, allow_unsafe_ipaddr = $9,
            allow_post_processing = $10, allow_controlnet = $11, allow_sdxl_controlnet = $12,
            allow_lora = $13, owner_alias = $14, owner_trusted = $15, blacklist = $16,
            extra_slow_worker = $17, limit_max_steps = $18, require_upfront_kudos = $19,
            max_length = $20, max_context_length = $21, softprompts = $22, last_check_in = now()
            """;

    /** The values of {@link #SET_CAPABILITIES}, after {@code first} ($1). */
    private static List<Object> capabilities(Object first, String ownerAlias, boolean ownerTrusted, PopRequest pop) {
        return new ArrayList<>(Arrays.asList(first, pop.models().toArray(String[]::new),
                pop.text() ? 0L : pop.maxPixels(),
                pop.nsfw(), pop.threads(), pop.bridgeAgent(), pop.allowImg2img(), pop.allowPainting(),
                pop.allowUnsafeIpaddr(), pop.allowPostProcessing(), pop.allowControlnet(), pop.allowSdxlControlnet(),
                pop.allowLora(), ownerAlias, ownerTrusted,
                (pop.blacklist() == null ? List.<String>of() : pop.blacklist()).toArray(String[]::new),
                pop.extraSlowWorker(), pop.limitMaxSteps(), pop.requireUpfrontKudos(),
                pop.text() ? pop.maxLength() : 0, pop.text() ? pop.maxContextLength() : 0,
                (pop.softprompts() == null ? List.<String>of() : pop.softprompts()).toArray(String[]::new)));
    }

    /** Records a check-in: what the worker serves now, who owns it as of now, and its uptime. */
    public Uni<Void> checkIn(SqlClient client, UUID id, String ownerAlias, boolean ownerTrusted, PopRequest pop,
                             Uptime uptime) {
        List<Object> values = capabilities(id, ownerAlias, ownerTrusted, pop);
        values.addAll(List.of(uptime.uptimeMillis(), uptime.lastRewardUptimeMillis(), uptime.rewards()));
        return client.preparedQuery("update workers set " + SET_CAPABILITIES + """
                        , uptime_ms = $23, last_reward_uptime_ms = $24, uptime_rewards = $25
                         where id = $1
                        """)
                .execute(Tuple.tuple(values))
                .replaceWithVoid();
    }

    /** A registered worker as its check-in found it ({@code before}), and its uptime as the check-in left it. */
    public record CheckedIn(Registered before, Uptime after) {
    }

    /**
     * Checks in the live worker registered under {@code name}: locks it, records the check-in
     * ({@link #SET_CAPABILITIES}) and its uptime, and returns it as it was with its uptime as it is now; empty when no
     * live worker has the name (nothing is written then). One statement for what was a locking read and an update
     * (decision 0047), so the uptime rule runs here in SQL; it is {@link Uptime#checkIn}'s, which stays its
     * specification ($23 the online window, $24 the reward interval, both in milliseconds). The caller's checks of
     * the worker's type and owner now come after the write: a refused check-in fails the transaction, which rolls
     * the write back.
     */
    public Uni<Optional<CheckedIn>> checkInByName(SqlClient client, String name, String ownerAlias,
                                                  boolean ownerTrusted, PopRequest pop, long onlineWindowMillis,
                                                  long rewardIntervalMillis) {
        List<Object> values = capabilities(name, ownerAlias, ownerTrusted, pop);
        values.addAll(List.of(onlineWindowMillis, rewardIntervalMillis));
        return client.preparedQuery("""
                        with old as (
                            select id, worker_type, owner_user_id, maintenance, maintenance_msg, paused, uptime_ms,
                                   last_reward_uptime_ms, uptime_rewards, speed,
                                   (extract(epoch from (now() - last_check_in)) * 1000)::bigint as since_ms
                              from workers where name = $1 and deleted_at is null
                               for update
                        ), earning as (
                            select o.*, (not o.paused and not o.maintenance
                                         and o.since_ms between 0 and $23::bigint) as earns
                              from old o
                        ), grown as (
                            select e.*, case when e.earns then e.uptime_ms + e.since_ms else e.uptime_ms end
                                            as new_uptime_ms
                              from earning e
                        ), judged as (
                            select g.*,
                                   g.earns and g.new_uptime_ms - g.last_reward_uptime_ms >= $24::bigint as rewarded
                              from grown g
                        )
                        update workers w set
                        """ + SET_CAPABILITIES + """
                               , uptime_ms = a.new_uptime_ms,
                               last_reward_uptime_ms = case when not a.earns or a.rewarded then a.new_uptime_ms
                                                            else a.last_reward_uptime_ms end,
                               uptime_rewards = a.uptime_rewards + case when a.rewarded then 1 else 0 end
                          from judged a
                         where w.id = a.id
                        returning a.id, a.worker_type, a.owner_user_id, a.maintenance, a.maintenance_msg, a.paused,
                                  a.uptime_ms, a.last_reward_uptime_ms, a.uptime_rewards, a.speed, a.since_ms,
                                  w.uptime_ms as after_uptime_ms, w.last_reward_uptime_ms as after_last_reward_uptime_ms,
                                  w.uptime_rewards as after_uptime_rewards
                        """)
                .execute(Tuple.tuple(values))
                .map(rows -> {
                    if (rows.size() == 0) {
                        return Optional.empty();
                    }
                    Row row = rows.iterator().next();
                    return Optional.of(new CheckedIn(registered(row),
                            new Uptime(row.getLong("after_uptime_ms"), row.getLong("after_last_reward_uptime_ms"),
                                    row.getInteger("after_uptime_rewards"))));
                });
    }

    /** What a text price depends on of the worker: its owner's trust and its backend, as of its last check-in. */
    public record PricingFacts(boolean ownerTrusted, String bridgeAgent) {
    }

    public Uni<PricingFacts> pricingFacts(SqlClient client, UUID workerId) {
        return client.preparedQuery("select owner_trusted, bridge_agent from workers where id = $1")
                .execute(Tuple.of(workerId))
                .map(rows -> {
                    Row row = rows.iterator().next();
                    return new PricingFacts(row.getBoolean("owner_trusted"), row.getString("bridge_agent"));
                });
    }

    /** Counts a delivered image and the centikudos it earned. */
    public Uni<Void> credit(SqlClient client, UUID workerId, long reward) {
        return client.preparedQuery("update workers set fulfilments = fulfilments + 1, kudos_earned = kudos_earned + $2,"
                        + " speed = (" + RECENT_SPEED + ") where id = $1")
                .execute(Tuple.of(workerId, reward, WorkerSpeed.SAMPLES))
                .replaceWithVoid();
    }

    /** Counts a job the worker gave back or let time out. */
    public Uni<Void> countAbort(SqlClient client, UUID workerId) {
        return client.preparedQuery("update workers set aborted_jobs = aborted_jobs + 1 where id = $1")
                .execute(Tuple.of(workerId))
                .replaceWithVoid();
    }

    public Uni<List<WorkerSummary>> ownedBy(SqlClient client, long ownerUserId, Duration onlineWindow) {
        return client.preparedQuery("""
                        select id, name, owner_user_id,
                               last_check_in > now() - make_interval(secs => $2::bigint) as online
                          from workers where owner_user_id = $1 and deleted_at is null order by name
                        """)
                .execute(Tuple.of(ownerUserId, onlineWindow.toSeconds()))
                .map(rows -> {
                    List<WorkerSummary> workers = new ArrayList<>();
                    for (Row row : rows) {
                        workers.add(new WorkerSummary(row.getUUID("id"), row.getString("name"),
                                row.getLong("owner_user_id"), row.getBoolean("online")));
                    }
                    return workers;
                });
    }

    public Uni<Optional<WorkerDetails>> details(SqlClient client, UUID id, Duration onlineWindow) {
        return client.preparedQuery(DETAILS + " where w.id = $2 and w.deleted_at is null")
                .execute(Tuple.of(onlineWindow.toSeconds(), id))
                .map(rows -> first(details(rows)));
    }

    /** By name, ignoring case (as the AI Horde's {@code /workers/name/{name}}); online or not. */
    public Uni<Optional<WorkerDetails>> detailsByName(SqlClient client, String name, Duration onlineWindow) {
        return client.preparedQuery(DETAILS + " where lower(w.name) = lower($2) and w.deleted_at is null"
                        + " order by w.name = $2 desc limit 1")
                .execute(Tuple.of(onlineWindow.toSeconds(), name))
                .map(rows -> first(details(rows)));
    }

    /** The online workers (AI Horde {@code GET /workers}), optionally of one type and one name (ignoring case). */
    public Uni<List<WorkerDetails>> online(SqlClient client, String type, String name, Duration onlineWindow) {
        return client.preparedQuery(DETAILS + """
                         where w.deleted_at is null
                           and w.last_check_in > now() - make_interval(secs => $1::bigint)
                           and ($2::text is null or w.worker_type = $2)
                           and ($3::text is null or lower(w.name) = lower($3))
                         order by w.name
                        """)
                .execute(Tuple.of(onlineWindow.toSeconds(), type, name))
                .map(WorkerRepository::details);
    }

    /** Locks a live worker for a change; empty when there is none. */
    public Uni<Optional<Long>> lockOwner(SqlClient client, UUID id) {
        return client.preparedQuery("select owner_user_id from workers where id = $1 and deleted_at is null for update")
                .execute(Tuple.of(id))
                .map(rows -> rows.size() == 0 ? Optional.empty()
                        : Optional.of(rows.iterator().next().getLong("owner_user_id")));
    }

    public Uni<Boolean> nameTaken(SqlClient client, String name, UUID except) {
        return client.preparedQuery("select 1 from workers where name = $1 and deleted_at is null and id <> $2")
                .execute(Tuple.of(name, except))
                .map(rows -> rows.size() > 0);
    }

    /** Applies the non-null fields of a change. */
    public Uni<Void> modify(SqlClient client, UUID id, Boolean maintenance, String maintenanceMsg, Boolean paused,
                            String info, String name) {
        return client.preparedQuery("""
                        update workers
                           set maintenance = coalesce($2, maintenance),
                               maintenance_msg = case when $2 is null then maintenance_msg else $3 end,
                               paused = coalesce($4, paused),
                               info = coalesce($5, info),
                               name = coalesce($6, name)
                         where id = $1
                        """)
                .execute(Tuple.tuple(Arrays.asList(id, maintenance, maintenanceMsg, paused, info, name)))
                .replaceWithVoid();
    }

    /** Puts the worker into a team, or out of its team ({@code null}). */
    public Uni<Void> setTeam(SqlClient client, UUID id, UUID teamId) {
        return client.preparedQuery("update workers set team_id = $2 where id = $1")
                .execute(Tuple.of(id, teamId))
                .replaceWithVoid();
    }

    public Uni<Void> delete(SqlClient client, UUID id) {
        return client.preparedQuery("update workers set deleted_at = now() where id = $1")
                .execute(Tuple.of(id))
                .replaceWithVoid();
    }

    private static <T> Optional<T> first(List<T> list) {
        return list.isEmpty() ? Optional.empty() : Optional.of(list.get(0));
    }

    private static List<WorkerDetails> details(RowSet<Row> rows) {
        List<WorkerDetails> workers = new ArrayList<>();
        for (Row row : rows) {
            Double speed = row.getDouble("pixelsteps_per_second");
            workers.add(new WorkerDetails(row.getUUID("id"), row.getString("name"), row.getString("worker_type"),
                    row.getLong("owner_user_id"), row.getString("owner_alias"), row.getBoolean("owner_trusted"),
                    row.getBoolean("online"), row.getLong("uptime_ms") / 1000, row.getInteger("threads"),
                    row.getLong("max_pixels"), List.of(row.getArrayOfStrings("models")), row.getBoolean("nsfw"),
                    row.getBoolean("allow_img2img"), row.getBoolean("allow_painting"),
                    row.getBoolean("allow_post_processing"), row.getBoolean("allow_lora"),
                    row.getBoolean("allow_controlnet"), row.getBoolean("allow_sdxl_controlnet"),
                    row.getBoolean("maintenance"), row.getString("maintenance_msg"), row.getBoolean("paused"),
                    row.getString("info"), row.getString("bridge_agent"), row.getLong("fulfilments"),
                    row.getLong("aborted_jobs"), row.getDouble("pixelsteps") / 1_000_000,
                    speed == null ? 0 : speed / 1_000_000, row.getInteger("max_length"),
                    row.getInteger("max_context_length"), row.getUUID("team_id"), row.getString("team_name")));
        }
        return workers;
    }
}
