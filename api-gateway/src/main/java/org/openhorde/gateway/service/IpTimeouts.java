package org.openhorde.gateway.service;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.keys.ReactiveKeyCommands;
import io.quarkus.redis.datasource.keys.RedisKeyNotFoundException;
import io.quarkus.redis.datasource.sortedset.ReactiveSortedSetCommands;
import io.quarkus.redis.datasource.sortedset.ScoreRange;
import io.quarkus.redis.datasource.sortedset.ScoredValue;
import io.quarkus.redis.datasource.value.ReactiveValueCommands;
import io.quarkus.redis.datasource.value.SetArgs;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;
import org.openhorde.contracts.HordeException;
import org.openhorde.contracts.Rc;
import org.openhorde.gateway.config.GatewayConfig;
import org.openhorde.gateway.config.RateLimitConfig;
import org.openhorde.gateway.domain.IpAddresses;
import org.openhorde.gateway.domain.IpAddresses.Block;

/**
 * The AI Horde's IP timeouts ({@code /operations/ipaddr}), in Redis with expiry so every replica sees them. A single
 * address is one key with its time to live (checked on every guarded request inside the rate limiter's script); a
 * CIDR block is a member of one sorted set scored by its end, which each replica copies at most once per
 * {@code block-refresh}. Also remembers each worker's last IP, for {@code /operations/block_worker_ipaddr}.
 */
@ApplicationScoped
public class IpTimeouts {

    private static final Logger LOG = Logger.getLogger(IpTimeouts.class);

    /** One timeout as the AI Horde lists it. */
    public record Timeout(String ipaddr, long seconds) {
    }

    private record CachedBlock(Block block, long endMillis) {
    }

    private final ReactiveValueCommands<String, String> values;
    private final ReactiveKeyCommands<String> keys;
    private final ReactiveSortedSetCommands<String, String> blocks;
    private final String addressPrefix;
    private final String blocksKey;
    private final String workerPrefix;
    private final long blockRefreshNanos;
    private final Duration workerAddressRetention;
    private final ConcurrentHashMap<String, long[]> workerAddressWritten = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, String> workerAddressSeen = new ConcurrentHashMap<>();
    private volatile List<CachedBlock> cachedBlocks = List.of();
    private volatile long blocksReadAtNanos;
    private volatile boolean blocksEverRead;

    IpTimeouts(ReactiveRedisDataSource redis, GatewayConfig gateway, RateLimitConfig config) {
        this.values = redis.value(String.class, String.class);
        this.keys = redis.key(String.class);
        this.blocks = redis.sortedSet(String.class, String.class);
        this.addressPrefix = gateway.redisKeyPrefix() + "iptimeout:";
        this.blocksKey = gateway.redisKeyPrefix() + "iptimeout-blocks";
        this.workerPrefix = gateway.redisKeyPrefix() + "worker-ip:";
        this.blockRefreshNanos = config.blockRefresh().toNanos();
        this.workerAddressRetention = config.workerAddressRetention();
    }

    /** The Redis key of a single address's timeout (the rate limiter's script reads it). */
    public String addressKey(String canonicalAddress) {
        return addressPrefix + canonicalAddress;
    }

    public Uni<Void> set(Block target, Duration length) {
        Uni<?> write = target.isSingleAddress()
                ? values.set(addressKey(target.text()), "1", new SetArgs().px(length.toMillis()))
                : blocks.zadd(blocksKey, System.currentTimeMillis() + length.toMillis(), target.text());
        return write.onFailure().transform(IpTimeouts::unavailable).invoke(done -> blocksEverRead = false)
                .replaceWithVoid();
    }

    public Uni<Void> delete(Block target) {
        Uni<?> removal = target.isSingleAddress()
                ? keys.del(addressKey(target.text()))
                : blocks.zrem(blocksKey, target.text());
        return removal.onFailure().transform(IpTimeouts::unavailable).invoke(done -> blocksEverRead = false)
                .replaceWithVoid();
    }

    /** Every CIDR block in timeout (the AI Horde's {@code GET /operations/ipaddr} lists blocks only). */
    public Uni<List<Timeout>> blocks() {
        long now = System.currentTimeMillis();
        return blocks.zrangebyscoreWithScores(blocksKey, ScoreRange.from(now, Double.POSITIVE_INFINITY))
                .onFailure().transform(IpTimeouts::unavailable)
                .map(found -> {
                    // Ended blocks are swept by whoever lists them; nobody is refused by one meanwhile.
                    blocks.zremrangebyscore(blocksKey, ScoreRange.from(Double.NEGATIVE_INFINITY, now))
                            .subscribe().with(removed -> { }, failure -> { });
                    List<Timeout> listed = new ArrayList<>(found.size());
                    for (ScoredValue<String> block : found) {
                        listed.add(new Timeout(block.value(), secondsUntil((long) block.score(), now)));
                    }
                    return listed;
                });
    }

