package org.openhorde.deploy;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;

/**
 * A hostile client against every documented operation of the gateway and of job-, kudos- and storage-service: a few
 * thousand malformed requests derived from their OpenAPI documents ({@link HostileVariants}, seeded, so a run
 * reproduces). No answer may be a 5xx; every 4xx is JSON with a {@code message} (and the AI Horde's {@code rc} on the
 * public API); {@code PUT /status/modes} takes only JSON booleans. Afterwards the horde still serves an image end to
 * end and the kudos ledger audit holds. Every violation is collected and reported once, grouped.
 */
class HostileInputIT {

    /** {@code -Dhorde.fuzz.seed=...} replays another run's requests. */
    private static final long SEED = Long.getLong("horde.fuzz.seed", 11L);
    /** Few enough that the services (and the other helpers' builds on a 2-core machine) are not simply flooded. */
    private static final int CONCURRENCY = 4;
    /**
     * A safety stop, not an assertion: on a machine so loaded that the requests take longer than this, the rest are
     * not sent and the summary says how many (the test still judges every answer it got).
     */
    private static final Duration HOSTILE_BUDGET = Duration.ofSeconds(100);
    private static final ObjectMapper JSON = new ObjectMapper();
    /**
     * A record's {@code toString()}, {@code ErrorBody[message=...}: bounded and anchored, because messages may echo
     * 100,000-character inputs and an unanchored {@code .*\w+\[} backtracks for seconds on them.
     */
    private static final Pattern JAVA_TO_STRING = Pattern.compile("[A-Z]\\w{0,80}\\[\\w{1,80}=");
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private final Violations violations = new Violations();
    /** Wrong types and boundary numbers answered 2xx: not failures (lenient is legal), listed for review. */
    private final Violations accepted = new Violations();
    private final Map<String, AtomicInteger> byStatusClass = new TreeMap<>();
    private final Set<String> queuedRequestIds = ConcurrentHashMap.newKeySet();
    private final AtomicInteger sent = new AtomicInteger();
    private final AtomicInteger codecRejections = new AtomicInteger();
    /** Where the time goes, printed so that the request mix can be tuned to the CI budget. */
    private final Map<String, LongAdder> nanosByVariant = new ConcurrentHashMap<>();
    /** Which statuses each operation answered: shows whether the plausible requests reached past validation. */
    private final Map<String, Map<Integer, Integer>> statusesByOperation = new TreeMap<>();
    /** What each operation's plausible request got: whether the variants start from an accepted request. */
    private final Map<String, String> plausibleAnswers = new ConcurrentHashMap<>();
    private RunningHorde horde;

