package org.openhorde.gateway.repository;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.hash.ReactiveHashCommands;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.openhorde.contracts.events.JobClaimed;
import org.openhorde.contracts.events.JobCompleted;
import org.openhorde.contracts.events.JobRequeued;
import org.openhorde.contracts.events.JobSubmitted;
import org.openhorde.gateway.config.GatewayConfig;
import org.openhorde.gateway.domain.DeliveredImage;
import org.openhorde.gateway.domain.JobProgress;
import org.openhorde.gateway.domain.JobState;
import org.openhorde.gateway.domain.RequestProgress;

/**
 * The read model behind {@code /generate/check} and {@code /generate/status}: one Redis hash per request, holding
 * its job ids ({@code jobs}), {@code shared}, {@code r2}, and per job its state ({@code s:<job>}), what it cost ({@code
 * k:<job>}) and who delivered it ({@code g:<job>}).
 *
 * <p>{@link RememberedRequests} keeps a copy in memory, changed by the same writes after Redis took them, so that a
 * {@code check} reads Redis only for a request this gateway does not hold.
 *
 * <p>Events arrive at least once and in no order across topics, so a Lua script moves each job's state only
 * forward; a replay, or a claim arriving after the completion, changes nothing. Each event refreshes the
 * retention, so a request disappears {@code request-retention} after its last activity, like the AI Horde's.
 */
@ApplicationScoped
public class RequestReadModel {

    private static final String ADVANCE = """
            local rank = {%s}
            local key = KEYS[1]
            if ARGV[2] == '1' and redis.call('EXISTS', key) == 0 then return 0 end
            local target = rank[ARGV[3]]
            local jobs = tonumber(ARGV[4])
            local moved = 0
            for i = 5, 4 + jobs do
              local field = 's:' .. ARGV[i]
              local current = redis.call('HGET', key, field)
              if not current or rank[current] < target then
                redis.call('HSET', key, field, ARGV[3])
                moved = moved + 1
              end
            end
            local at = 5 + jobs
            local extras = tonumber(ARGV[at])
            if moved > 0 then
              for i = at + 1, at + 2 * extras, 2 do redis.call('HSET', key, ARGV[i], ARGV[i + 1]) end
            end
            for i = at + 1 + 2 * extras, #ARGV, 2 do redis.call('HSET', key, ARGV[i], ARGV[i + 1]) end
            redis.call('EXPIRE', key, ARGV[1])
            return moved
            """.formatted(Arrays.stream(JobState.values())
                    .map(state -> state.name() + " = " + state.rank()).collect(Collectors.joining(", ")));

    /**
     * A job given back to the queue: its restart count only grows (a replay changes nothing), and a claimed job
     * waits again. ARGV: retention, job id, aborts so far.
     */
    private static final String REQUEUE = """
            local key = KEYS[1]
            if redis.call('EXISTS', key) == 0 then return 0 end
            local restarts = 'r:' .. ARGV[2]
            local aborts = tonumber(ARGV[3])
            if aborts <= tonumber(redis.call('HGET', key, restarts) or '0') then return 0 end
            redis.call('HSET', key, restarts, ARGV[3])
            local state = 's:' .. ARGV[2]
            if redis.call('HGET', key, state) == 'CLAIMED' then redis.call('HSET', key, state, 'WAITING') end
            redis.call('EXPIRE', key, ARGV[1])
            return 1
            """;
    /** Marks an expired request: the AI Horde deletes those, so they answer 404 at once. */
    private static final String EXPIRED = "expired";

    private final ReactiveRedisDataSource redis;
    private final ReactiveHashCommands<String, String, String> hashes;
    private final ObjectMapper json;
    private final GatewayConfig config;
    private final RememberedRequests memory;

    RequestReadModel(ReactiveRedisDataSource redis, ObjectMapper json, GatewayConfig config,
                     RememberedRequests memory) {
        this.redis = redis;
        this.hashes = redis.hash(String.class, String.class, String.class);
        this.json = json;
        this.config = config;
        this.memory = memory;
    }

    /** Creates the request with all its jobs waiting, or leaves an existing one as it is. */
    public Uni<Void> submitted(JobSubmitted event) {
        boolean r2 = event.spec() == null || event.spec().r2();
        return advance(event.requestId(), event.occurredAt(), JobState.WAITING, event.jobIds(), Map.of(),
                Map.of("jobs", event.jobIds().stream().map(UUID::toString).collect(Collectors.joining(",")),
                        "shared", event.shared() ? "1" : "0",
                        // a text request has no images: r2 means nothing to it
                        "r2", r2 ? "1" : "0"))
                .invoke(() -> memory.submitted(event.requestId(), event.jobIds(), event.shared(), r2,
                        isOld(event.occurredAt())));
    }

    public Uni<Void> claimed(JobClaimed event) {
        return advance(event.requestId(), event.occurredAt(), JobState.CLAIMED, event.jobIds(), Map.of(), Map.of())
                .invoke(() -> memory.claimed(event.requestId(), event.jobIds(), isOld(event.occurredAt())));
    }

