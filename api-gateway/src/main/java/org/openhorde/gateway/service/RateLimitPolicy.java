package org.openhorde.gateway.service;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.openhorde.gateway.config.RateLimitConfig;
import org.openhorde.gateway.domain.IpAddresses;
import org.openhorde.gateway.domain.IpAddresses.Block;
import org.openhorde.gateway.domain.LimitedRoute;
import org.openhorde.gateway.domain.RateLimit;

/** The configured limits, parsed once (a typo fails the first request's check loudly rather than limiting nothing). */
@ApplicationScoped
public class RateLimitPolicy {

    private final boolean enabled;
    private final List<Block> exempt = new ArrayList<>();
    private final List<RateLimit> defaultLimits;
    private final Map<LimitedRoute, List<RateLimit>> routeLimits = new EnumMap<>(LimitedRoute.class);

    RateLimitPolicy(RateLimitConfig config) {
        this.enabled = config.enabled();
        for (String entry : config.exemptIps().orElse(List.of())) {
            if (!entry.isBlank()) {
                exempt.add(IpAddresses.parseBlock(entry).orElseThrow(() -> new IllegalArgumentException(
                        "horde.gateway.rate-limits.exempt-ips: '" + entry + "' is not an IP address or CIDR block")));
            }
        }
        this.defaultLimits = RateLimit.parseAll(config.defaultLimit());
        routeLimits.put(LimitedRoute.GENERATE_ASYNC, RateLimit.parseAll(config.generateAsync()));
        routeLimits.put(LimitedRoute.INTERROGATE_ASYNC, defaultLimits);
        routeLimits.put(LimitedRoute.GENERATE_CHECK, RateLimit.parseAll(config.generateCheck()));
        routeLimits.put(LimitedRoute.GENERATE_STATUS, RateLimit.parseAll(config.generateStatus()));
        routeLimits.put(LimitedRoute.TEXT_STATUS, RateLimit.parseAll(config.textStatus()));
        routeLimits.put(LimitedRoute.INTERROGATE_STATUS, RateLimit.parseAll(config.interrogateStatus()));
        routeLimits.put(LimitedRoute.GENERATE_RATE, RateLimit.parseAll(config.generateRate()));
        routeLimits.put(LimitedRoute.WORKER_POP, RateLimit.parseAll(config.workerJobs()));
        routeLimits.put(LimitedRoute.WORKER_SUBMIT, RateLimit.parseAll(config.workerJobs()));
        routeLimits.put(LimitedRoute.USER_DETAILS, RateLimit.parseAll(config.userDetails()));
        routeLimits.put(LimitedRoute.WORKER_CHANGE, RateLimit.parseAll(config.workerChange()));
        routeLimits.put(LimitedRoute.KUDOS_TRANSFER, RateLimit.parseAll(config.kudosTransfer()));
        routeLimits.put(LimitedRoute.MODES_CHANGE, RateLimit.parseAll(config.modesChange()));
        routeLimits.put(LimitedRoute.EXEMPT, List.of());
    }

    public boolean enabled() {
        return enabled;
    }

    /** A route's limits; {@code null} = a route without limits of its own, which gets the default. */
    public List<RateLimit> limitsOf(LimitedRoute route) {
        return route == null ? defaultLimits : routeLimits.get(route);
    }

    /** The operator's own clients, never limited. */
    public boolean isExempt(Optional<byte[]> address) {
        if (exempt.isEmpty() || address.isEmpty()) {
            return false;
        }
        for (Block block : exempt) {
            if (block.contains(address.get())) {
                return true;
            }
        }
        return false;
    }
}
