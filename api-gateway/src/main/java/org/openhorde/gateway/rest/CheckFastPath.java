package org.openhorde.gateway.rest;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.lang.reflect.Method;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.LongAdder;
import org.openhorde.contracts.internal.RequestEstimate;
import org.openhorde.gateway.config.GatewayConfig;
import org.openhorde.gateway.domain.RequestProgress;
import org.openhorde.gateway.service.QueueEstimates;
import org.openhorde.gateway.service.RequestStatuses;

/**
 * {@code GET /api/v2/generate/check/{id}} — the call every client repeats until its images are done — answered by a
 * plain Vert.x route in front of RESTEasy when this gateway holds the request in memory (decision 0018), so that it
 * costs no resource dispatch, no Jackson and no Mutiny pipeline of the resource (decision 0051). The body is the
 * resource's, written by hand; the rate limits are counted by {@link RateLimitFilter}'s own logic on the same
 * buckets.
 *
 * <p>Everything the memory cannot answer on its own goes on to {@link GenerateResource#check} unchanged, so every
 * error keeps its one documented form: an id that is not canonical, unknown, expired or forgotten (Redis, 404), a
 * path or {@code Accept} header that is not the plain one (RESTEasy's matching and negotiation), and a call the rate
 * limits refuse (the filter sends the refusal it was handed, without counting the call again).
 */
@Singleton
public class CheckFastPath {

    private static final String ROUTE = "/api/v2/generate/check/:id";
    private static final String PATH_PREFIX = "/api/v2/generate/check/";
    /** What RESTEasy sends for the resource's {@code @Produces(APPLICATION_JSON)} entity. */
    static final String CONTENT_TYPE = "application/json;charset=UTF-8";

    private final RequestStatuses statuses;
    private final QueueEstimates estimates;
    private final RateLimitFilter limits;
    private final Method resourceMethod;
    /** Starts as {@code horde.gateway.check-fast-path}; tests turn it off to get the resource's answer to compare. */
    private volatile boolean enabled;
    private final LongAdder answered = new LongAdder();

    CheckFastPath(RequestStatuses statuses, QueueEstimates estimates, RateLimitFilter limits, GatewayConfig config) {
        this.statuses = statuses;
        this.estimates = estimates;
        this.limits = limits;
        this.enabled = config.checkFastPath();
        try {
            // The resource method the limits are configured on, so both paths draw from the same buckets.
            this.resourceMethod = GenerateResource.class.getMethod("check", String.class);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException("GenerateResource.check(String) is the route this path stands in for", e);
        }
    }

    void install(@Observes Router router) {
        if (enabled) {
            router.get(ROUTE).order(InterrogationFastPaths.ORDER).handler(this::check);
        }
    }

    void enabled(boolean enabled) {
        this.enabled = enabled;
    }

    /** Checks answered here since start (tests tell the two paths apart by it). */
    long answered() {
        return answered.sum();
    }

    private void check(RoutingContext context) {
        HttpServerRequest request = context.request();
        String id = context.pathParam("id");
        Optional<RequestProgress> remembered = enabled && id != null && isPlain(request, id)
                ? statuses.remembered(id) : Optional.empty();
        if (remembered.isEmpty()) {
            context.next();
            return;
        }
        RequestProgress progress = remembered.get();
        Context caller = Vertx.currentContext();
        limits.decide(resourceMethod, request, request.getHeader("apikey"), "GET", request.path())
                .subscribe().with(refusal -> onCaller(caller, () -> {
                    if (refusal != null) {
                        RateLimitFilter.handOn(context, refusal);
                    } else {
                        answer(context, caller, id, progress);
                    }
                }), failure -> onCaller(caller, () -> RateLimitFilter.handOn(context, null)));
    }

    /**
     * The exact path (no trailing slash, no percent-encoding: then its bucket key is the decoded path RESTEasy
     * counts), one {@code apikey} header at most, and an {@code Accept} that needs no negotiation.
     */
    private static boolean isPlain(HttpServerRequest request, String id) {
        String path = request.path();
        if (path.length() != PATH_PREFIX.length() + id.length() || !path.startsWith(PATH_PREFIX)
                || !path.endsWith(id)) {
            return false;
        }
        String accept = request.getHeader(HttpHeaders.ACCEPT);
        if (accept != null && !"*/*".equals(accept) && !"application/json".equals(accept)) {
            return false;
        }
        return request.headers().getAll("apikey").size() <= 1;
    }

    private void answer(RoutingContext context, Context caller, String id, RequestProgress progress) {
        if (!GenerateResource.needsEstimate(progress)) {
            write(context, RequestStatusCheck.of(progress, RequestEstimate.UNKNOWN));
            return;
        }
        // The resource's shared, cached estimate: resolved already for all but about one poll a second per request;
        // it never fails (job-service unreachable or slow = the neutral estimate).
        Uni<RequestEstimate> estimate = estimates.estimate(UUID.fromString(id));
        estimate.subscribe().with(
                known -> onCaller(caller, () -> write(context, RequestStatusCheck.of(progress, known))),
                failure -> onCaller(caller, () -> RateLimitFilter.handOn(context, null)));
    }

    private void write(RoutingContext context, RequestStatusCheck check) {
        if (context.response().ended() || context.response().closed()) {
            return;
        }
        answered.increment();
        context.response().setStatusCode(200).putHeader(HttpHeaders.CONTENT_TYPE, CONTENT_TYPE).end(body(check));
    }

    /**
     * The JSON Jackson writes for {@link RequestStatusCheck}, field for field (Jackson writes a double as
     * {@link Double#toString}, as {@link StringBuilder#append(double)} does).
     */
    static String body(RequestStatusCheck check) {
        return new StringBuilder(200)
                .append("{\"finished\":").append(check.finished())
                .append(",\"processing\":").append(check.processing())
                .append(",\"restarted\":").append(check.restarted())
                .append(",\"waiting\":").append(check.waiting())
                .append(",\"done\":").append(check.done())
                .append(",\"faulted\":").append(check.faulted())
                .append(",\"wait_time\":").append(check.waitTime())
                .append(",\"queue_position\":").append(check.queuePosition())
                .append(",\"kudos\":").append(check.kudos())
                .append(",\"is_possible\":").append(check.isPossible())
                .append('}').toString();
    }

    private static void onCaller(Context caller, Runnable action) {
        if (caller == null || Vertx.currentContext() == caller) {
            action.run();
        } else {
            caller.runOnContext(ignored -> action.run());
        }
    }
}