    /** The timeouts that hold for this address: the blocks that contain it, then its own. */
    public Uni<List<Timeout>> matching(Block address) {
        return blocks().flatMap(all -> keys.pttl(addressKey(address.text()))
                // Quarkus answers a missing key with an exception where Redis answers -2.
                .onFailure(RedisKeyNotFoundException.class).recoverWithItem(-2L)
                .onFailure().transform(IpTimeouts::unavailable)
                .map(millisLeft -> {
                    List<Timeout> found = new ArrayList<>();
                    for (Timeout block : all) {
                        IpAddresses.parseBlock(block.ipaddr()).filter(b -> b.contains(address.network()))
                                .ifPresent(b -> found.add(block));
                    }
                    if (millisLeft != -2) {
                        found.add(new Timeout(address.text(), millisLeft < 0 ? -1 : (millisLeft + 999) / 1000));
                    }
                    return found;
                }));
    }

    /**
     * Seconds left on a block that contains this address, from this replica's copy of the blocks (read again when
     * older than {@code block-refresh}); empty when none does. Redis unreachable: the last copy holds.
     */
    public Uni<Optional<Long>> blockedFor(byte[] address) {
        long now = System.nanoTime();
        Uni<List<CachedBlock>> current = blocksEverRead && now - blocksReadAtNanos < blockRefreshNanos
                ? Uni.createFrom().item(cachedBlocks)
                : refreshBlocks(now);
        return current.map(all -> {
            long wall = System.currentTimeMillis();
            for (CachedBlock cached : all) {
                if (cached.endMillis() > wall && cached.block().contains(address)) {
                    return Optional.of(secondsUntil(cached.endMillis(), wall));
                }
            }
            return Optional.empty();
        });
    }

    private Uni<List<CachedBlock>> refreshBlocks(long nowNanos) {
        return blocks.zrangebyscoreWithScores(blocksKey,
                        ScoreRange.from(System.currentTimeMillis(), Double.POSITIVE_INFINITY))
                .map(found -> {
                    List<CachedBlock> copy = new ArrayList<>(found.size());
                    for (ScoredValue<String> block : found) {
                        IpAddresses.parseBlock(block.value())
                                .ifPresent(parsed -> copy.add(new CachedBlock(parsed, (long) block.score())));
                    }
                    cachedBlocks = List.copyOf(copy);
                    blocksReadAtNanos = nowNanos;
                    blocksEverRead = true;
                    return cachedBlocks;
                })
                .onFailure().recoverWithItem(failure -> {
                    LOG.warnf("IP timeout blocks unreadable, keeping the last known: %s", failure.toString());
                    return cachedBlocks;
                });
    }

    /**
     * A worker popped from this address. Written to Redis when it changed or at most once a minute per worker (the
     * AI Horde persists a worker's check-in every 30 s), off the pop's path.
     */
    public void workerSeen(String workerName, String address) {
        if (workerName == null || workerName.isBlank() || address == null) {
            return;
        }
        String name = workerName.strip().toLowerCase(Locale.ROOT);
        long now = System.nanoTime();
        long[] last = workerAddressWritten.computeIfAbsent(name, n -> new long[] {now - 120_000_000_000L});
        boolean changed = !address.equals(workerAddressSeen.put(name, address));
        if (!changed && now - last[0] < 60_000_000_000L) {
            return;
        }
        last[0] = now;
        values.set(workerPrefix + name, address, new SetArgs().px(workerAddressRetention.toMillis()))
                .subscribe().with(done -> { }, failure -> last[0] = now - 120_000_000_000L);
    }

    /** The last address a worker popped from, if it did within {@code worker-address-retention}. */
    public Uni<Optional<String>> workerAddress(String workerName) {
        return values.get(workerPrefix + workerName.strip().toLowerCase(Locale.ROOT))
                .onFailure().transform(IpTimeouts::unavailable)
                .map(Optional::ofNullable);
    }

    private static long secondsUntil(long endMillis, long nowMillis) {
        return Math.max(0, (endMillis - nowMillis + 999) / 1000);
    }

    private static HordeException unavailable(Throwable failure) {
        LOG.warnf("IP timeouts: Redis failed: %s", failure.toString());
        return new HordeException(Rc.ServiceUnavailable,
                "IP timeouts cannot be read or stored right now; please retry in a moment.");
    }
}
