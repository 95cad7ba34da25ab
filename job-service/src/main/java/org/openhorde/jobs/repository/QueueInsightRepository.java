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
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collector;
import org.openhorde.contracts.internal.ImageStats;
import org.openhorde.contracts.internal.TextStats;
import org.openhorde.jobs.domain.QueueInsight.Capabilities;
import org.openhorde.jobs.domain.QueueInsight.Demands;
import org.openhorde.jobs.domain.QueueInsight.HeldImage;
import org.openhorde.jobs.domain.QueueInsight.Need;
import org.openhorde.jobs.domain.QueueInsight.OnlineWorker;
import org.openhorde.jobs.domain.QueueInsight.QueuedRequest;
import org.openhorde.jobs.domain.QueueInsight.Speeds;
import org.openhorde.jobs.domain.TextQueueInsight.HeldText;
import org.openhorde.jobs.domain.TextQueueInsight.OnlineScribe;
import org.openhorde.jobs.domain.TextQueueInsight.QueuedText;

/** The reads behind the queue snapshot and the image statistics. Read-only; no locks. */
@ApplicationScoped
public class QueueInsightRepository {

    /** One request of the queue as read: its need by key, to be resolved against {@link #needs}. */
    public record QueuedRow(UUID requestId, String needKey, double megapixelsteps, int waiting) {
    }

    /**
     * Requests with waiting images, in the order pop hands them out (JobRepository.lockNextRequest): each request's id,
     * need key, work per image and waiting images, read off its queue slots (V8__queue_needs.sql). The rows are
     * folded into small records as they arrive instead of being held as a result set: at 100,000 waiting a result
     * set of them lived long enough to be copied by young collections and promoted (decision 0012).
     */
    public Uni<List<QueuedRow>> queue(SqlClient client) {
        // The Mutiny client does not offer collecting(); the Vert.x client under it does.
        return Uni.createFrom().completionStage(() -> client.getDelegate().query("""
                        select s.request_id, s.need_key, s.megapixelsteps,
                               (count(*) / min(s.model_keys))::integer as waiting
                          from queue_slots s
                         where s.expires_at > now() and s.kind = 'image'
                         group by s.queue_rank, s.queued_at, s.request_id, s.need_key, s.megapixelsteps
                         order by s.queue_rank desc, s.queued_at, s.request_id
                        """)
                .collecting(QUEUED_ROWS)
                .execute()
                .map(result -> result.value())
                .toCompletionStage());
    }

    /** Folds queue rows into records, sharing one string per need key (deep queues have few). */
    private static final Collector<io.vertx.sqlclient.Row, ?, List<QueuedRow>> QUEUED_ROWS = Collector.of(
            QueueFold::new, QueueFold::add, (left, right) -> {
                throw new UnsupportedOperationException("rows arrive in order, one by one");
            }, fold -> fold.rows);

    private static final class QueueFold {
        final List<QueuedRow> rows = new ArrayList<>();
        final Map<String, String> keys = new HashMap<>();

        void add(io.vertx.sqlclient.Row row) {
            String key = keys.computeIfAbsent(row.getString("need_key"), k -> k);
            rows.add(new QueuedRow(row.getUUID("request_id"), key, row.getDouble("megapixelsteps"),
                    row.getInteger("waiting")));
        }
    }

    /** The needs of the requests in {@link #queue}: few, however deep the queue. */
    public Uni<RowSet<Row>> needs(SqlClient client) {
        return client.query("""
                        select n.need_key, n.models, n.pixels, n.nsfw, n.needs_img2img, n.needs_painting,
                               n.post_processing, n.lora, n.controlnet, n.trusted_workers, n.worker_ids,
                               n.worker_blacklist
                          from request_needs n
                         where n.need_key in (select s.need_key from queue_slots s)
                        """)
                .execute();
    }

