package org.openhorde.deploy;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.openhorde.deploy.ImageRequests.kudosOf;
import static org.openhorde.deploy.ImageRequests.registeredUser;
import static org.openhorde.deploy.ImageRequests.richUser;
import static org.openhorde.deploy.ImageRequests.unique;

import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Text generation over the packaged services (decision 0022): concurrent scribes are handed each generation once and
 * the requester sees the texts; kudos move once per delivery, priced from the text; a claim not delivered within the
 * text time to live goes to another scribe; a cancel ends the waiting generations; an expired request answers 404;
 * and the AI Horde's own JavaScript client's text calls work against the horde. The shared horde runs text with a
 * 8 s claim and a 30 s request lifetime ({@link RunningHorde}); the request that expires is made first, so its wait
 * overlaps the other cases.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TextGenerationIT {

    private static final String VALIDATED_BRIDGE = "AI Horde Worker:27:https://github.com/Haidra-Org/AI-Horde-Worker";
    private static RunningHorde horde;
    private static String requesterKey;
    private static String expiringRequest;

    @BeforeAll
    static void startHorde() {
        horde = RunningHorde.get();
        RestAssured.baseURI = horde.gatewayUrl();
        requesterKey = richUser(horde, 5000);
        // Nobody serves this model: the request only waits, and expires.
        expiringRequest = textAsync(requesterKey, unique("it-text-unserved-"), 1, 32).statusCode(202)
                .extract().path("id");
    }

    @AfterAll
    static void ledgerHolds() {
        LedgerAuditor.assertSettledLedgerHolds(horde.serviceUrl(2));
    }

    static ValidatableResponse textAsync(String apikey, String model, int n, int maxLength) {
        return given().header("apikey", apikey).contentType(ContentType.JSON)
                .body("{\"prompt\":\"" + "Tell me a story about a lighthouse. ".repeat(10) + "\",\"params\":{\"n\":" + n
                        + ",\"max_length\":" + maxLength + ",\"max_context_length\":1024},\"models\":[\"" + model
                        + "\"]}")
                .post("/api/v2/generate/text/async").then();
    }

    static JsonPath pop(String ownerKey, String workerName, String model, int amount) {
        return given().header("apikey", ownerKey).contentType(ContentType.JSON)
                .body("{\"name\":\"" + workerName + "\",\"models\":[\"" + model + "\"],\"max_length\":512,"
                        + "\"max_context_length\":2048,\"amount\":" + amount + ",\"bridge_agent\":\""
                        + VALIDATED_BRIDGE + "\"}")
                .post("/api/v2/generate/text/pop").then().statusCode(200).extract().jsonPath();
    }

    static JsonPath popJob(String ownerKey, String workerName, String model) {
        for (int attempt = 0; attempt < 100; attempt++) {
            JsonPath pop = pop(ownerKey, workerName, model, 1);
            if (pop.getString("id") != null) {
                return pop;
            }
            sleep(100);
        }
        throw new AssertionError("the scribe " + workerName + " never got a job");
    }

    static ValidatableResponse submit(String ownerKey, String jobId, String text) {
        return given().header("apikey", ownerKey).contentType(ContentType.JSON)
                .body(Map.of("id", jobId, "generation", text, "state", "ok"))
                .post("/api/v2/generate/text/submit").then();
    }

    static JsonPath status(String requestId) {
        return given().get("/api/v2/generate/text/status/" + requestId).then().statusCode(200).extract().jsonPath();
    }

    @Test
    @Order(1)
    void concurrentScribesTakeEachGenerationOnceAndTheRequesterPaysOncePerText() throws Exception {
        String model = unique("it-text-") + "-13B";
        int generations = 6;
        double before = kudosOf(requesterKey);
        String requestId = textAsync(requesterKey, model, generations, 64).statusCode(202)
                // the AI Horde's estimate of one generation: 64 × 13 / 100 × cm(1024 context) = 18.30, rounded
                .body("kudos", equalTo(18))
                .extract().path("id");

        // Three scribes of three owners race for the six generations, one at a time. On a loaded machine a claim may
        // outlive the short text time to live of this horde (RunningHorde): the late submit is refused (AbortedGen)
        // and the generation is handed out again. So a generation may be handed out twice only after such a refusal,
        // and every generation is delivered exactly once.
        List<String> owners = List.of(registeredUser(), registeredUser(), registeredUser());
        Map<String, String> textByJob = new ConcurrentHashMap<>();
        List<String> handedOut = Collections.synchronizedList(new ArrayList<>());
        Set<String> delivered = ConcurrentHashMap.newKeySet();
        Set<String> abortedLate = ConcurrentHashMap.newKeySet();
        List<Double> rewards = Collections.synchronizedList(new ArrayList<>());
        ExecutorService scribes = Executors.newFixedThreadPool(owners.size());
        try {
            List<Future<?>> running = new ArrayList<>();
            for (String owner : owners) {
                String name = unique("it-scribe-");
                running.add(scribes.submit(() -> {
                    for (int polls = 0; polls < 300 && delivered.size() < generations; polls++) {
                        JsonPath pop = pop(owner, name, model, 1);
                        String jobId = pop.getString("id");
                        if (jobId == null) {
                            sleep(50);
                            continue;
                        }
                        handedOut.add(jobId);
                        String text = name + " wrote " + "y".repeat(200);
                        var response = submit(owner, jobId, text).extract();
                        JsonPath answer = response.jsonPath();
                        if (response.statusCode() == 400 && "AbortedGen".equals(answer.getString("rc"))) {
                            abortedLate.add(jobId);
                            continue;
                        }
                        assertEquals(200, response.statusCode(), response.asString());
                        assertTrue(delivered.add(jobId), "delivered twice: " + jobId);
                        textByJob.put(jobId, text);
                        rewards.add(answer.getDouble("reward"));
                    }
                }));
            }
            for (Future<?> scribe : running) {
                scribe.get();
            }
        } finally {
            scribes.shutdownNow();
        }
        assertEquals(generations, delivered.size(), "every generation delivered: " + handedOut);
        assertEquals(generations + abortedLate.size(), handedOut.size(),
                "a generation is handed out again only after its claim ran out: " + handedOut + ", late "
                        + abortedLate);
        assertEquals(generations, new HashSet<>(handedOut).size(), "no foreign job handed out: " + handedOut);
        assertEquals(generations, rewards.size());

        JsonPath status = status(requestId);
        assertTrue(status.getBoolean("done"));
        assertEquals(generations, status.getInt("finished"));
        for (int i = 0; i < generations; i++) {
            String jobId = status.getString("generations[" + i + "].id");
            assertEquals(textByJob.get(jobId), status.getString("generations[" + i + "].text"));
            assertEquals(model, status.getString("generations[" + i + "].model"));
        }
        // Each text of ~55 tokens of a 13B model on a validated backend earns tokens × 13 / 125 × cm(context); the
        // requester pays each reward plus 1, once: the status shows it, and the balance moves by it.
        BigDecimal charged = rewards.stream().map(r -> BigDecimal.valueOf(r).add(BigDecimal.ONE))
                .reduce(BigDecimal.ZERO, BigDecimal::add);
        assertTrue(rewards.stream().allMatch(r -> r > 5 && r < 10), "priced from the text: " + rewards);
        assertEquals(charged.doubleValue(), status.getDouble("kudos"), 0.001);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertEquals(
                BigDecimal.valueOf(before).subtract(charged).doubleValue(), kudosOf(requesterKey), 0.001));
    }

    @Test
    @Order(2)
    void aClaimNotDeliveredInTimeGoesToAnotherScribe() {
        String model = unique("it-text-ttl-") + "-7B";
        String requestId = textAsync(requesterKey, model, 1, 32).statusCode(202).extract().path("id");
        String slowOwner = registeredUser();
        String jobId = popJob(slowOwner, unique("it-slow-scribe-"), model).getString("id");

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            JsonPath check = status(requestId);
            assertEquals(1, check.getInt("restarted"));
            assertEquals(1, check.getInt("waiting"));
        });
        String fastOwner = registeredUser();
        JsonPath again = popJob(fastOwner, unique("it-fast-scribe-"), model);
        assertEquals(jobId, again.getString("id"), "the same generation, given to another scribe");
        submit(slowOwner, jobId, "too late").statusCode(400).body("rc", equalTo("AbortedGen"));
        submit(fastOwner, jobId, "just in time").statusCode(200);
        assertEquals("just in time", status(requestId).getString("generations[0].text"));
    }

    @Test
    @Order(3)
    void aCancelEndsTheWaitingGenerationsWhileTheHeldOneIsDelivered() {
        String model = unique("it-text-cancel-") + "-7B";
        String requestId = textAsync(requesterKey, model, 2, 32).statusCode(202).extract().path("id");
        String owner = registeredUser();
        String held = popJob(owner, unique("it-cancel-scribe-"), model).getString("id");
        // A claim reaches the status through its event (decision 0015 makes only the 202 and the submit's 200
        // read-your-writes), so the cancel waits until the status shows it held.
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertEquals(1, status(requestId).getInt("processing")));

        given().delete("/api/v2/generate/text/status/" + requestId).then().statusCode(200)
                .body("processing", equalTo(1)).body("waiting", equalTo(1));
        submit(owner, held, "delivered after the cancel").statusCode(200);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            JsonPath status = status(requestId);
            assertTrue(status.getBoolean("done"));
            assertEquals(1, status.getInt("finished"));
            assertEquals("delivered after the cancel", status.getString("generations[0].text"));
        });
    }

    @Test
    @Order(4)
    void theAiHordeJavaScriptClientsTextCallsWork() {
        String model = unique("it-text-npm-") + "-7B";
        NodeScripts.Outcome outcome = NodeScripts.runScript(horde.root(), "text-client.mjs", Map.of(
                "HORDE_URL", horde.gatewayUrl(), "REQUESTER_KEY", requesterKey, "WORKER_KEY", registeredUser(),
                "MODEL", model, "WORKER_NAME", unique("it-npm-scribe-")), Duration.ofSeconds(60));
        assertTrue(outcome.succeeded(), outcome.output());
    }

    @Test
    @Order(5)
    void anInvalidRequestIsRefusedWithTheAiHordesCode() {
        given().header("apikey", requesterKey).contentType(ContentType.JSON)
                .body("{\"prompt\":\"hi\",\"params\":{\"max_length\":512,\"max_context_length\":256}}")
                .post("/api/v2/generate/text/async").then().statusCode(400).body("rc", equalTo("TokenOverflow"));
    }

    @Test
    @Order(20)
    void anExpiredRequestAnswers404() {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
                given().get("/api/v2/generate/text/status/" + expiringRequest).then().statusCode(404)
                        .body("rc", equalTo("RequestNotFound")));
    }

    @Test
    @Order(7)
    void aLongRequestNeedsKudosUpfrontOrIsDowngraded() {
        String poor = registeredUser();
        String model = unique("it-text-upfront-") + "-13B";
        // 1024 tokens are over the most a horde ever gives away (512): 1024 × 13 / 21 = 633.9 kudos upfront.
        longRequest(poor, model, false).statusCode(403).body("rc", equalTo("KudosUpfront"));
        longRequest(poor, model, true).statusCode(202).body("warnings[0].code", equalTo("RequestDowngraded"));
        // the downgraded request asks for at most 512 tokens: a scribe of 512 is handed it
        String owner = registeredUser();
        JsonPath job = popJob(owner, unique("it-upfront-scribe-"), model);
        assertTrue(job.getInt("payload.max_length") <= 512, job.prettify());
        submit(owner, job.getString("id"), "short").statusCode(200);
        // the rich requester holds the kudos: queued as asked
        longRequest(requesterKey, unique("it-text-upfront-rich-") + "-13B", false).statusCode(202)
                .body("warnings", org.hamcrest.Matchers.nullValue());
    }

    private static ValidatableResponse longRequest(String apikey, String model, boolean allowDowngrade) {
        return given().header("apikey", apikey).contentType(ContentType.JSON)
                .body("{\"prompt\":\"hi\",\"params\":{\"max_length\":1024,\"max_context_length\":2048},"
                        + "\"models\":[\"" + model + "\"],\"allow_downgrade\":" + allowDowngrade + "}")
                .post("/api/v2/generate/text/async").then();
    }

    @Test
    @Order(0)
    void theQueueShowsTextFiguresAndEstimates() {
        // The expiring request waits for a model nobody serves (until the last case sees it expire): the snapshot
        // counts it and says it is impossible.
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            JsonPath status = status(expiringRequest);
            assertTrue(status.getInt("queue_position") >= 1, status.prettify());
            assertEquals(false, status.getBoolean("is_possible"), status.prettify());
            JsonPath performance = given().get("/api/v2/status/performance").then().statusCode(200).extract()
                    .jsonPath();
            assertTrue(performance.getInt("queued_text_requests") >= 1, performance.prettify());
            assertTrue(performance.getDouble("queued_tokens") >= 32, performance.prettify());
        });
        given().get("/api/v2/status/models?type=text").then().statusCode(200)
                .body("find { it.name.startsWith('it-text-unserved-') }.jobs", equalTo(1));
    }

    @Test
    @Order(9)
    void aScribesDetailsAndGenMetadataAreShownAsTheAiHordeShowsThem() {
        String model = unique("it-text-meta-") + "-7B";
        String requestId = textAsync(requesterKey, model, 1, 32).statusCode(202).extract().path("id");
        String owner = registeredUser();
        String name = unique("it-meta-scribe-");
        String jobId = popJob(owner, name, model).getString("id");
        given().get("/api/v2/workers/name/" + name).then().statusCode(200).body("type", equalTo("text"))
                .body("max_length", equalTo(512)).body("max_context_length", equalTo(2048));

        given().header("apikey", owner).contentType(ContentType.JSON)
                .body(Map.of("id", jobId, "generation", "x", "state", "censored",
                        "gen_metadata", List.of(Map.of("type", "lora", "value", "csam"))))
                .post("/api/v2/generate/text/submit").then().statusCode(400)
                .body("errors.'gen_metadata.0.type'", org.hamcrest.Matchers.notNullValue());
        given().header("apikey", owner).contentType(ContentType.JSON)
                .body(Map.of("id", jobId, "generation", "withheld", "state", "censored",
                        "gen_metadata", List.of(Map.of("type", "censorship", "value", "csam", "ref", "filter-1"))))
                .post("/api/v2/generate/text/submit").then().statusCode(200);
        JsonPath status = status(requestId);
        assertEquals("csam", status.getString("generations[0].state"));
        assertEquals(List.of(Map.of("type", "censorship", "value", "csam", "ref", "filter-1")),
                status.getList("generations[0].gen_metadata"));
    }

    @Test
    @Order(10)
    void aPausedScribeGetsADecoyThatDeliversNothing() {
        String owner = registeredUser();
        String name = unique("it-paused-scribe-");
        String model = unique("it-text-decoy-") + "-7B";
        pop(owner, name, model, 1);
        String workerId = WorkerMatchingIT.workerId(name);
        String moderator = WorkerMatchingIT.key(WorkerMatchingIT.createUser(0, false, true));
        given().header("apikey", moderator).contentType(ContentType.JSON).body("{\"paused\":true}")
                .put("/api/v2/workers/" + workerId).then().statusCode(200);
        String requestId = textAsync(requesterKey, model, 1, 32).statusCode(202).extract().path("id");

        JsonPath decoy = popJob(owner, name, model);
        assertTrue(decoy.getString("payload.prompt").startsWith("Tell me a story"), decoy.prettify());
        submit(owner, decoy.getString("id"), "nothing real").statusCode(200);
        JsonPath status = status(requestId);
        assertEquals(1, status.getInt("waiting"), "the generation still waits for an honest scribe");
        assertEquals(0, status.getInt("finished"));
        given().get("/api/v2/workers/" + workerId).then().statusCode(200).body("requests_fulfilled", equalTo(0));
        String honest = registeredUser();
        String real = popJob(honest, unique("it-honest-scribe-"), model).getString("id");
        submit(honest, real, "the real text").statusCode(200);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
