package org.openhorde.gateway.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The AI Horde's rate limits and IP timeouts (decision 0041). Every limit is written
 * {@code <count>/<second|minute|hour|day>@<scope>} (scopes: {@code ip} = client IP on one endpoint, {@code ip-path} =
 * client IP on one method and exact path, {@code apikey-path} = registered API key on one method and path,
 * {@code anonymous-apikey-path} = the anonymous key on one method and path), several separated by commas. The
 * defaults are the AI Horde's figures; the buckets live in Redis so every gateway replica shares them.
 */
@ConfigMapping(prefix = "horde.gateway.rate-limits")
public interface RateLimitConfig {

    /** Off = no request is ever counted or refused for its rate (IP timeouts still hold). */
    @WithDefault("true")
    boolean enabled();

    /**
     * Client IPs or CIDR blocks that are never rate limited: the operator's own services (a bridge, a bench). The AI
     * Horde gives its whitelisted service IPs higher limits; here they are simply not counted. Empty by default.
     */
    Optional<List<String>> exemptIps();

    /** Every route without a limit of its own (the AI Horde's global default: 90 per minute per IP and endpoint). */
    @WithDefault("90/minute@ip")
    String defaultLimit();

    /** {@code POST /generate/async} and {@code /generate/text/async}. */
    @WithDefault("90/minute@ip-path,2/second@ip-path,2/second@apikey-path,60/second@anonymous-apikey-path")
    String generateAsync();

    /** {@code GET /generate/check/{id}}. */
    @WithDefault("10/second@ip-path")
    String generateCheck();

    /** {@code GET /generate/status/{id}}. */
    @WithDefault("10/minute@ip-path")
    String generateStatus();

    /** {@code GET /generate/text/status/{id}}. */
    @WithDefault("60/minute@ip-path")
    String textStatus();

    /** {@code GET /interrogate/status/{id}}. */
    @WithDefault("10/second@ip-path")
    String interrogateStatus();

    /** {@code POST /generate/rate/{id}}. */
    @WithDefault("5/minute@ip-path")
    String generateRate();

    /** Workers' pops and submits (image, text, interrogation). */
    @WithDefault("60/second@ip")
    String workerJobs();

    /** {@code GET|PUT|DELETE /users/{id}}. */
    @WithDefault("60/minute@ip-path")
    String userDetails();

    /** {@code PUT /workers/{id}}. */
    @WithDefault("30/minute@ip-path")
    String workerChange();

    /** {@code POST /kudos/transfer}. */
    @WithDefault("1/second@apikey-path,90/hour@apikey-path")
    String kudosTransfer();

    /** {@code PUT /status/modes}. */
    @WithDefault("30/minute@ip")
    String modesChange();

    /**
     * How long a gateway reuses its copy of the timed-out CIDR blocks before reading them again (single addresses
     * are checked in Redis on every request, in the same round trip as the rate limits).
     */
    @WithDefault("PT1S")
    Duration blockRefresh();

    /** How long a worker's last IP address is remembered for {@code /operations/block_worker_ipaddr}. */
    @WithDefault("P7D")
    Duration workerAddressRetention();
}
