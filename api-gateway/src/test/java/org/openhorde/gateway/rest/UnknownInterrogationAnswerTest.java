package org.openhorde.gateway.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
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
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.openhorde.gateway.repository.KnownInterrogations;

/**
 * Pins decision 0060 over HTTP: a poll of an interrogation id the horde does not know (never existed, expired,
 * malformed) gets its 404 {@code RequestNotFound} only after the configured delay (0.3 s in the module's tests, 1 s in
 * production), a known id's status is not held back, and beyond the cap of answers held at once (5 here) the rest are
 * answered at once. The gateway's Redis is the real one; interrogation-service is unreachable in these tests, so a
 * known id's answer is the resource's "unreachable" error, which is what shows it was not taken for unknown.
 */
@QuarkusTest
class UnknownInterrogationAnswerTest {

    private static final Duration DELAY = Duration.ofMillis(300);
    private static final int HELD_AT_MOST = 5;

    @Inject
    KnownInterrogations known;

    @Test
    void anUnknownIdIsAnsweredNotFoundOnlyAfterTheDelay() {
        for (String id : List.of(UUID.randomUUID().toString(), "not-an-id")) {
            double lateBefore = answered("late");
            long started = System.nanoTime();
            given().get("/api/v2/interrogate/status/" + id).then().statusCode(404)
                    .body("rc", equalTo("RequestNotFound"))
                    .body("message", equalTo("Interrogation with ID '" + id + "' not found."));
            long tookMillis = (System.nanoTime() - started) / 1_000_000;
            assertTrue(tookMillis >= DELAY.toMillis(), id + " answered after " + tookMillis + " ms");
            assertEquals(lateBefore + 1, answered("late"), id);
        }
    }

    @Test
    void aKnownIdIsNotHeldBackNorTakenForUnknown() {
        UUID id = UUID.randomUUID();
        known.remember(id).await().atMost(Duration.ofSeconds(5));
        double lateBefore = answered("late");
        double atOnceBefore = answered("at_once");
        Response answer = given().get("/api/v2/interrogate/status/" + id);
        assertNotEquals(404, answer.statusCode(), answer.asString());
        assertNotEquals("RequestNotFound", answer.jsonPath().getString("rc"), answer.asString());
        assertEquals(lateBefore, answered("late"));
        assertEquals(atOnceBefore, answered("at_once"));
        known.forget(id).await().atMost(Duration.ofSeconds(5));
    }

    @Test
    void beyondTheCapTheRestAreAnsweredAtOnce() throws Exception {
        int polls = 3 * HELD_AT_MOST;
        double lateBefore = answered("late");
        double atOnceBefore = answered("at_once");
        ExecutorService pool = Executors.newFixedThreadPool(polls);
        List<Response> answers = new ArrayList<>();
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Response>> sent = new ArrayList<>();
            for (int i = 0; i < polls; i++) {
                sent.add(pool.submit(() -> {
                    start.await();
                    return given().get("/api/v2/interrogate/status/" + UUID.randomUUID());
                }));
            }
            start.countDown();
            for (Future<Response> answer : sent) {
                answers.add(answer.get(30, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
        answers.forEach(answer -> answer.then().statusCode(404).body("rc", equalTo("RequestNotFound")));
        double late = answered("late") - lateBefore;
        double atOnce = answered("at_once") - atOnceBefore;
        assertEquals(polls, late + atOnce, "late " + late + ", at once " + atOnce);
        assertTrue(late >= 1 && atOnce >= 1, "late " + late + ", at once " + atOnce);
        assertEquals(0.0, held(), "answers still held after every poll was answered");
    }

    /** The gateway's count of 404s to unknown interrogation ids answered {@code when} (late, at_once). */
    private static double answered(String when) {
        return metric("horde_gateway_interrogation_status_unknown_answered_total{when=\"" + when + "\"");
    }

    private static double held() {
        return metric("horde_gateway_interrogation_status_unknown_held ");
    }

    private static double metric(String prefix) {
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        for (String line : metrics.split("\n")) {
            if (line.startsWith(prefix)) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return 0;
    }
}
