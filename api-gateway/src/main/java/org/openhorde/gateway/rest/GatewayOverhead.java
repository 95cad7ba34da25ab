package org.openhorde.gateway.rest;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.common.vertx.ContextLocals;
import io.smallrye.common.vertx.VertxContext;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.Path;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.SimpleResourceInfo;

/**
 * The gateway's own time per call of a public route — from the moment its router takes the request until the
 * response has ended, less the time it waited for the internal services' answers (timed by
 * {@link DownstreamTiming} on every REST client) — as a histogram per route, {@code horde_gateway_overhead_seconds}.
 * The server timers give only means; issue 13's target is a p99 ("gateway overhead p99 ≤ 5 ms"), which the bench
 * reads from these buckets (decision 0058).
 *
 * <p>Measured for the routes RESTEasy serves. The answers given in front of it ({@link CheckFastPath},
 * {@link InterrogationFastPaths}) come before this route's order and are not measured; a request they hand on is
 * measured from then. Internal calls made side by side would count their time twice and understate the overhead;
 * the gateway makes its internal calls one after the other. A call that failed without an answer counts as the
 * gateway's own time.
 */
@ApplicationScoped
public class GatewayOverhead {

    /** After the fast paths ({@link InterrogationFastPaths#ORDER}), before RESTEasy's routes. */
    static final int ORDER = -80;
    /** Key of the {@link Call} on the routing context and on the request's duplicated Vert.x context. */
    public static final String CALL = "openhorde.gateway-call";
    /**
     * Bucket bounds: fine around the 5 ms target, coarse beyond. Fixed bounds rather than Micrometer's percentile
     * histogram: about 20 lines per route in {@code /q/metrics} instead of about 70.
     */
    static final Duration[] BOUNDS = {
            Duration.ofMillis(1).dividedBy(2), Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(3),
            Duration.ofMillis(4), Duration.ofMillis(5), Duration.ofMillis(7), Duration.ofMillis(10),
            Duration.ofMillis(15), Duration.ofMillis(20), Duration.ofMillis(30), Duration.ofMillis(50),
            Duration.ofMillis(75), Duration.ofMillis(100), Duration.ofMillis(150), Duration.ofMillis(250),
            Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(5)};

    private final MeterRegistry registry;
    private final Map<Method, String> routes = new ConcurrentHashMap<>();
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();

    /** One public call: when the router took it, the route RESTEasy matched, and the time spent waiting downstream. */
    public static final class Call {
        final long startNanos;
        final AtomicLong downstreamNanos = new AtomicLong();
        volatile String route;

        Call(long startNanos) {
            this.startNanos = startNanos;
        }

        public void addDownstream(long nanos) {
            downstreamNanos.addAndGet(nanos);
        }
    }

    GatewayOverhead(MeterRegistry registry) {
        this.registry = registry;
    }

    void install(@Observes Router router) {
        router.route().order(ORDER).handler(this::begin);
    }

    private void begin(RoutingContext context) {
        Call call = new Call(System.nanoTime());
        context.put(CALL, call);
        if (VertxContext.isOnDuplicatedContext()) {
            // The REST clients' filters run on this request's context and find the call there.
            ContextLocals.put(CALL, call);
        }
        context.addEndHandler(ended -> record(call));
        context.next();
    }

    /** Names the call by the resource method RESTEasy matched, as the server timers name it ("POST /api/v2/..."). */
    @ServerRequestFilter(priority = 1)
    public void name(SimpleResourceInfo resource, RoutingContext context) {
        if (context != null && context.get(CALL) instanceof Call call && resource != null
                && resource.getResourceClass() != null) {
            Method method = RateLimitFilter.resourceMethod(resource);
            if (method != null) {
                call.route = routes.computeIfAbsent(method, GatewayOverhead::route);
            }
        }
    }

    /** The call the current request's context carries, if any (null off a request, or outside the gateway's routes). */
    public static Call current() {
        return VertxContext.isOnDuplicatedContext() ? ContextLocals.<Call>get(CALL).orElse(null) : null;
    }

    private void record(Call call) {
        String route = call.route;
        if (route == null) {
            return;
        }
        long own = Math.max(0, System.nanoTime() - call.startNanos - call.downstreamNanos.get());
        timers.computeIfAbsent(route, r -> Timer.builder("horde.gateway.overhead")
                        .description("The gateway's own time per call of a public route: its whole time less the time"
                                + " it waited for internal services")
                        .tag("route", r)
                        .serviceLevelObjectives(BOUNDS)
                        .register(registry))
                .record(own, TimeUnit.NANOSECONDS);
    }

    /** "POST /api/v2/generate/pop": the HTTP method and the class's and method's paths. */
    static String route(Method method) {
        String verb = "?";
        for (var annotation : method.getAnnotations()) {
            jakarta.ws.rs.HttpMethod http = annotation.annotationType().getAnnotation(jakarta.ws.rs.HttpMethod.class);
            if (http != null) {
                verb = http.value();
            }
        }
        Path classPath = method.getDeclaringClass().getAnnotation(Path.class);
        Path methodPath = method.getAnnotation(Path.class);
        String path = join(classPath == null ? "" : classPath.value(), methodPath == null ? "" : methodPath.value());
        return verb + " " + path;
    }

    private static String join(String a, String b) {
        String left = a.endsWith("/") ? a.substring(0, a.length() - 1) : a;
        String right = b.isEmpty() || b.startsWith("/") ? b : "/" + b;
        String joined = left + right;
        return joined.isEmpty() ? "/" : joined;
    }
}
