package org.openhorde.gateway.repository;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.openhorde.gateway.config.GatewayConfig;

/**
 * Each user's unfinished images, for the AI Horde's per-user concurrency limit ({@code TooManyPrompts}): one Redis
 * sorted set per user, a member per job, scored with the moment the job's slot lapses on its own.
 *
 * <p>Slots are taken atomically at accept (a Lua script checks and adds in one step, so concurrent requests of one
 * user cannot overshoot) and given back when the job's {@code JobCompleted} arrives, or when the request could not
 * be published. A slot whose completion never arrives (a crashed path, a lost read model) lapses after {@code
 * concurrency-slot-lifetime}: a user can never be locked out for good.
 */
@ApplicationScoped
public class ActiveJobs {

    private static final String TAKE = """
            local key = KEYS[1]
            redis.call('ZREMRANGEBYSCORE', key, '-inf', ARGV[1])
            local active = redis.call('ZCARD', key)
            local wanted = #ARGV - 4
            if active + wanted > tonumber(ARGV[3]) then return active end
            for i = 5, #ARGV do redis.call('ZADD', key, ARGV[2], ARGV[i]) end
            redis.call('EXPIRE', key, ARGV[4])
            return -1
            """;

    private final ReactiveRedisDataSource redis;
    private final GatewayConfig config;

    ActiveJobs(ReactiveRedisDataSource redis, GatewayConfig config) {
        this.redis = redis;
        this.config = config;
    }

    /**
     * Takes a slot per job if the user's unfinished jobs stay within {@code limit}.
     *
     * @return -1 when taken, else how many unfinished jobs the user already has (nothing was taken)
     */
    public Uni<Long> take(long userId, Collection<UUID> jobIds, int limit) {
        return take(userId, jobIds, limit, config.concurrencySlotLifetime());
    }

    /** As {@link #take(long, Collection, int)}, with slots that lapse after {@code slotLifetime}. */
    public Uni<Long> take(long userId, Collection<UUID> jobIds, int limit, Duration slotLifetime) {
        long now = System.currentTimeMillis();
        long lifetime = slotLifetime.toMillis();
        List<String> args = new ArrayList<>(List.of(TAKE, "1", key(userId), Long.toString(now),
                Long.toString(now + lifetime), Integer.toString(limit),
                Long.toString(Math.max(1, lifetime / 1000))));
        jobIds.forEach(id -> args.add(id.toString()));
        return redis.execute("EVAL", args.toArray(String[]::new)).map(answer -> answer.toLong());
    }

    /** Gives the jobs' slots back; releasing what was never taken (a replayed completion) changes nothing. */
    public Uni<Void> release(long userId, Collection<UUID> jobIds) {
        if (jobIds.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<String> args = new ArrayList<>(List.of("ZREM", key(userId)));
        jobIds.forEach(id -> args.add(id.toString()));
        return redis.execute(args.get(0), args.subList(1, args.size()).toArray(String[]::new)).replaceWithVoid();
    }

    /** The user's unfinished jobs that still hold a slot. */
    public Uni<Long> count(long userId) {
        String now = Long.toString(System.currentTimeMillis());
        return redis.execute("ZCOUNT", key(userId), "(" + now, "+inf").map(answer -> answer.toLong());
    }

    private String key(long userId) {
        return config.redisKeyPrefix() + "user-jobs:" + userId;
    }
}