    /** The rows of {@link #queue} as queued requests, in the same order, sharing one {@link Need} per need. */
    public static List<QueuedRequest> queuedRequests(List<QueuedRow> queue, RowSet<Row> needRows) {
        Map<String, Need> needs = new HashMap<>();
        for (Row row : needRows) {
            needs.put(row.getString("need_key"), new Need(Arrays.asList(row.getArrayOfStrings("models")),
                    row.getLong("pixels"), row.getBoolean("nsfw"), new Demands(row.getBoolean("needs_img2img"),
                    row.getBoolean("needs_painting"), row.getBoolean("post_processing"), row.getBoolean("lora"),
                    row.getBoolean("controlnet"), row.getBoolean("trusted_workers"),
                    Arrays.asList(row.getArrayOfStrings("worker_ids")), row.getBoolean("worker_blacklist"))));
        }
        List<QueuedRequest> requests = new ArrayList<>(queue.size());
        for (QueuedRow row : queue) {
            Need need = needs.get(row.needKey());
            if (need == null) {
                // Read in the same repeatable-read transaction, every key of the queue has its need; a request
                // without one is left out of the estimates rather than guessed at.
                continue;
            }
            requests.add(new QueuedRequest(row.requestId(), need, row.megapixelsteps(), row.waiting()));
        }
        return requests;
    }

    public Uni<List<HeldImage>> held(SqlClient client) {
        return client.query("""
                        select j.request_id, j.model, r.megapixelsteps,
                               extract(epoch from now() - j.claimed_at)::double precision as elapsed
                          from jobs j join waiting_requests r on r.id = j.request_id
                         where j.state = 'CLAIMED' and r.kind = 'image'
                        """)
                .execute()
                .map(rows -> {
                    List<HeldImage> held = new ArrayList<>(rows.size());
                    for (Row row : rows) {
                        held.add(new HeldImage(row.getUUID("request_id"), row.getString("model"),
                                row.getDouble("megapixelsteps"), row.getDouble("elapsed")));
                    }
                    return held;
                });
    }

    /** What an operator watches beside the estimates: how long the oldest waiting image waits, workers by kind. */
    public record OperatorFigures(double oldestWaitingSeconds, Map<String, Long> onlineWorkersByType) {
    }

    /**
     * The age of the oldest image waiting in the queue (0 when none waits) and the workers checked in within the
     * online window by type ({@code image}, {@code interrogation}, {@code text}), whatever their state.
     */
    public Uni<OperatorFigures> operatorFigures(SqlClient client, Duration onlineWindow) {
        return client.query("select coalesce(extract(epoch from now() - min(queued_at)), 0)::float8 as oldest"
                        + " from queue_slots where expires_at > now()")
                .execute()
                .map(rows -> rows.iterator().next().getDouble("oldest"))
                .flatMap(oldest -> client.preparedQuery("""
                                select worker_type, count(*) as workers from workers
                                 where last_check_in > now() - make_interval(secs => $1::bigint) and deleted_at is null
                                 group by worker_type
                                """)
                        .execute(Tuple.of(onlineWindow.toSeconds()))
                        .map(rows -> {
                            Map<String, Long> byType = new HashMap<>();
                            for (Row row : rows) {
                                byType.put(row.getString("worker_type"), row.getLong("workers"));
                            }
                            return new OperatorFigures(oldest, byType);
                        }));
    }

    public Uni<List<OnlineWorker>> online(SqlClient client, Duration onlineWindow) {
        return client.preparedQuery("""
                        select id, models, max_pixels, nsfw, threads, allow_img2img, allow_painting,
                               allow_post_processing, allow_lora, allow_controlnet, owner_trusted
                          from workers
                         where last_check_in > now() - make_interval(secs => $1::bigint)
                           and deleted_at is null
                           -- image figures count image workers: an interrogation worker keeps its forms as models
                           and worker_type = 'image'
                           -- in maintenance or paused a worker serves only its owner: no help to anybody else
                           and not maintenance and not paused
                        """)
                .execute(Tuple.of(onlineWindow.toSeconds()))
                .map(rows -> {
                    List<OnlineWorker> workers = new ArrayList<>(rows.size());
                    for (Row row : rows) {
                        workers.add(new OnlineWorker(Arrays.asList(row.getArrayOfStrings("models")),
                                row.getLong("max_pixels"), row.getBoolean("nsfw"), Math.max(1, row.getInteger("threads")),
                                new Capabilities(row.getUUID("id").toString(), row.getBoolean("allow_img2img"),
                                        row.getBoolean("allow_painting"), row.getBoolean("allow_post_processing"),
                                        row.getBoolean("allow_lora"), row.getBoolean("allow_controlnet"),
                                        row.getBoolean("owner_trusted"))));
                    }
                    return workers;
                });
    }