    @Test
    void hostileRequestsGetJsonErrorsAndLeaveTheHordeWorking() throws Exception {
        long start = System.nanoTime();
        horde = RunningHorde.get();
        RestAssured.baseURI = horde.gatewayUrl();
        long hordeReady = System.nanoTime();

        JsonPath fuzzer = given().header("apikey", horde.operatorKey()).contentType(ContentType.JSON)
                .body("{\"username\":\"" + ImageRequests.unique("fuzzer") + "\",\"kudos\":1000}")
                .post("/api/v2/operator/users").then().statusCode(201).extract().jsonPath();
        String recipient = given().header("apikey", horde.operatorKey()).contentType(ContentType.JSON)
                .body("{\"username\":\"" + ImageRequests.unique("fuzzed") + "\"}")
                .post("/api/v2/operator/users").then().statusCode(201).extract().jsonPath().getString("username");
        HostileVariants.Credentials credentials = new HostileVariants.Credentials(fuzzer.getString("api_key"),
                fuzzer.getLong("id"), fuzzer.getString("username"), horde.operatorKey(), recipient);

        List<OpenApiOperation> operations = new ArrayList<>();
        operations.addAll(OpenApiOperation.of("gateway", horde.gatewayUrl(), true));
        operations.addAll(OpenApiOperation.of("job-service", horde.serviceUrl(1), false));
        operations.addAll(OpenApiOperation.of("kudos-service", horde.serviceUrl(2), false));
        operations.addAll(OpenApiOperation.of("storage-service", horde.serviceUrl(5), false));
        operations.addAll(OpenApiOperation.of("interrogation-service", horde.serviceUrl(3), false));
        operations.addAll(OpenApiOperation.of("rating-service", horde.serviceUrl(4), false));

        HostileVariants variants = new HostileVariants(new Random(SEED), credentials);
        List<HostileRequest> concurrent = new ArrayList<>();
        List<HostileRequest> modes = new ArrayList<>();
        for (OpenApiOperation operation : operations) {
            for (HostileRequest request : variants.of(operation, this::sendAndCheck)) {
                (isModesChange(operation) ? modes : concurrent).add(request);
            }
        }
        int planned = concurrent.size() + modes.size();

        long prepared = System.nanoTime();
        long deadline = prepared + HOSTILE_BUDGET.toNanos();
        // Mode changes first, alone and in order: one that wrongly switched maintenance on would refuse other
        // requests, so each accepted one is undone before the next.
        for (HostileRequest request : modes) {
            HostileRequest.Answer answer = sendAndCheck(request);
            if (answer.status() >= 200 && answer.status() < 300) {
                resetModes();
            }
        }
        resetModes();
        long modesDone = System.nanoTime();
        int unsent = sendConcurrently(concurrent, deadline);
        long hostileDone = System.nanoTime();

        cancelQueuedRequests();
        try {
            imageStillFlowsEndToEnd();
        } catch (AssertionError | RuntimeException e) {
            violations.add("normal flow broken", "gateway", "request, pop, upload, submit, status: " + e.getMessage(),
                    0, "");
        }
        try {
            LedgerAuditor.assertSettledLedgerHolds(horde.serviceUrl(2));
        } catch (AssertionError e) {
            violations.add("ledger audit fails", "kudos-service GET /internal/ledger/invariant",
                    "audit: " + e.getMessage(), 0, "");
        }
        long end = System.nanoTime();

        String summary = String.format("[HostileInputIT] seed %d: %d operations, %d requests sent (%s; %d of them"
                        + " refused by the HTTP codec without a body), %d violations in %d classes; whole test %d s"
                        + " (horde start %d s, derive %d s, send %d s (modes %d s), flow and audit %d s)%s",
                SEED, operations.size(), sent.get(), byStatusClass, codecRejections.get(), violations.count(),
                violations.classes(), seconds(start, end), seconds(start, hordeReady), seconds(hordeReady, prepared),
                seconds(prepared, hostileDone), seconds(prepared, modesDone), seconds(hostileDone, end),
                unsent == 0 ? "" : "; " + unsent + " of " + planned + " requests NOT sent: past the "
                        + HOSTILE_BUDGET.toSeconds() + " s safety stop");
        String report = violations.report();
        StringBuilder statuses = new StringBuilder("\nStatuses by operation:\n");
        statusesByOperation.forEach((operation, counts) -> statuses.append("  ").append(operation).append(' ')
                .append(counts).append('\n'));
        statuses.append("\nThe plausible request of each operation got:\n");
        new TreeMap<>(plausibleAnswers).forEach((operation, answer) -> statuses.append("  ").append(operation)
                .append(" -> ").append(answer).append('\n'));
        writeReport(summary + "\n\n" + report + statuses + "\nAnswered 2xx (not failures, for review):\n"
                + accepted.report());
        System.out.println(summary);
        System.out.println("[HostileInputIT] " + nanosByVariant.values().stream().mapToLong(LongAdder::sum).sum()
                / 1_000_000_000 + " request-seconds in all; slowest variants: " + nanosByVariant.entrySet()
                .stream().sorted((a, b) -> Long.compare(b.getValue().sum(), a.getValue().sum())).limit(8)
                .map(e -> e.getKey() + " " + e.getValue().sum() / 1_000_000_000.0).toList());
        if (violations.count() > 0) {
            throw new AssertionError(summary + "\n" + report);
        }
    }

    private static long seconds(long fromNanos, long toNanos) {
        return Duration.ofNanos(toNanos - fromNanos).toSeconds();
    }

    private static boolean isModesChange(OpenApiOperation operation) {
        return operation.method().equals("PUT") && operation.path().endsWith("/status/modes");
    }

