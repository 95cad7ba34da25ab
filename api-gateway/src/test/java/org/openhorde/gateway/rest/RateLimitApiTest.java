package org.openhorde.gateway.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.openhorde.gateway.domain.IpAddresses;
import org.openhorde.gateway.service.IpTimeouts;

/**
 * Pins the limiter over HTTP: a client over the AI Horde's 2/s on {@code generate/async} gets 429 with
 * {@code Retry-After} and the AI Horde's body while other clients and exempt ones do not; the heartbeat is never
 * limited; a timed-out IP (or one inside a timed-out block) gets 403 {@code TimeoutIP} on requests and pops only.
 * Clients are told apart by X-Forwarded-For, which the test gateway trusts from 127.0.0.1.
 */
@QuarkusTest
class RateLimitApiTest {

    private static final String POP = """
            {"name":"rate-limit-worker","models":["stable_diffusion"],"bridge_agent":"AI Horde Worker reGen:9.0.2:x"}
            """;

    @Inject
    IpTimeouts timeouts;

    /** A fresh client address from TEST-NET-2 or -3, so runs never share buckets or timeouts. */
    private static String client() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return (random.nextBoolean() ? "198.51.100." : "203.0.113.") + random.nextInt(1, 255);
    }

    private static Response asyncFrom(String ip) {
        var request = given().contentType(ContentType.JSON).header("apikey", "0000000000").body("{\"prompt\":\"x\"}");
        if (ip != null) {
            request = request.header("X-Forwarded-For", ip);
        }
        return request.post("/api/v2/generate/async");
    }

    @Test
    void aFloodingClientIsLimitedWhileOthersAreNot() {
        // Warm the path up first so the flood below is fast enough to outrun the 2/s refill.
        asyncFrom(client());
        String flooder = client();
        List<Integer> statuses = new ArrayList<>();
        Response limited = null;
        for (int i = 0; i < 6 && limited == null; i++) {
            Response answer = asyncFrom(flooder);
            statuses.add(answer.statusCode());
            if (answer.statusCode() == 429) {
                limited = answer;
            }
        }
        assertNotEquals(429, statuses.get(0), statuses.toString());
        assertTrue(limited != null, "6 requests at once from one IP, none limited: " + statuses);
        limited.then().header("Retry-After", "1")
                .body("rc", equalTo("TooManyRequests"))
                .body("message", equalTo("2 per 1 second"));

        String other = client();
        while (other.equals(flooder)) {
            other = client();
        }
        asyncFrom(other).then().statusCode(not(429));
        for (int i = 0; i < 5; i++) {
            asyncFrom(null).then().statusCode(not(429));
        }
    }

    @Test
    void pollingUnknownInterrogationsTooFastIsLimitedOnTheFastPathToo() throws Exception {
        // The GenAlt flood's call: ids that never existed, answered 404 in front of RESTEasy (decision 0039), but
        // still under the AI Horde's 10/second per client and path, as the resource's own path is. The 404 comes
        // late (decision 0060), so one client's 30 polls go out at once, as a client with many connections sends them.
        String poller = client();
        String path = "/api/v2/interrogate/status/" + UUID.randomUUID();
        given().header("X-Forwarded-For", client()).get(path).then().statusCode(404); // warm, from elsewhere
        ExecutorService pool = Executors.newFixedThreadPool(30);
        List<Response> answers = new ArrayList<>();
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Response>> sent = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                sent.add(pool.submit(() -> {
                    start.await();
                    return given().header("X-Forwarded-For", poller).get(path);
                }));
            }
            start.countDown();
            for (Future<Response> answer : sent) {
                answers.add(answer.get(30, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
        List<Integer> statuses = answers.stream().map(Response::statusCode).toList();
        long answered = statuses.stream().filter(status -> status == 404).count();
        long refused = statuses.stream().filter(status -> status == 429).count();
        assertEquals(30, answered + refused, statuses.toString());
        // Ten within the second, give or take what refilled while the 30 went out.
        assertTrue(answered >= 10 && refused >= 15, "30 polls at once from one IP: " + statuses);
        Response limited = answers.stream().filter(answer -> answer.statusCode() == 429).findFirst().orElseThrow();
        limited.then().header("Retry-After", "1")
                .body("rc", equalTo("TooManyRequests"))
                .body("message", equalTo("10 per 1 second"));
        answers.stream().filter(answer -> answer.statusCode() == 404).findFirst().orElseThrow().then()
                .body("rc", equalTo("RequestNotFound"));
        given().header("X-Forwarded-For", client()).get(path).then().statusCode(404)
                .body("rc", equalTo("RequestNotFound"));
    }

    @Test
    void theHeartbeatIsNeverLimitedWhereTheDefaultLimitHolds() {
        String ip = client();
        for (int i = 0; i < 100; i++) {
            given().header("X-Forwarded-For", ip).get("/api/v2/status/heartbeat").then().statusCode(200);
        }
        // 90 per minute per IP and endpoint: the 91st call within the minute (give or take what refilled while
        // calling) is the first refused.
        int firstLimited = -1;
        for (int i = 0; i < 200 && firstLimited < 0; i++) {
            Response answer = given().header("X-Forwarded-For", ip).get("/api/v2/status/news");
            if (answer.statusCode() == 429) {
                firstLimited = i;
                answer.then().body("rc", equalTo("TooManyRequests")).body("message", equalTo("90 per 1 minute"));
            }
        }
        assertTrue(firstLimited >= 90, "news read " + (firstLimited + 1) + " of a fresh client was limited");
    }

    @Test
    void aTimedOutIpIsRefusedOnRequestsAndPopsOnly() {
        String ip = client();
        IpAddresses.Block address = IpAddresses.parseBlock(ip).orElseThrow();
        timeouts.set(address, Duration.ofMinutes(3)).await().indefinitely();
        try {
            asyncFrom(ip).then().statusCode(403).body("rc", equalTo("TimeoutIP"))
                    .body("message", containsString("more seconds"));
            given().contentType(ContentType.JSON).header("X-Forwarded-For", ip).body("{}")
                    .post("/api/v2/interrogate/async").then().statusCode(403).body("rc", equalTo("TimeoutIP"));
            given().contentType(ContentType.JSON).header("X-Forwarded-For", ip).header("apikey", "k").body(POP)
                    .post("/api/v2/generate/pop").then().statusCode(403).body("rc", equalTo("TimeoutIP"));
            given().header("X-Forwarded-For", ip).get("/api/v2/status/heartbeat").then().statusCode(200);
            List<IpTimeouts.Timeout> held = timeouts.matching(address).await().indefinitely();
            assertEquals(1, held.size());
            assertTrue(held.get(0).seconds() > 170 && held.get(0).seconds() <= 180, held.toString());
        } finally {
            timeouts.delete(address).await().indefinitely();
        }
        asyncFrom(ip).then().statusCode(not(403));
        assertEquals(List.of(), timeouts.matching(address).await().indefinitely());
    }

    @Test
    void anAddressInsideATimedOutBlockIsRefused() {
        int third = ThreadLocalRandom.current().nextInt(0, 255);
        IpAddresses.Block block = IpAddresses.parseBlock("198.18." + third + ".0/24").orElseThrow();
        timeouts.set(block, Duration.ofDays(5)).await().indefinitely();
        try {
            // Over 4 days left: the AI Horde's message without the seconds.
            asyncFrom("198.18." + third + ".77").then().statusCode(403).body("rc", equalTo("TimeoutIP"))
                    .body("message", not(containsString("more seconds")));
            asyncFrom("198.18." + ((third + 1) % 255) + ".77").then().statusCode(not(403));
            assertTrue(timeouts.blocks().await().indefinitely().stream()
                    .anyMatch(listed -> listed.ipaddr().equals(block.text())));
        } finally {
            timeouts.delete(block).await().indefinitely();
        }
        asyncFrom("198.18." + third + ".77").then().statusCode(not(403));
    }
}