    /**
     * One thread's recent speed: the mean over images delivered within {@code window} of megapixelsteps ÷ seconds
     * from claim to delivery (the AI Horde keeps each worker's recent speeds and averages them alike), overall and
     * per model; and the megapixelsteps delivered in the last minute.
     */
    public Uni<SpeedsAndPace> speeds(SqlClient client, Duration window) {
        return client.preparedQuery("""
                        select j.model,
                               avg(r.megapixelsteps / greatest(extract(epoch from j.delivered_at - j.claimed_at), 0.05))
                                   as speed,
                               count(*) as images,
                               coalesce(sum(r.megapixelsteps) filter (where j.delivered_at > now() - interval '1 minute'),
                                        0) as past_minute
                          from jobs j join waiting_requests r on r.id = j.request_id
                         where j.state in ('DELIVERED', 'CENSORED') and r.kind = 'image'
                           and j.delivered_at > now() - make_interval(secs => $1::bigint)
                           and j.claimed_at is not null
                         group by j.model
                        """)
                .execute(Tuple.of(Math.max(60, window.toSeconds())))
                .map(rows -> {
                    Map<String, Double> perModel = new HashMap<>();
                    double weighted = 0;
                    long images = 0;
                    double pastMinute = 0;
                    for (Row row : rows) {
                        double speed = row.getDouble("speed");
                        long count = row.getLong("images");
                        if (row.getString("model") != null) {
                            perModel.put(row.getString("model"), speed);
                        }
                        weighted += speed * count;
                        images += count;
                        pastMinute += row.getDouble("past_minute");
                    }
                    return new SpeedsAndPace(new Speeds(images == 0 ? 0 : weighted / images, perModel), pastMinute);
                });
    }

    public record SpeedsAndPace(Speeds speeds, double pastMinuteMegapixelsteps) {
    }

    /** Text requests with waiting generations, in pop order (the text slots of JobRepository.lockNextRequest). */
    public Uni<List<QueuedText>> textQueue(SqlClient client) {
        return client.query("""
                        select s.request_id, r.models, r.max_length, r.max_context_length, r.softprompt, r.nsfw,
                               (count(*) / min(s.model_keys))::integer as waiting
                          from queue_slots s join waiting_requests r on r.id = s.request_id
                         where s.expires_at > now() and s.kind = 'text'
                         group by s.queue_rank, s.queued_at, s.request_id, r.models, r.max_length,
                                  r.max_context_length, r.softprompt, r.nsfw
                         order by s.queue_rank desc, s.queued_at, s.request_id
                        """)
                .execute()
                .map(rows -> {
                    List<QueuedText> queue = new ArrayList<>(rows.size());
                    for (Row row : rows) {
                        queue.add(new QueuedText(row.getUUID("request_id"),
                                Arrays.asList(row.getArrayOfStrings("models")), row.getInteger("max_length"),
                                row.getInteger("max_context_length"), row.getString("softprompt"),
                                row.getBoolean("nsfw"), row.getInteger("waiting")));
                    }
                    return queue;
                });
    }

    public Uni<List<HeldText>> textHeld(SqlClient client) {
        return client.query("""
                        select j.request_id, j.model, r.max_length,
                               extract(epoch from now() - j.claimed_at)::double precision as elapsed
                          from jobs j join waiting_requests r on r.id = j.request_id
                         where j.state = 'CLAIMED' and r.kind = 'text'
                        """)
                .execute()
                .map(rows -> {
                    List<HeldText> held = new ArrayList<>(rows.size());
                    for (Row row : rows) {
                        held.add(new HeldText(row.getUUID("request_id"), row.getString("model"),
                                row.getInteger("max_length"), row.getDouble("elapsed")));
                    }
                    return held;
                });
    }

