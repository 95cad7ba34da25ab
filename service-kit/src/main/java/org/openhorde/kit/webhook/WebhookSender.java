package org.openhorde.kit.webhook;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * POSTs a request's webhook after a generation or an interrogation form was delivered, as the AI Horde does: a JSON
 * body, {@code horde.webhooks.timeout} (3 s) per attempt, up to {@code horde.webhooks.attempts} (3) attempts until one
 * answers 2xx, best effort (a receiver that never answers only costs a log line and a metric).
 *
 * <p>Never on the caller's path: {@link #send} only counts the delivery in and returns; the posts run on Vert.x's
 * non-blocking client. Callers hand a delivery over only after their transaction committed, so a receiver never hears
 * of a delivery that rolled back. At most {@code horde.webhooks.max-pending} (256, the AI Horde's queue bound)
 * deliveries are in flight per service; beyond that a delivery is dropped and counted, so that receivers that hang
 * cannot pile up memory or connections.
 *
 * <p>Metrics: {@code horde_webhooks_deliveries_total{outcome=ok|giveup|dropped|refused}} per delivery,
 * {@code horde_webhooks_attempts_seconds{outcome=ok|http_error|exception}} per attempt, {@code horde_webhooks_pending}.
 */
@ApplicationScoped
public class WebhookSender {

    private static final Logger LOG = Logger.getLogger(WebhookSender.class);

    private final WebClient client;
    private final MeterRegistry metrics;
    private final boolean allowHttp;
    private final Duration timeout;
    private final int attempts;
    private final int maxPending;
    private final AtomicInteger pending = new AtomicInteger();

    WebhookSender(Vertx vertx, MeterRegistry metrics,
                  @ConfigProperty(name = "horde.webhooks.allow-http", defaultValue = "false") boolean allowHttp,
                  @ConfigProperty(name = "horde.webhooks.timeout", defaultValue = "3s") Duration timeout,
                  @ConfigProperty(name = "horde.webhooks.attempts", defaultValue = "3") int attempts,
                  @ConfigProperty(name = "horde.webhooks.max-pending", defaultValue = "256") int maxPending) {
        if (attempts < 1 || maxPending < 1) {
            throw new IllegalArgumentException("horde.webhooks.attempts and max-pending must be at least 1");
        }
        this.client = WebClient.create(vertx, new WebClientOptions()
                .setConnectTimeout((int) timeout.toMillis())
                .setIdleTimeout((int) Math.max(1, timeout.toSeconds()))
                .setUserAgent("OpenHorde webhook")
                .setFollowRedirects(false)
                .setMaxPoolSize(16));
        this.metrics = metrics;
        this.allowHttp = allowHttp;
        this.timeout = timeout;
        this.attempts = attempts;
        this.maxPending = maxPending;
        metrics.gauge("horde_webhooks_pending", pending);
    }

    /**
     * Hands a delivery over and returns at once, never throws; {@code false} when it is not sent at all (no webhook,
     * a URL this horde refuses, too many deliveries in flight).
     */
    public boolean send(String url, Map<String, Object> body) {
        if (url == null || url.isBlank()) {
            return false;
        }
        if (!WebhookUrls.acceptable(url, allowHttp)) {
            // The gateway refuses these at intake; a request accepted under another setting is not posted.
            count("refused");
            return false;
        }
        if (pending.incrementAndGet() > maxPending) {
            pending.decrementAndGet();
            count("dropped");
            LOG.warnf("Webhook deliveries in flight exceed %d; dropping one for %s", maxPending, body.get("id"));
            return false;
        }
        try {
            Buffer json = new JsonObject(body).toBuffer();
            attempt(url, json, 0, String.valueOf(body.get("id")));
            return true;
        } catch (RuntimeException e) {
            // The caller's delivery committed already: a webhook that cannot even start must not fail it.
            pending.decrementAndGet();
            count("giveup");
            LOG.warnf(e, "Webhook for %s could not be sent", body.get("id"));
            return false;
        }
    }

    private void attempt(String url, Buffer json, int attempt, String id) {
        long started = System.nanoTime();
        client.postAbs(url).timeout(timeout.toMillis()).putHeader("Content-Type", "application/json")
                .sendBuffer(json)
                .onComplete(done -> {
                    HttpResponse<Buffer> response = done.succeeded() ? done.result() : null;
                    boolean ok = response != null && response.statusCode() / 100 == 2;
                    String outcome = ok ? "ok" : response != null ? "http_error" : "exception";
                    Timer.builder("horde_webhooks_attempts_seconds").tag("outcome", outcome).register(metrics)
                            .record(Duration.ofNanos(System.nanoTime() - started));
                    if (ok) {
                        finish("ok");
                    } else if (attempt + 1 < attempts) {
                        LOG.debugf("Webhook for %s failed (%s); %d more attempts", id,
                                response != null ? response.statusCode() : done.cause(), attempts - attempt - 1);
                        attempt(url, json, attempt + 1, id);
                    } else {
                        LOG.infof("Webhook for %s gave up after %d attempts (%s)", id, attempts,
                                response != null ? response.statusCode() : done.cause());
                        finish("giveup");
                    }
                });
    }

    private void finish(String outcome) {
        pending.decrementAndGet();
        count(outcome);
    }

    private void count(String outcome) {
        metrics.counter("horde_webhooks_deliveries_total", "outcome", outcome).increment();
    }

    public boolean allowHttp() {
        return allowHttp;
    }

    @PreDestroy
    void close() {
        client.close();
    }
}
