package org.openhorde.gateway.service;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.openhorde.gateway.config.GatewayConfig;
import org.openhorde.gateway.domain.RateLimit;
import org.openhorde.gateway.domain.RateLimitPlan.Bucket;

/**
 * Token buckets in Redis, shared by every gateway replica: one script call per request takes a token from each of the
 * request's buckets, or from none when one is empty, and in the same round trip tells whether the client's IP is in
 * timeout. The clock is Redis's, so replicas with skewed clocks count alike.
 */
@ApplicationScoped
public class RateLimiter {

    /**
     * KEYS[1..n]: the buckets; KEYS[n+1] (optional): the IP's timeout key. ARGV[1] = n, then per bucket its size and
     * its refill period in milliseconds. Answers {1} admitted, {0, retry-after ms, index of the empty bucket} or
     * {2, timeout ms left (-1 = no expiry)}.
     */
    static final String SCRIPT = """
            local n = tonumber(ARGV[1])
            if #KEYS > n then
              local left = redis.call('PTTL', KEYS[n + 1])
              if left ~= -2 then return {2, left} end
            end
            if n == 0 then return {1} end
            local time = redis.call('TIME')
            local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
            local tokens = {}
            local wait, culprit = 0, 0
            for i = 1, n do
              local size = tonumber(ARGV[2 * i])
              local period = tonumber(ARGV[2 * i + 1])
              local held = redis.call('HMGET', KEYS[i], 'tokens', 'at')
              local have = tonumber(held[1])
              if have == nil then
                have = size
              else
                local elapsed = math.max(0, now - tonumber(held[2]))
                have = math.min(size, have + elapsed * size / period)
              end
              tokens[i] = have
              if have < 1 then
                local needed = math.ceil((1 - have) * period / size)
                if needed > wait then wait, culprit = needed, i end
              end
            end
            if wait > 0 then return {0, wait, culprit} end
            for i = 1, n do
              redis.call('HSET', KEYS[i], 'tokens', tostring(tokens[i] - 1), 'at', now)
              redis.call('PEXPIRE', KEYS[i], ARGV[2 * i + 1])
            end
            return {1}
            """;

    /** What the script decided. */
    public sealed interface Verdict {
    }

    public record Admitted() implements Verdict {
    }

    /** No token left in {@code limit}'s bucket; the next one comes in {@code retryAfterMillis}. */
    public record Limited(RateLimit limit, long retryAfterMillis) implements Verdict {
    }

    /** The IP is in timeout for {@code millisLeft} more (-1: without expiry). */
    public record TimedOut(long millisLeft) implements Verdict {
    }

    private static final Admitted ADMITTED = new Admitted();

    private final ReactiveRedisDataSource redis;
    private final String bucketPrefix;
    private final String sha;
    private final Timer cost;

    RateLimiter(ReactiveRedisDataSource redis, GatewayConfig config, MeterRegistry metrics) {
        this.redis = redis;
        this.bucketPrefix = config.redisKeyPrefix() + "ratelimit:";
        this.sha = sha1(SCRIPT);
        this.cost = Timer.builder("horde.gateway.ratelimit.check")
                .description("One rate-limit and IP-timeout check: a single Redis script call")
                .publishPercentiles(0.5, 0.99)
                .register(metrics);
    }

    /**
     * Takes one token from each bucket (all or none) and, when {@code timeoutKey} is given, first checks that key.
     * No buckets and no timeout key: admitted without asking Redis.
     */
    public Uni<Verdict> take(List<Bucket> buckets, String timeoutKey) {
        if (buckets.isEmpty() && timeoutKey == null) {
            return Uni.createFrom().item(ADMITTED);
        }
        List<String> args = new ArrayList<>(4 + buckets.size() * 3);
        args.add(sha);
        args.add(Integer.toString(buckets.size() + (timeoutKey == null ? 0 : 1)));
        for (Bucket bucket : buckets) {
            args.add(bucketPrefix + bucket.key());
        }
        if (timeoutKey != null) {
            args.add(timeoutKey);
        }
        args.add(Integer.toString(buckets.size()));
        for (Bucket bucket : buckets) {
            args.add(Integer.toString(bucket.limit().count()));
            args.add(Long.toString(bucket.limit().periodMillis()));
        }
        long started = System.nanoTime();
        return redis.execute("EVALSHA", args.toArray(String[]::new))
                .onFailure(failure -> String.valueOf(failure.getMessage()).startsWith("NOSCRIPT"))
                .recoverWithUni(() -> {
                    // The first call on a fresh Redis (or after SCRIPT FLUSH) sends the script itself.
                    List<String> eval = new ArrayList<>(args);
                    eval.set(0, SCRIPT);
                    return redis.execute("EVAL", eval.toArray(String[]::new));
                })
                .map(answer -> verdict(answer, buckets))
                .eventually(() -> cost.record(System.nanoTime() - started, java.util.concurrent.TimeUnit.NANOSECONDS));
    }

    private static Verdict verdict(Response answer, List<Bucket> buckets) {
        long outcome = answer.get(0).toLong();
        if (outcome == 1) {
            return ADMITTED;
        }
        if (outcome == 2) {
            return new TimedOut(answer.get(1).toLong());
        }
        int culprit = answer.get(2).toInteger();
        return new Limited(buckets.get(culprit - 1).limit(), answer.get(1).toLong());
    }

    private static String sha1(String script) {
        try {
            return HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-1").digest(script.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-1", e);
        }
    }
}