    /** Text workers online that serve anybody (not paused, not in maintenance). */
    public Uni<List<OnlineScribe>> onlineScribes(SqlClient client, Duration onlineWindow) {
        return client.preparedQuery("""
                        select models, max_length, max_context_length, softprompts, nsfw, threads
                          from workers
                         where last_check_in > now() - make_interval(secs => $1::bigint)
                           and deleted_at is null and worker_type = 'text'
                           and not maintenance and not paused
                        """)
                .execute(Tuple.of(onlineWindow.toSeconds()))
                .map(rows -> {
                    List<OnlineScribe> scribes = new ArrayList<>(rows.size());
                    for (Row row : rows) {
                        scribes.add(new OnlineScribe(Arrays.asList(row.getArrayOfStrings("models")),
                                row.getInteger("max_length"), row.getInteger("max_context_length"),
                                Arrays.asList(row.getArrayOfStrings("softprompts")), row.getBoolean("nsfw"),
                                Math.max(1, row.getInteger("threads"))));
                    }
                    return scribes;
                });
    }

    /**
     * One scribe thread's recent speed, the mean over texts delivered within {@code window} of tokens ÷ seconds from
     * claim to delivery, and the tokens delivered in the last minute; tokens are the AI Horde's quick count of a
     * delivery ({@code get_things_count}: a quarter of the characters rounded up, at least 20, at most max_length).
     */
    public Uni<TextPace> textPace(SqlClient client, Duration window) {
        return client.preparedQuery("""
                        with delivered as (
                            select j.delivered_at, j.claimed_at,
                                   least(r.max_length, greatest(20, ceil(length(coalesce(j.generated_text, '')) / 4.0)))
                                       ::double precision as tokens
                              from jobs j join waiting_requests r on r.id = j.request_id
                             where j.state in ('DELIVERED', 'CENSORED') and r.kind = 'text'
                               and j.delivered_at > now() - make_interval(secs => $1::bigint)
                               and j.claimed_at is not null
                        )
                        select coalesce(avg(tokens / greatest(extract(epoch from delivered_at - claimed_at), 0.05)), 0)
                                   as speed,
                               coalesce(sum(tokens) filter (where delivered_at > now() - interval '1 minute'), 0)
                                   as past_minute
                          from delivered
                        """)
                .execute(Tuple.of(Math.max(60, window.toSeconds())))
                .map(rows -> {
                    Row row = rows.iterator().next();
                    return new TextPace(row.getDouble("speed"), row.getDouble("past_minute"));
                });
    }

    /** @param tokensPerSecond one thread's recent speed, 0 when nothing was delivered lately */
    public record TextPace(double tokensPerSecond, double pastMinuteTokens) {
    }

    /** Delivered images (censored ones included: a worker generated them) per period and per model. */
    public Uni<ImageStats> imageStats(SqlClient client) {
        Uni<Map<String, ImageStats.Period>> totals = client.query("""
                        select count(*) filter (where j.delivered_at > now() - interval '1 minute') as minute_images,
                               coalesce(sum(r.megapixelsteps) filter (where j.delivered_at > now() - interval '1 minute'), 0) as minute_mps,
                               count(*) filter (where j.delivered_at > now() - interval '1 hour') as hour_images,
                               coalesce(sum(r.megapixelsteps) filter (where j.delivered_at > now() - interval '1 hour'), 0) as hour_mps,
                               count(*) filter (where j.delivered_at > now() - interval '1 day') as day_images,
                               coalesce(sum(r.megapixelsteps) filter (where j.delivered_at > now() - interval '1 day'), 0) as day_mps,
                               count(*) filter (where j.delivered_at > now() - interval '30 days') as month_images,
                               coalesce(sum(r.megapixelsteps) filter (where j.delivered_at > now() - interval '30 days'), 0) as month_mps,
                               count(*) as total_images,
                               coalesce(sum(r.megapixelsteps), 0) as total_mps
                          from jobs j join waiting_requests r on r.id = j.request_id
                         where j.state in ('DELIVERED', 'CENSORED') and r.kind = 'image'
                        """)
                .execute()
                .map(rows -> {
                    Row row = rows.iterator().next();
                    Map<String, ImageStats.Period> periods = new LinkedHashMap<>();
                    for (String period : List.of("minute", "hour", "day", "month", "total")) {
                        periods.put(period, new ImageStats.Period(row.getLong(period + "_images"),
                                Math.round(row.getDouble(period + "_mps") * 1_000_000)));
                    }
                    return periods;
                });
        Uni<Map<String, Map<String, Long>>> models = modelCounts(client, "image");
        return Uni.combine().all().unis(totals, models).asTuple()
                .map(both -> new ImageStats(both.getItem1(), both.getItem2()));
    }

