package org.openhorde.gateway.rest;

import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Singleton;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.SimpleResourceInfo;
import org.openhorde.contracts.HordeError;
import org.openhorde.kit.rest.ErrorBody;
import org.openhorde.contracts.Rc;
import org.openhorde.gateway.domain.IpAddresses;
import org.openhorde.gateway.domain.LimitedRoute;
import org.openhorde.gateway.domain.RateLimit;
import org.openhorde.gateway.domain.RateLimitPlan;
import org.openhorde.gateway.service.IpTimeouts;
import org.openhorde.gateway.service.RateLimitPolicy;
import org.openhorde.gateway.service.RateLimiter;
import org.openhorde.gateway.service.RateLimiter.Limited;
import org.openhorde.gateway.service.RateLimiter.TimedOut;
import org.openhorde.gateway.service.VerifiedKeys;

/**
 * Every public call passes here before its resource runs: its rate limits (429 with {@code Retry-After}) and, on
 * requests and pops, the client IP's timeout (403 {@code TimeoutIP}) are decided in one Redis script call. The client
 * IP is the connection's peer, or what a trusted proxy forwarded ({@code quarkus.http.proxy.*}, decision 0041).
 * Redis unreachable: the request goes through (a limiter must not take the horde down with it).
 */
@Singleton
public class RateLimitFilter {

    private static final Logger LOG = Logger.getLogger(RateLimitFilter.class);

    /** Routing-context key of a {@link Decided}. */
    static final String DECIDED = "openhorde.rate-limits-decided";

    private final RateLimiter limiter;
    private final IpTimeouts timeouts;
    private final RateLimitPolicy policy;
    private final Map<Method, Guard> guards = new ConcurrentHashMap<>();

    private record Guard(String endpoint, List<RateLimit> limits, boolean refusesTimedOutIp) {
    }

    RateLimitFilter(RateLimiter limiter, IpTimeouts timeouts, RateLimitPolicy policy) {
        this.limiter = limiter;
        this.timeouts = timeouts;
        this.policy = policy;
    }

    @ServerRequestFilter
    public Uni<Response> admit(ContainerRequestContext context, SimpleResourceInfo resource,
                               HttpServerRequest request, RoutingContext routing) {
        if (routing != null && routing.get(DECIDED) instanceof Decided decided) {
            // A route in front of RESTEasy already counted this call and handed it on: never count it twice.
            return Uni.createFrom().item(decided.refusal());
        }
        return decide(resourceMethod(resource), request, context.getHeaderString("apikey"), context.getMethod(),
                context.getUriInfo().getPath());
    }

    /**
     * The limits' and IP timeouts' answer to one call of a resource method: null lets it through, else the refusal
     * to send. Shared with the routes that answer in front of RESTEasy ({@link CheckFastPath}), so both count the
     * same buckets and refuse alike.
     *
     * @param path the decoded request path, as {@code UriInfo.getPath()} gives it
     */
    Uni<Response> decide(Method method, HttpServerRequest request, String apikey, String httpMethod, String path) {
        if (method == null) {
            return Uni.createFrom().nullItem();
        }
        Guard guard = guards.computeIfAbsent(method, this::guardOf);
        // Parsed once, and written out only when a bucket or a timeout needs it: an exempt client's call (the
        // operator's, loopback on a local horde) then costs one parse and no formatting.
        String host = remoteHost(request);
        Optional<byte[]> address = IpAddresses.parseAddress(host);
        boolean counted = policy.enabled() && !guard.limits().isEmpty() && !policy.isExempt(address);
        if (!counted && !guard.refusesTimedOutIp()) {
            return Uni.createFrom().nullItem();
        }
        String clientIp = canonical(host, address);
        boolean anonymous = RateLimitPlan.isAnonymous(apikey);
        List<RateLimitPlan.Bucket> buckets = counted
                ? RateLimitPlan.buckets(guard.limits(), new RateLimitPlan.Call(clientIp, httpMethod, path,
                        guard.endpoint(), anonymous, anonymous ? null : VerifiedKeys.fingerprint(apikey.strip())))
                : List.of();
        String timeoutKey = guard.refusesTimedOutIp() ? timeouts.addressKey(clientIp) : null;
        Uni<Response> blocked = guard.refusesTimedOutIp() && address.isPresent()
                ? timeouts.blockedFor(address.get()).map(seconds -> seconds.map(RateLimitFilter::timedOut).orElse(null))
                : Uni.createFrom().nullItem();
        return blocked.flatMap(refused -> refused != null ? Uni.createFrom().item(refused)
                : limiter.take(buckets, timeoutKey).map(RateLimitFilter::answer))
                .onFailure().recoverWithItem(failure -> {
                    LOG.warnf("rate limits and IP timeouts unchecked (Redis): %s", failure.toString());
                    return null;
                });
    }

