package org.openhorde.gateway.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.lang.reflect.Method;
import java.util.concurrent.atomic.AtomicInteger;
import org.openhorde.contracts.HordeException;
import org.openhorde.gateway.config.GatewayConfig;
import org.openhorde.gateway.service.InterrogationRequests;
import org.openhorde.kit.rest.ErrorBody;

/**
 * The two answers a GenAlt-style flood asks for by the thousand, given by plain Vert.x routes in front of RESTEasy
 * (decision 0039), so that they cost the gateway's event loops as little as possible and registered users' requests
 * on the same loops wait less:
 * <ul>
 *   <li>{@code POST /interrogate/async} with the anonymous key while the anonymous user was just found at its
 *       concurrency limit: 429 {@code TooManyPrompts} at once — the body is read off the connection and dropped, not
 *       parsed; no key check, no Redis;</li>
 *   <li>{@code GET /interrogate/status/{id}} of an id this horde does not know (never existed, expired, malformed):
 *       404 {@code RequestNotFound} after one Redis read, without resource dispatch or exception mapping. A known id
 *       goes on to the resource, which then does not read Redis again. The route's rate limit (the AI Horde's
 *       10/second per client and path) is counted here first, with {@link RateLimitFilter}'s own logic and buckets,
 *       so a client polling too fast gets the same 429 on either path and a call is never counted twice; an exempt
 *       client (the operator's, loopback on a local horde) costs no Redis call for it. The 404 is held back for
 *       {@code unknown-interrogation-answer-delay} (1 s) before it is sent (decision 0060): a client that polls a
 *       missing id again as soon as it has its answer then polls about once a second per connection, not hundreds of
 *       times; at most {@code unknown-interrogation-answers-held-at-most} are held at once, the others answered at
 *       once.</li>
 * </ul>
 * Everything else, and the same requests when these answers do not apply, go on to the resource unchanged.
 *
 * <p>The anonymous refusal is not rate limited first: it is the cheapest answer the gateway has, and a client over
 * its concurrency gets a 429 either way.
 */
@ApplicationScoped
public class InterrogationFastPaths {

    /** After the service kit's {@code RequestGuard} (-100), before RESTEasy's routes. */
    static final int ORDER = -90;
    /** Set on the routing context when the status route found the id known, for the resource. */
    static final String KNOWN = "openhorde.interrogation-known";
    private static final String ANONYMOUS_KEY = "0000000000";
    private static final String ASYNC = "/api/v2/interrogate/async";
    private static final String STATUS = "/api/v2/interrogate/status/:id";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final InterrogationRequests requests;
    private final GatewayConfig config;
    private final RateLimitFilter limits;
    private final Method statusMethod;
    /** 404s to unknown ids waiting for their delay to pass. */
    private final AtomicInteger held = new AtomicInteger();
    private final Counter answeredLate;
    private final Counter answeredAtOnce;

    InterrogationFastPaths(InterrogationRequests requests, GatewayConfig config, RateLimitFilter limits,
                           MeterRegistry metrics) {
        this.requests = requests;
        this.config = config;
        this.limits = limits;
        metrics.gauge("horde.gateway.interrogation.status.unknown.held", held);
        this.answeredLate = metrics.counter("horde.gateway.interrogation.status.unknown.answered", "when", "late");
        this.answeredAtOnce = metrics.counter("horde.gateway.interrogation.status.unknown.answered", "when",
                "at_once");
        try {
            // The resource method the limits are configured on, so both paths draw from the same buckets.
            this.statusMethod = InterrogateResource.class.getMethod("status", String.class, RoutingContext.class);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException("InterrogateResource.status is the route this path stands in for", e);
        }
    }

    void install(@Observes Router router) {
        router.post(ASYNC).order(ORDER).handler(this::async);
        if (config.unknownInterrogationFastPath()) {
            router.get(STATUS).order(ORDER).handler(this::status);
        }
    }

    private void async(RoutingContext context) {
        HttpServerRequest request = context.request();
        HordeException refusal = ANONYMOUS_KEY.equals(request.getHeader("apikey"))
                ? requests.anonymousRefusalAtOnce() : null;
        if (refusal == null) {
            context.next();
            return;
        }
        // The body still has to come off the connection (keep-alive), but it is dropped unparsed.
        if (request.isEnded()) {
            answer(context, refusal);
        } else {
            request.handler(ignored -> { });
            request.endHandler(ignored -> answer(context, refusal));
            request.exceptionHandler(ignored -> { });
            request.resume();
        }
    }

    private void status(RoutingContext context) {
        HttpServerRequest request = context.request();
        String path = request.path();
        if (path.indexOf('%') >= 0 || path.endsWith("/")) {
            // The limits' bucket key is the decoded path RESTEasy counts: such paths go there, counted there.
            context.next();
            return;
        }
        String id = context.pathParam("id");
        Context caller = Vertx.currentContext();
        limits.decide(statusMethod, request, request.getHeader("apikey"), "GET", path)
                .subscribe().with(refusal -> onCaller(caller, () -> {
                    if (refusal != null) {
                        RateLimitFilter.handOn(context, refusal);
                    } else {
                        answerKnownOrNot(context, caller, id);
                    }
                }), failure -> onCaller(caller, () -> RateLimitFilter.handOn(context, null)));
    }

    /** After the limits let it through: 404 for an unknown id, else on to the resource (Redis trouble: it answers). */
    private void answerKnownOrNot(RoutingContext context, Context caller, String id) {
        requests.known(id).subscribe().with(known -> onCaller(caller, () -> {
            if (known) {
                context.put(KNOWN, Boolean.TRUE);
                RateLimitFilter.handOn(context, null);
            } else {
                answerUnknown(context, InterrogationRequests.interrogationNotFound(id));
            }
        }), failure -> onCaller(caller, () -> RateLimitFilter.handOn(context, null)));
    }

    /**
     * The 404 to an id this horde does not know, sent after the configured delay (on the request's own event loop);
     * at once when there is no delay or too many are already held. A client that went away meanwhile gets nothing.
     */
    private void answerUnknown(RoutingContext context, HordeException notFound) {
        long delayMillis = config.unknownInterrogationAnswerDelay().toMillis();
        if (delayMillis <= 0) {
            answerAtOnce(context, notFound);
            return;
        }
        if (held.incrementAndGet() > config.unknownInterrogationAnswersHeldAtMost()) {
            held.decrementAndGet();
            answerAtOnce(context, notFound);
            return;
        }
        context.vertx().setTimer(delayMillis, ignored -> {
            held.decrementAndGet();
            answeredLate.increment();
            answer(context, notFound);
        });
    }

    private void answerAtOnce(RoutingContext context, HordeException notFound) {
        answeredAtOnce.increment();
        answer(context, notFound);
    }

    private static void onCaller(Context caller, Runnable action) {
        if (caller == null || Vertx.currentContext() == caller) {
            action.run();
        } else {
            caller.runOnContext(ignored -> action.run());
        }
    }

    private static void answer(RoutingContext context, HordeException error) {
        if (context.response().ended() || context.response().closed()) {
            return;
        }
        String body;
        try {
            body = JSON.writeValueAsString(ErrorBody.of(error.error()));
        } catch (JsonProcessingException cannotHappen) {
            body = "{\"message\":\"error\",\"rc\":\"" + error.error().rc() + "\"}";
        }
        context.response().setStatusCode(error.httpStatus()).putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(body);
    }
}