    /**
     * Delivered text generations (censored ones included) per period, with their tokens as the AI Horde's text
     * statistics count them (the {@code max_length} each generation was asked for), and per model.
     */
    public Uni<TextStats> textStats(SqlClient client) {
        Uni<Map<String, TextStats.Period>> totals = client.query("""
                        with delivered as (
                            select j.delivered_at, r.max_length::numeric as tokens
                              from jobs j join waiting_requests r on r.id = j.request_id
                             where j.state in ('DELIVERED', 'CENSORED') and r.kind = 'text'
                        )
                        select count(*) filter (where delivered_at > now() - interval '1 minute') as minute_requests,
                               coalesce(sum(tokens) filter (where delivered_at > now() - interval '1 minute'), 0)
                                   as minute_tokens,
                               count(*) filter (where delivered_at > now() - interval '1 hour') as hour_requests,
                               coalesce(sum(tokens) filter (where delivered_at > now() - interval '1 hour'), 0)
                                   as hour_tokens,
                               count(*) filter (where delivered_at > now() - interval '1 day') as day_requests,
                               coalesce(sum(tokens) filter (where delivered_at > now() - interval '1 day'), 0)
                                   as day_tokens,
                               count(*) filter (where delivered_at > now() - interval '30 days') as month_requests,
                               coalesce(sum(tokens) filter (where delivered_at > now() - interval '30 days'), 0)
                                   as month_tokens,
                               count(*) as total_requests, coalesce(sum(tokens), 0) as total_tokens
                          from delivered
                        """)
                .execute()
                .map(rows -> {
                    Row row = rows.iterator().next();
                    Map<String, TextStats.Period> periods = new LinkedHashMap<>();
                    for (String period : List.of("minute", "hour", "day", "month", "total")) {
                        periods.put(period, new TextStats.Period(row.getLong(period + "_requests"),
                                row.getNumeric(period + "_tokens").longValue()));
                    }
                    return periods;
                });
        return Uni.combine().all().unis(totals, modelCounts(client, "text")).asTuple()
                .map(both -> new TextStats(both.getItem1(), both.getItem2()));
    }

    /** Delivered jobs of one kind per model, per period ({@code day, month, total}). */
    private static Uni<Map<String, Map<String, Long>>> modelCounts(SqlClient client, String kind) {
        return client.preparedQuery("""
                        select j.model,
                               count(*) filter (where j.delivered_at > now() - interval '1 day') as day,
                               count(*) filter (where j.delivered_at > now() - interval '30 days') as month,
                               count(*) as total
                          from jobs j join waiting_requests r on r.id = j.request_id
                         where j.state in ('DELIVERED', 'CENSORED') and j.model is not null and r.kind = $1
                         group by j.model order by j.model
                        """)
                .execute(Tuple.of(kind))
                .map(rows -> {
                    Map<String, Map<String, Long>> periods = new LinkedHashMap<>();
                    for (String period : List.of("day", "month", "total")) {
                        periods.put(period, new LinkedHashMap<>());
                    }
                    for (Row row : rows) {
                        for (String period : List.of("day", "month", "total")) {
                            long count = row.getLong(period);
                            if (count > 0) {
                                periods.get(period).put(row.getString("model"), count);
                            }
                        }
                    }
                    return periods;
                });
    }
}