    public Uni<Void> completed(JobCompleted event) {
        JobState state = JobState.of(event.outcome());
        Map<String, String> outcome = new LinkedHashMap<>();
        long charged = event.price() + event.tax();
        outcome.put("k:" + event.jobId(), Long.toString(charged));
        DeliveredImage image = null;
        if (state.finished()) {
            UUID workerId = event.worker() == null ? null : event.worker().id();
            String workerName = event.worker() == null ? null : event.worker().name();
            image = new DeliveredImage(workerId, workerName, event.model(), event.seed(), event.text(),
                    event.genMetadata());
            outcome.put("g:" + event.jobId(), write(image));
        }
        DeliveredImage delivered = image;
        return advance(event.requestId(), event.occurredAt(), state, List.of(event.jobId()), outcome,
                state == JobState.EXPIRED ? Map.of(EXPIRED, "1") : Map.of())
                .invoke(() -> memory.completed(event.requestId(), event.jobId(), state, charged, delivered,
                        isOld(event.occurredAt())));
    }

    /** A job went back to the queue; a request the read model does not hold (any more) is left alone. */
    public Uni<Void> requeued(JobRequeued event) {
        return redis.execute("EVAL", REQUEUE, "1", key(event.requestId()),
                Long.toString(config.requestRetention().toSeconds()), event.jobId().toString(),
                Integer.toString(event.aborts())).replaceWithVoid()
                .invoke(() -> memory.requeued(event.requestId(), event.jobId(), event.aborts()));
    }

    /**
     * The request's progress, or empty when it is unknown, expired (job-service ended it) or forgotten: from this
     * gateway's memory when it holds the request, else from Redis (and remembered from then on).
     */
    public Uni<Optional<RequestProgress>> find(UUID requestId) {
        Optional<Optional<RequestProgress>> remembered = memory.find(requestId);
        if (remembered.isPresent()) {
            return Uni.createFrom().item(remembered.get());
        }
        return read(requestId).invoke(found -> found.ifPresent(progress -> memory.read(requestId, progress)));
    }

    /**
     * The request's progress when this gateway's memory holds it, without any I/O; empty when the memory does not
     * know it or knows it expired (then {@link #find} decides, with Redis if need be).
     */
    public Optional<RequestProgress> remembered(UUID requestId) {
        return memory.find(requestId).flatMap(progress -> progress);
    }

    private Uni<Optional<RequestProgress>> read(UUID requestId) {
        return hashes.hgetall(key(requestId)).map(fields -> {
            String jobs = fields.get("jobs");
            if (jobs == null || fields.containsKey(EXPIRED)) {
                return Optional.empty();
            }
            List<JobProgress> progress = new ArrayList<>();
            for (String id : jobs.split(",")) {
                String state = fields.get("s:" + id);
                String charged = fields.get("k:" + id);
                String image = fields.get("g:" + id);
                String restarts = fields.get("r:" + id);
                progress.add(new JobProgress(UUID.fromString(id),
                        state == null ? JobState.WAITING : JobState.valueOf(state),
                        charged == null ? 0 : Long.parseLong(charged), image == null ? null : read(image),
                        restarts == null ? 0 : Integer.parseInt(restarts)));
            }
            // A request written before "r2" was recorded wants URLs, the AI Horde's default.
            return Optional.of(new RequestProgress(List.copyOf(progress), "1".equals(fields.get("shared")),
                    !"0".equals(fields.get("r2"))));
        });
    }

    /**
     * @param onMove       fields written only when a job actually moved (what the move brought: cost, deliverer)
     * @param requestFields fields of the request itself, written every time (they never change)
     */
    private Uni<Void> advance(UUID requestId, Instant occurredAt, JobState state, List<UUID> jobIds,
                              Map<String, String> onMove, Map<String, String> requestFields) {
        long retention = config.requestRetention().toSeconds();
        // An event older than the retention must not resurrect a request that already expired (e.g. on a replay
        // of the topic from offset 0); it may still complete one that is alive.
        boolean onlyIfKnown = isOld(occurredAt);
        List<String> args = new ArrayList<>(List.of(ADVANCE, "1", key(requestId), Long.toString(retention),
                onlyIfKnown ? "1" : "0", state.name(), Integer.toString(jobIds.size())));
        jobIds.forEach(id -> args.add(id.toString()));
        args.add(Integer.toString(onMove.size()));
        onMove.forEach((field, value) -> {
            args.add(field);
            args.add(value);
        });
        requestFields.forEach((field, value) -> {
            args.add(field);
            args.add(value);
        });
        return redis.execute("EVAL", args.toArray(String[]::new)).replaceWithVoid();
    }

    private boolean isOld(Instant occurredAt) {
        return occurredAt.isBefore(Instant.now().minusSeconds(config.requestRetention().toSeconds()));
    }

    private String key(UUID requestId) {
        return config.redisKeyPrefix() + "request:" + requestId;
    }

    private String write(DeliveredImage image) {
        try {
            return json.writeValueAsString(image);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a record of strings and a UUID always serialises", e);
        }
    }

    private DeliveredImage read(String image) {
        try {
            return json.readValue(image, DeliveredImage.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the read model holds only what this class wrote", e);
        }
    }
}
