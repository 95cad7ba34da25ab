package org.openhorde.deploy;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.openhorde.deploy.ImageRequests.async;
import static org.openhorde.deploy.ImageRequests.body;
import static org.openhorde.deploy.ImageRequests.cancel;
import static org.openhorde.deploy.ImageRequests.check;
import static org.openhorde.deploy.ImageRequests.deliver;
import static org.openhorde.deploy.ImageRequests.kudosOf;
import static org.openhorde.deploy.ImageRequests.pop;
import static org.openhorde.deploy.ImageRequests.popJob;
import static org.openhorde.deploy.ImageRequests.registeredUser;
import static org.openhorde.deploy.ImageRequests.richUser;
import static org.openhorde.deploy.ImageRequests.submit;
import static org.openhorde.deploy.ImageRequests.unique;

import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A request's life over the packaged services (decision 0008): a claim not delivered within its time to live goes
 * to another worker and shows as {@code restarted}; three give-backs fault the request; a cancel releases the
 * waiting images uncharged while the held one is delivered, charged and paid. Expiry (20 minutes, longer than this
 * shared horde may wait) is pinned by job-service's JobLifecycleTest and the gateway's RequestReadModelTest over
 * the real Kafka instead.
 */
class RequestLifecycleIT {

    /**
     * The shared horde's claim time to live: 40 s for this test's tiny images (the AI Horde's is 150 s, shortened by
     * configuration in {@link RunningHorde}), and a reaper pass every second; the rest is slack for a loaded machine.
     */
    private static final Duration CLAIM_TTL_AND_REAPER = Duration.ofSeconds(100);
    private static RunningHorde horde;

    @BeforeAll
    static void startHorde() {
        horde = RunningHorde.get();
        RestAssured.baseURI = horde.gatewayUrl();
    }

    @Test
    void aClaimNotDeliveredInTimeGoesToAnotherWorkerAndCountsAsRestarted() {
        String requesterKey = richUser(horde, 1000);
        String model = unique("it-ttl-model-");
        String requestId = async(requesterKey, body(model, "", "")).statusCode(202).extract().path("id");

        String slowOwner = registeredUser();
        JsonPath claimed = popJob(slowOwner, unique("it-slow-worker-"), model, 1);
        String jobId = claimed.getString("id");
        awaitProcessing(requestId, 1);

        // The slow worker never submits: after the claim's time to live the job waits again.
        await().atMost(CLAIM_TTL_AND_REAPER).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            JsonPath check = check(requestId);
            assertEquals(1, check.getInt("restarted"));
            assertEquals(1, check.getInt("waiting"));
            assertEquals(0, check.getInt("processing"));
        });

        String fastOwner = registeredUser();
        JsonPath again = popJob(fastOwner, unique("it-fast-worker-"), model, 1);
        assertEquals(jobId, again.getString("id"), "the same image, given to another worker");
        // The slow worker wakes up too late.
        submit(slowOwner, jobId, "ok").statusCode(400).body("rc", equalTo("AbortedGen"));

        assertTrue(deliver(fastOwner, again) > 0);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonPath check = check(requestId);
            assertTrue(check.getBoolean("done"));
            assertEquals(1, check.getInt("finished"));
            assertEquals(1, check.getInt("restarted"));
        });
    }

    @Test
    void threeGiveBacksFaultTheRequestAndChargeNothing() {
        String requesterKey = richUser(horde, 1000);
        double starting = kudosOf(requesterKey);
        String model = unique("it-fault-model-");
        String requestId = async(requesterKey, body(model, "", "")).statusCode(202).extract().path("id");

        for (int fault = 1; fault <= 3; fault++) {
            // A fresh worker (and owner) each time: the AI Horde counts faults per request, not per worker.
            String owner = registeredUser();
            JsonPath job = popJob(owner, unique("it-faulty-worker-"), model, 1);
            submit(owner, job.getString("id"), "faulted").statusCode(200);
            int restarts = fault;
            await().atMost(Duration.ofSeconds(30)).untilAsserted(
                    () -> assertEquals(restarts, check(requestId).getInt("restarted")));
        }

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            JsonPath check = check(requestId);
            assertTrue(check.getBoolean("faulted"));
            assertTrue(check.getBoolean("done"));
            assertEquals(0, check.getInt("waiting"));
            assertEquals(0.0, check.getDouble("kudos"));
        });
        assertNull(pop(registeredUser(), unique("it-faulty-worker-"), model, 1).getString("id"),
                "nothing left to pop");
        assertEquals(starting, kudosOf(requesterKey), 0.001);
    }

    @Test
    void cancelReleasesWaitingImagesUnchargedAndSettlesTheHeldOne() {
        String requesterKey = richUser(horde, 1000);
        double starting = kudosOf(requesterKey);
        String model = unique("it-cancel-model-");
        JsonPath accepted = async(requesterKey, body(model, "\"n\": 3", "")).statusCode(202).extract().jsonPath();
        String requestId = accepted.getString("id");
        String owner = registeredUser();
        JsonPath held = popJob(owner, unique("it-cancel-worker-"), model, 1);
        awaitProcessing(requestId, 1);

        // The answer is the status just before the cancel, as the AI Horde's.
        cancel(requestId).statusCode(200)
                .body("waiting", equalTo(2))
                .body("processing", equalTo(1))
                .body("finished", equalTo(0))
                .body("done", equalTo(false))
                .body("generations.size()", equalTo(0));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonPath check = check(requestId);
            assertEquals(0, check.getInt("waiting"));
            assertEquals(1, check.getInt("processing"));
            assertEquals(false, check.getBoolean("done"));
        });
        assertNull(pop(owner, unique("it-cancel-worker-"), model, 3).getString("id"), "the waiting images are gone");
        cancel(requestId).statusCode(200).body("waiting", equalTo(0));

        double reward = deliver(owner, held);
        assertTrue(reward > 0, "the held image is paid");
        JsonPath done = await().atMost(Duration.ofSeconds(30)).until(() -> check(requestId),
                check -> check.getBoolean("done"));
        assertEquals(1, done.getInt("finished"));
        double charged = done.getDouble("kudos");
        assertTrue(charged > reward, "one image's price and tax, nothing for the released two");
        await().atMost(Duration.ofSeconds(30)).until(() -> Math.abs(kudosOf(requesterKey) - (starting - charged))
                < 0.001);
        // The owner registered themselves and is not trusted: half waits in escrow, half is theirs at once.
        await().atMost(Duration.ofSeconds(30)).until(() -> kudosOf(owner) > 0);
        RestAssured.given().get("/api/v2/generate/status/" + requestId).then().statusCode(200)
                .body("generations.size()", equalTo(1));
    }

    /** The read model follows the claim events: what a pop did shows in check a moment later. */
    private static void awaitProcessing(String requestId, int processing) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(
                () -> assertEquals(processing, check(requestId).getInt("processing")));
    }
}