    /** Sends on {@link #CONCURRENCY} threads until done or past the deadline; how many were never sent. */
    private int sendConcurrently(List<HostileRequest> requests, long deadline) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(CONCURRENCY);
        AtomicInteger unsent = new AtomicInteger();
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (HostileRequest request : requests) {
                futures.add(pool.submit(() -> {
                    if (System.nanoTime() > deadline) {
                        unsent.incrementAndGet();
                    } else {
                        sendAndCheck(request);
                    }
                }));
            }
            for (Future<?> future : futures) {
                future.get();
            }
        } finally {
            pool.shutdown();
            pool.awaitTermination(30, TimeUnit.SECONDS);
        }
        return unsent.get();
    }

    private HostileRequest.Answer sendAndCheck(HostileRequest request) {
        long begin = System.nanoTime();
        HostileRequest.Answer answer = request.send(HTTP);
        sent.incrementAndGet();
        nanosByVariant.computeIfAbsent(request.variant(), v -> new LongAdder()).add(System.nanoTime() - begin);
        String statusClass = answer.status() < 0 ? "none" : answer.status() / 100 + "xx";
        synchronized (byStatusClass) {
            byStatusClass.computeIfAbsent(statusClass, c -> new AtomicInteger()).incrementAndGet();
            statusesByOperation.computeIfAbsent(request.operation().label(), o -> new TreeMap<>())
                    .merge(answer.status(), 1, Integer::sum);
        }
        if (request.variant().equals("valid request")) {
            plausibleAnswers.put(request.operation().label(), answer.status() + " "
                    + answer.body().substring(0, Math.min(200, answer.body().length())).replace('\n', ' '));
        }
        if (answer.status() >= 400 && answer.status() < 500 && rejectedByHttpCodec(request, answer.status())) {
            codecRejections.incrementAndGet();
        }
        for (String problem : problems(request, answer)) {
            violations.add(problem, request.operation().label(), request.variant() + ": " + request.detail(),
                    answer.status(), answer.body());
        }
        if (answer.status() >= 200 && answer.status() < 300 && !request.variant().startsWith("valid")
                && (request.variant().startsWith("body") || request.variant().startsWith("duplicate"))) {
            accepted.add("accepted", request.operation().label(), request.variant() + ": " + request.detail(),
                    answer.status(), answer.body());
        }
        if (answer.status() == 202 && request.operation().path().endsWith("/generate/async")) {
            JsonNode id = json(answer.body()).path("id");
            if (id.isTextual()) {
                queuedRequestIds.add(id.asText());
            }
        }
        return answer;
    }

    /**
     * Requests that Vert.x's HTTP/1.1 codec refuses while parsing, before any route or guard runs: a request line over
     * its 4,096 bytes (414), headers over 8 KiB (431), a NUL in a header value (400). Those answers have no body; we
     * accept them as plain 4xx (decision 0005) and count them apart.
     */
    private static boolean rejectedByHttpCodec(HostileRequest request, int status) {
        String variant = request.variant();
        return status == 414 && variant.endsWith("param 100k chars")
                || status == 431 && variant.equals("header 100k chars")
                || status == 400 && variant.equals("header NUL");
    }

    /** What is wrong with an answer to a hostile request: nothing, as long as it is a 2xx or a well-formed 4xx. */
    private static List<String> problems(HostileRequest request, HostileRequest.Answer answer) {
        List<String> problems = new ArrayList<>();
        int status = answer.status();
        if (status < 0) {
            problems.add("no HTTP answer");
        } else if (status >= 500) {
            problems.add("5xx");
        } else if (status >= 400 && rejectedByHttpCodec(request, status)) {
            // answered before any route runs: a bare 4xx is all the HTTP codec gives (decision 0005)
            return problems;
        } else if (status >= 400) {
            JsonNode body = json(answer.body());
            if (body == null || !body.isObject()) {
                problems.add(status + " body is not a JSON object");
            } else {
                if (!body.path("message").isTextual()) {
                    problems.add(status + " JSON without a message string");
                } else if (JAVA_TO_STRING.matcher(body.path("message").asText()).lookingAt()) {
                    problems.add(status + " message is a Java toString()");
                }
                if (request.operation().publicApi() && !body.path("rc").isTextual()) {
                    problems.add(status + " JSON without an rc string");
                }
                if (answer.contentType() == null || !answer.contentType().startsWith("application/json")) {
                    problems.add(status + " JSON error sent as " + answer.contentType());
                }
            }
        } else if (status >= 300) {
            problems.add(status + " redirect");
        }
        if (status >= 200 && status < 300 && request.variant().equals("body wrong type") && isModesChange(
                request.operation())) {
            problems.add("PUT /status/modes accepted a non-boolean");
        }
        return problems;
    }

    private static JsonNode json(String body) {
        try {
            return body == null || body.isBlank() ? null : JSON.readTree(body);
        } catch (IOException notJson) {
            return null;
        }
    }

    private void resetModes() {
        given().header("apikey", horde.operatorKey()).contentType(ContentType.JSON)
                .body("{\"maintenance\":false}").put("/api/v2/status/modes").then().statusCode(200);
    }

    /** Requests the hostile phase queued by accident of a plausible body: cancelled, so no other IT's worker meets them. */
    private void cancelQueuedRequests() {
        for (String id : queuedRequestIds) {
            given().delete("/api/v2/generate/status/" + id);
        }
    }

    /** A client asks for an image, a worker pops, uploads and submits it, the client sees it done. */
    private void imageStillFlowsEndToEnd() {
        await().atMost(Duration.ofSeconds(30)).until(() -> !given().get("/api/v2/status/modes").then()
                .statusCode(200).extract().jsonPath().getBoolean("maintenance_mode"));
        String requester = ImageRequests.richUser(horde, 100);
        String owner = ImageRequests.registeredUser();
        String model = ImageRequests.unique("after-hostile-");
        String requestId = ImageRequests.async(requester, ImageRequests.body(model, "", "")).statusCode(202)
                .extract().jsonPath().getString("id");
        JsonPath job = ImageRequests.popJob(owner, ImageRequests.unique("after-hostile-worker-"), model, 1);
        ImageRequests.deliver(owner, job);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/api/v2/generate/check/" + requestId)
                .then().statusCode(200).body("done", equalTo(true)).body("finished", equalTo(1)));
        given().get("/api/v2/generate/status/" + requestId).then().statusCode(200)
                .body("generations", hasSize(1)).body("generations[0].id", equalTo(job.getString("id")));
    }

    private static void writeReport(String text) {
        try {
            Path report = Path.of("target", "hostile-input-report.txt");
            Files.createDirectories(report.getParent());
            Files.writeString(report, text);
        } catch (IOException e) {
            System.out.println("[HostileInputIT] cannot write the report: " + e);
        }
    }
}
