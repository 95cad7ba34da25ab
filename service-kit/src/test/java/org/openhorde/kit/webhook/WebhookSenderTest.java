package org.openhorde.kit.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Pins the sender against a local receiver: one post with the JSON body on a 2xx, three attempts on errors, the
 * caller never waits, refused URLs and a full queue are counted and not posted.
 */
class WebhookSenderTest {

    private Vertx vertx;
    private HttpServer receiver;
    private SimpleMeterRegistry metrics;
    private final List<String> received = new CopyOnWriteArrayList<>();
    private final CountDownLatch hang = new CountDownLatch(1);

    @BeforeEach
    void start() throws IOException {
        vertx = Vertx.vertx();
        metrics = new SimpleMeterRegistry();
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.setExecutor(Executors.newCachedThreadPool());
        receiver.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            received.add(path + " " + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            if (path.startsWith("/hang")) {
                try {
                    hang.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            exchange.sendResponseHeaders(path.startsWith("/fail") ? 503 : 200, -1);
            exchange.close();
        });
        receiver.start();
    }

    @AfterEach
    void stop() {
        hang.countDown();
        receiver.stop(0);
        vertx.close();
    }

    private WebhookSender sender(int maxPending) {
        return new WebhookSender(vertx, metrics, true, Duration.ofSeconds(3), 3, maxPending);
    }

    private String url(String path) {
        return "http://127.0.0.1:" + receiver.getAddress().getPort() + path;
    }

    private double deliveries(String outcome) {
        var counter = metrics.find("horde_webhooks_deliveries_total").tag("outcome", outcome).counter();
        return counter == null ? 0 : counter.count();
    }

    private void awaitDeliveries(String outcome, double count) throws InterruptedException {
        for (int i = 0; i < 300 && deliveries(outcome) < count; i++) {
            Thread.sleep(50);
        }
        assertEquals(count, deliveries(outcome), outcome);
    }

    @Test
    void postsTheBodyOnceWhenTheReceiverAnswers2xx() throws Exception {
        assertTrue(sender(8).send(url("/ok"), Map.of("id", "j1", "kudos", 10.0)));
        awaitDeliveries("ok", 1);
        assertEquals(1, received.size());
        assertTrue(received.get(0).startsWith("/ok {"), received.get(0));
        assertTrue(received.get(0).contains("\"id\":\"j1\""), received.get(0));
    }

    @Test
    void triesThreeTimesThenGivesUp() throws Exception {
        sender(8).send(url("/fail"), Map.of("id", "j2"));
        awaitDeliveries("giveup", 1);
        assertEquals(3, received.size());
    }

    @Test
    void neverHoldsTheCallerAndDropsBeyondItsBound() throws Exception {
        WebhookSender sender = sender(1);
        // The receiver hangs: send still returns at once, and the one place in flight is taken.
        assertTrue(sender.send(url("/hang"), Map.of("id", "j3")));
        assertFalse(sender.send(url("/ok"), Map.of("id", "j4")));
        assertEquals(1, deliveries("dropped"));
        hang.countDown();
        awaitDeliveries("ok", 1);
    }

    @Test
    void refusesPlainHttpUnlessAllowed() {
        WebhookSender httpsOnly = new WebhookSender(vertx, metrics, false, Duration.ofSeconds(3), 3, 8);
        assertFalse(httpsOnly.send(url("/ok"), Map.of("id", "j5")));
        assertEquals(1, deliveries("refused"));
        assertTrue(received.isEmpty());
    }
}