    /** What a route in front of RESTEasy decided of a call it then hands on; {@code refusal} null = let through. */
    record Decided(Response refusal) {
    }

    /**
     * Hands a call a route in front of RESTEasy already decided on to the resource: with a refusal, the filter sends
     * it; without, the resource runs; either way the call is not counted again.
     */
    static void handOn(RoutingContext context, Response refusal) {
        context.put(DECIDED, new Decided(refusal));
        context.next();
    }

    /** Null lets the request through. */
    private static Response answer(RateLimiter.Verdict verdict) {
        if (verdict instanceof Limited limited) {
            return tooMany(limited);
        }
        if (verdict instanceof TimedOut timedOut) {
            return timedOut(timedOut.millisLeft() < 0 ? -1 : (timedOut.millisLeft() + 999) / 1000);
        }
        return null;
    }

    private Guard guardOf(Method method) {
        RateLimited named = method.getAnnotation(RateLimited.class);
        String endpoint = method.getDeclaringClass().getSimpleName() + "." + method.getName();
        if (named == null) {
            return new Guard(endpoint, policy.limitsOf(null), false);
        }
        return new Guard(endpoint, policy.limitsOf(named.value()), named.value().refusesTimedOutIp());
    }

    /**
     * Resource method by the resource info RESTEasy hands the filters: one info per resource method, so a handful of
     * entries; capped all the same, in case a version ever hands out one per call.
     */
    private static final Map<SimpleResourceInfo, Method> METHODS = new ConcurrentHashMap<>();
    private static final int METHODS_CACHED_AT_MOST = 4096;

    /** The resource method a call matched, looked up by reflection once per resource method (two filters ask). */
    static Method resourceMethod(SimpleResourceInfo resource) {
        if (resource == null || resource.getResourceClass() == null) {
            return null;
        }
        Method known = METHODS.get(resource);
        if (known != null) {
            return known;
        }
        Method found = lookUp(resource);
        if (found != null && METHODS.size() < METHODS_CACHED_AT_MOST) {
            METHODS.put(resource, found);
        }
        return found;
    }

    private static Method lookUp(SimpleResourceInfo resource) {
        try {
            return resource.getResourceClass().getMethod(resource.getMethodName(), resource.parameterTypes());
        } catch (NoSuchMethodException e) {
            for (Method candidate : resource.getResourceClass().getDeclaredMethods()) {
                if (candidate.getName().equals(resource.getMethodName())) {
                    return candidate;
                }
            }
            return null;
        }
    }

    /** The client's address in canonical form (so one IPv6 client is one key however it is written). */
    public static String clientIp(HttpServerRequest request) {
        String host = remoteHost(request);
        return canonical(host, IpAddresses.parseAddress(host));
    }

    private static String remoteHost(HttpServerRequest request) {
        SocketAddress remote = request.remoteAddress();
        return remote == null ? null : remote.hostAddress();
    }

    private static String canonical(String host, Optional<byte[]> address) {
        return address.map(IpAddresses::format).orElse(host == null ? "unknown" : host);
    }

    /** flask-limiter's words in the AI Horde's error shape, with when to retry. */
    private static Response tooMany(Limited limited) {
        long retryAfter = Math.max(1, (limited.retryAfterMillis() + 999) / 1000);
        return Response.status(429)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .header("Retry-After", Long.toString(retryAfter))
                .header("X-RateLimit-Limit", Integer.toString(limited.limit().count()))
                .header("X-RateLimit-Remaining", "0")
                .entity(ErrorBody.of(new HordeError(limited.limit().describe(), Rc.TooManyRequests)))
                .build();
    }

    /** The AI Horde's {@code TimeoutIP}: the seconds left, unless over 4 days (or without end). */
    static Response timedOut(long secondsLeft) {
        String message = secondsLeft < 0 || secondsLeft > 4L * 24 * 3600
                ? "Due to abuse prevention, your IP address has been put into timeout. Please try again later, or "
                        + "contact us on discord if you think this was an error."
                : "Due to abuse prevention, your IP address has been put into timeout for " + secondsLeft
                        + " more seconds. Please try again later, or contact us on discord if you think this was "
                        + "an error.";
        return Response.status(Rc.TimeoutIP.httpStatus())
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(ErrorBody.of(new HordeError(message, Rc.TimeoutIP)))
                .build();
    }
}
