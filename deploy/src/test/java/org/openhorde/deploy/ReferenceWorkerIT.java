package org.openhorde.deploy;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The reference worker, as a real process, serves 100 requests with max_threads 2 and queue_size 1 while every
 * service of the horde is restarted under it: it waits, resumes, and each job is delivered and paid exactly once.
 */
class ReferenceWorkerIT {

    private static final int REQUESTS = 100;
    private static RunningHorde horde;

    @BeforeAll
    static void startHorde() {
        horde = RunningHorde.get();
        RestAssured.baseURI = horde.gatewayUrl();
    }

    private static String unique(String prefix) {
        return prefix + UUID.randomUUID().toString().substring(0, 8);
    }

    private static String submit(String requesterKey, String model, int n) {
        return given().header("apikey", requesterKey).contentType(ContentType.JSON)
                .body("""
                        {"prompt": "reference worker %d", "params": {"width": 512, "height": 512, "steps": 40, "n": 1},
                         "models": ["%s"], "r2": true}
                        """.formatted(n, model))
                .post("/api/v2/generate/async").then().statusCode(202).extract().jsonPath().getString("id");
    }

    private static JsonPath check(String requestId) {
        return given().get("/api/v2/generate/check/" + requestId).then().statusCode(200).extract().jsonPath();
    }

    private static long done(List<String> requestIds) {
        return requestIds.stream().filter(id -> check(id).getBoolean("done")).count();
    }

    private static long centikudos(String apikey) {
        return Math.round(given().header("apikey", apikey).get("/api/v2/find_user").then().statusCode(200)
                .extract().jsonPath().getDouble("kudos") * 100);
    }

    @Test
    void servesAHundredRequestsAcrossAHordeRestartDeliveringEachJobOnce() throws Exception {
        Path workerJar = horde.root().resolve("worker/target/worker.jar");
        assertTrue(Files.isRegularFile(workerJar), "package the worker first: " + workerJar);
        String requesterKey = given().header("apikey", horde.operatorKey()).contentType(ContentType.JSON)
                // 50 requests wait at once: more than a user's default concurrency (30).
                .body("{\"username\":\"" + unique("ref-req-") + "\",\"kudos\":100000,\"concurrency\":" + REQUESTS + "}")
                .post("/api/v2/operator/users").then().statusCode(201).extract().jsonPath().getString("api_key");
        String ownerKey = given().contentType(ContentType.JSON)
                .body("{\"username\":\"" + unique("ref-owner-") + "\"}")
                .post("/api/v2/register").then().statusCode(201).extract().jsonPath().getString("api_key");
        long startingKudos = centikudos(requesterKey);
        String model = unique("it-reference-model-");
        String workerName = unique("it-reference-worker-");
        Path keyFile = horde.home().resolve(workerName + ".key");
        Files.writeString(keyFile, ownerKey);
        Path log = horde.home().resolve("logs").resolve(workerName + ".log");
        Files.createDirectories(log.getParent());

        try (EventTap completed = new EventTap("horde.jobs.completed")) {
            List<String> requestIds = new ArrayList<>();
            for (int i = 0; i < REQUESTS / 2; i++) {
                requestIds.add(submit(requesterKey, model, i));
            }
            // 512 x 512 x 40 steps = 10.5 megapixelsteps: ~0.2 s an image at 52 MPS/s, so jobs are in hand
            // when the horde goes down. 40 steps make a claim live 120 s on the shared horde (RunningHorde), longer
            // than a restart of every service on a loaded machine. Shorter waits than a real worker's keep the test
            // quick.
            Process worker = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx128m", "-jar", workerJar.toString(), "--horde-url", horde.gatewayUrl(),
                    "--api-key-file", keyFile.toString(), "--name", workerName, "--models", model,
                    "--max-threads", "2", "--queue-size", "1", "--mps", "52", "--max-backoff", "4",
                    "--pop-interval", "0.2")
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            try {
                await().atMost(Duration.ofSeconds(60)).until(() -> done(requestIds) >= 10);
                horde.restartServices();
                assertTrue(worker.isAlive(), "the worker outlives the horde's restart");
                for (int i = REQUESTS / 2; i < REQUESTS; i++) {
                    requestIds.add(submit(requesterKey, model, i));
                }
                // A pop whose answer the restart cut off leaves its job claimed by nobody: the reaper gives it back
                // once its claim time to live (120 s for these images on the shared horde: RunningHorde) has run out,
                // and the worker then gets it again. So the wait covers one claim time to live, not just the work.
                await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(1))
                        .until(() -> done(requestIds) == REQUESTS);
            } finally {
                worker.destroy();
            }
            assertTrue(worker.waitFor(60, TimeUnit.SECONDS), "SIGTERM ends the worker once its jobs are delivered");
            String output = Files.readString(log);
            assertTrue(output.contains("horde unreachable"), "the worker noticed the horde was down:\n" + output);
            assertTrue(output.contains("the horde answers again"), output);
            assertTrue(output.contains("stopped cleanly: "), output);
            assertTrue(output.contains(" 0 dropped"), output);

            // One generation per request, all from this worker.
            long consumed = 0;
            Set<String> jobIds = new HashSet<>();
            for (String requestId : requestIds) {
                JsonPath status = given().get("/api/v2/generate/status/" + requestId).then().statusCode(200)
                        .extract().jsonPath();
                assertEquals(1, status.getList("generations").size(), "request " + requestId);
                assertEquals(workerName, status.getString("generations[0].worker_name"));
                jobIds.add(status.getString("generations[0].id"));
                consumed += Math.round(check(requestId).getDouble("kudos") * 100);
            }
            assertEquals(REQUESTS, jobIds.size());

            // Each job completed once: one completion event (by event id) per job, every one delivered.
            Set<String> ours = Set.copyOf(requestIds);
            List<JsonNode> events = completed.await(e -> ours.contains(e.path("requestId").asText()), REQUESTS,
                    Duration.ofSeconds(30));
            Map<String, Set<String>> eventIdsByJob = new HashMap<>();
            events.forEach(e -> eventIdsByJob.computeIfAbsent(e.path("jobId").asText(), k -> new HashSet<>())
                    .add(e.path("eventId").asText()));
            assertEquals(jobIds, eventIdsByJob.keySet());
            assertEquals(Set.of(1), eventIdsByJob.values().stream().map(Set::size).collect(Collectors.toSet()));
            assertTrue(events.stream().allMatch(e -> "DELIVERED".equals(e.path("outcome").asText())));

            // ... and paid once: the requester was charged exactly what its 100 done requests consumed.
            long expected = startingKudos - consumed;
            await().atMost(Duration.ofSeconds(30)).until(() -> centikudos(requesterKey) == expected);
        } finally {
            Files.deleteIfExists(keyFile);
        }
    }
}
