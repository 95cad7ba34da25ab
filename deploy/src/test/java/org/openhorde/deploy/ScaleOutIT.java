package org.openhorde.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.function.Supplier;
import javax.imageio.ImageIO;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.openhorde.contracts.Topics;

/**
 * Two replicas of every service on one database, one broker and one store (issue 18, decisions 0035 and 0053): 20
 * workers and 500 images spread over both gateways; when 40 % are delivered, replica 2 of every service is SIGKILLed
 * and the run completes through replica 1. Then: every image was handed out once (again only after the reaper gave its
 * claim back), every request is done, every job is settled once and the ledger holds, every uptime mark job-service
 * counted is paid once, retention removed every transient object whose time was up, and the manifest export lists
 * every shared image in exactly one part. Runs on a horde of its own, {@code -Dhorde.scale.env} /
 * {@code -Dhorde.scale.port-base} (replica 2 on the port base + 10).
 */
class ScaleOutIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private static final int REPLICAS = 2;
    private static final int REQUESTERS = 5;
    /**
     * 500 images, not the 1,000 (decision 0053): the run is bound by what two loaded cores serve (about 10
     * images a second), and the proof needs traffic in flight on both replicas when one dies, not a second 1,000.
     */
    private static final int REQUESTS_PER_REQUESTER = 5;
    private static final int IMAGES_PER_REQUEST = 20;
    private static final int PLANNED_IMAGES = REQUESTERS * REQUESTS_PER_REQUESTER * IMAGES_PER_REQUEST;
    private static final int WORKERS = 20;
    private static final int IMAGES_PER_POP = 5;
    /** Each requester sends a request this often (five requesters). */
    private static final Duration REQUEST_PACE = Duration.ofSeconds(10);
    /** Replica 2 dies once this share of the images is delivered. */
    private static final double KILL_AT = 0.4;
    private static final List<String> SERVICES = List.of("gateway", "job-service", "kudos-service", "storage-service",
            "interrogation-service", "rating-service");
    /** A run that cannot finish in this time has found a stall; it fails with its figures instead of hanging. */
    private static final Duration WORKLOAD_DEADLINE = Duration.ofMinutes(8);

    private record Account(long id, String apikey) {
    }

    private record Answer(int status, String body) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (Exception e) {
                throw new IllegalStateException("not JSON: " + body, e);
            }
        }

        boolean rc(String code) {
            return body.contains("\"rc\":\"" + code + "\"");
        }
    }

    private HordeLauncher horde;
    private volatile boolean replicaTwoAlive = true;
    private final Set<UUID> delivered = ConcurrentHashMap.newKeySet();
    private final Map<UUID, AtomicInteger> handedOut = new ConcurrentHashMap<>();
    private final List<UUID> sharedRequests = new CopyOnWriteArrayList<>();
    private final List<UUID> requests = new CopyOnWriteArrayList<>();
    private final AtomicLong failovers = new AtomicLong();
    private final AtomicInteger[] callsPerGateway = {new AtomicInteger(), new AtomicInteger()};
    private final ExecutorService deliveries = Executors.newFixedThreadPool(WORKERS * IMAGES_PER_POP);
    private volatile long deadline;
    /** Every job job-service ever queued is delivered: the workers stop (set by {@link #watchQueue()}). */
    private volatile boolean drained;

    @Test
    void twoReplicasOfEveryServiceLoseNothingAndDoubleNothingWhenOneDies() throws Exception {
        long t0 = System.nanoTime();
        horde = HordeLauncher.named("scale", 18480).replicas(REPLICAS)
                // 12 service JVMs on one PostgreSQL (CI's allows 100 connections, and the shared IT horde holds some).
                .serviceEnv("QUARKUS_DATASOURCE_REACTIVE_MAX_SIZE", "3")
                // Every scheduled effect falls due within the run: uptime marks every 5 s, retention of transient
                // objects after 45 s (swept every second), a manifest part every 2 s. The retention counts from a
                // request's arrival and each delivery of its images, so it must outlast a request's life: requests
                // arrive at the pace the workers serve them (each lives seconds), and one whose claim died with
                // replica 2 lives one claim time to live (30 s) longer.
                .serviceEnv("HORDE_JOBS_UPTIME_REWARD_INTERVAL", "PT5S")
                .serviceEnv("HORDE_STORAGE_RETENTION", "PT45S")
                .serviceEnv("HORDE_STORAGE_RETENTION_SWEEP", "PT1S")
                .serviceEnv("HORDE_STORAGE_EXPORT_INTERVAL", "PT2S")
                // A claim lost with a killed replica (a pop answered into a dead gateway) comes back after 30 s: the
                // run waits for it, so this is most of the run after the kill. On a loaded machine a worker's five
                // deliveries can take longer; then its claims go back and are handed out again (after a give-back,
                // which the test allows; a request no longer faults for it, see the next setting), and the late
                // submit of the same owner's job is still its one delivery (decision 0053).
                .serviceEnv("HORDE_JOBS_JOB_TTL_BASE_SECONDS", "30")
                .serviceEnv("HORDE_JOBS_JOB_TTL_MINIMUM_SECONDS", "30")
                .serviceEnv("HORDE_JOBS_REAPER_INTERVAL", "1s")
                // A pop answered into the killed gateway looks like a worker dropping its five jobs: three give-backs
                // of one request, and the AI Horde's rule (more than 2) faults it. The jobs are not lost, they come
                // back after their time to live; the test lets them come back instead of faulting the request.
                .serviceEnv("HORDE_JOBS_MAX_ABORTS_PER_REQUEST", "50")
                // Twelve JVMs start two waves of six on two cores: more patience than for one horde.
                .serviceEnv("READY_TIMEOUT", "300")
                .scriptOutputToFile()
                .start();
        try {
            long started = System.nanoTime();
            runAndVerify();
            System.out.printf("[ScaleOutIT] horde start (2 x 6 services) %d s, whole test %d s%n",
                    Duration.ofNanos(started - t0).toSeconds(), Duration.ofNanos(System.nanoTime() - t0).toSeconds());
        } finally {
            deliveries.shutdownNow();
            horde.close();
        }
    }

    private void runAndVerify() throws Exception {
        String operator = horde.operatorKey();
        List<Account> requesters = new ArrayList<>();
        for (int i = 0; i < REQUESTERS; i++) {
            requesters.add(createUser(operator, "scale-requester-" + i, 100_000, false));
        }
        Account owner = createUser(operator, "scale-owner", 0, true);

        long workloadStart = System.nanoTime();
        deadline = workloadStart + WORKLOAD_DEADLINE.toNanos();
        ExecutorService pool = Executors.newCachedThreadPool();
        List<Future<?>> workload = new ArrayList<>();
        for (int i = 0; i < REQUESTERS; i++) {
            Account requester = requesters.get(i);
            int first = i;
            workload.add(pool.submit(() -> request(requester, first)));
        }
        for (int w = 0; w < WORKERS; w++) {
            int gateway = w % REPLICAS;
            String name = "scale-worker-" + w + "-" + UUID.randomUUID().toString().substring(0, 6);
            workload.add(pool.submit(() -> work(owner, name, gateway)));
        }
        Future<?> killer = pool.submit(this::killReplicaTwo);
        Future<?> watcher = pool.submit(this::watchQueue);
        for (Future<?> task : workload) {
            task.get();
        }
        killer.get();
        watcher.get();
        pool.shutdown();
        long workloadSeconds = Duration.ofNanos(System.nanoTime() - workloadStart).toSeconds();
        System.out.printf("[ScaleOutIT] %d images delivered in %d s (%.1f images/s) by %d workers over %d gateways "
                        + "(calls: gateway 1 %d, gateway 2 %d; %d failovers to the other gateway)%n",
                delivered.size(), workloadSeconds, delivered.size() / (double) Math.max(1, workloadSeconds), WORKERS,
                REPLICAS, callsPerGateway[0].get(), callsPerGateway[1].get(), failovers.get());

        // 1. Every request done, each image delivered exactly once. A client whose 202 was lost with a killed gateway
        // sends its request again (an async is not idempotent, on the AI Horde either): the horde then has a request
        // more than the client knows of, and it is served like any other. So the horde's own count of jobs is what
        // must be delivered: each job queued (either replica's intake) delivered by exactly one submit.
        long[] jobs = longs("select count(*), count(*) filter (where state = 'DELIVERED'), count(distinct request_id)"
                + " from " + horde.env() + "_jobs.jobs");
        long resent = jobs[2] - requests.size();
        assertEquals(jobs[0], jobs[1], "every job queued is delivered");
        assertEquals(jobs[0], delivered.size(), "every job delivered once, and no other");
        assertEquals(resent * IMAGES_PER_REQUEST, jobs[0] - PLANNED_IMAGES, "only whole resent requests on top");
        for (UUID request : requests) {
            JsonNode check = call("GET", gateway(0) + "/api/v2/generate/check/" + request, null, null).json();
            assertTrue(check.path("done").asBoolean(), "request " + request + " done: " + check);
            assertEquals(IMAGES_PER_REQUEST, check.path("finished").asInt(), "request " + request + ": " + check);
        }
        Map<UUID, List<JsonNode>> deliveredEvents = deliveredEventsPerJob(delivered);
        assertEquals(delivered, deliveredEvents.keySet(), "every delivered job is on horde.jobs.completed");
        deliveredEvents.forEach((job, events) -> assertEquals(1, events.size(), "job " + job + " delivered once"));
        long sharedDelivered = deliveredEvents.values().stream()
                .filter(events -> events.get(0).path("shared").asBoolean()).count();

        // 2. Handed out once: a second pop of a job only after the reaper gave its first claim back.
        Set<String> requeued = distinctJobIds(Topics.JOBS_REQUEUED);
        int handedAgain = 0;
        for (Map.Entry<UUID, AtomicInteger> job : handedOut.entrySet()) {
            if (job.getValue().get() > 1) {
                handedAgain++;
                assertTrue(requeued.contains(job.getKey().toString()),
                        "job " + job.getKey() + " handed out " + job.getValue() + " times without a give-back");
            }
        }

        // 3. Every job settled once; the ledger holds.
        JsonNode audit = LedgerAuditor.awaitAudit(kudosService(), a -> a.path("settledJobs").asLong() >= jobs[0]
                && a.path("unpublishedEvents").asLong() == 0);
        LedgerAuditor.assertHolds(audit);
        long[] settlements = longs("""
                select count(*), count(distinct reference) from %s_kudos.ledger_events where type = 'job_settlement'
                """.formatted(horde.env()));
        assertEquals(jobs[0], settlements[0], "one settlement per job");
        assertEquals(jobs[0], settlements[1], "no job settled twice");

        // 4. Every uptime mark counted by job-service (either replica) paid once by kudos-service (either replica).
        String uptimeMarks = "select coalesce(sum(uptime_rewards), 0) from %s_jobs.workers".formatted(horde.env());
        String uptimePaid = "select count(*), count(distinct reference) from %s_kudos.ledger_events "
                .formatted(horde.env()) + "where type = 'uptime_reward'";
        long marks = awaitValue(uptimeMarks, v -> v > 0);
        long[] paid = awaitLongs(uptimePaid, v -> v[0] >= marks);
        assertEquals(marks, paid[0], "every uptime mark paid");
        assertEquals(paid[0], paid[1], "no uptime mark paid twice");

        // 5. Retention: every transient object whose time was up is gone (by whichever replica's sweep got it), and
        // the early requests' images were among them.
        String transientObjects = "select count(*) from %s_storage.retained_objects where bucket = '%s-generations'"
                .formatted(horde.env(), horde.env());
        // The early requests' retention (45 s after their last delivery) may end after the workload: wait for it.
        awaitValue(transientObjects, v -> v < jobs[0]);
        assertEquals(0, awaitValue(transientObjects + " and retain_until < now() - interval '3 seconds'", v -> v == 0),
                "transient objects left after their retention");
        long swept = jobs[0] - longs(transientObjects)[0];
        assertTrue(swept > 0, "retention deleted the images whose time was up");

        // 6. Export: every shared image in exactly one manifest part, the parts numbered without gaps or repeats.
        String unexported = "select count(*) from %s_storage.shared_images where part_no is null".formatted(horde.env());
        String shared = "select count(*) from %s_storage.shared_images".formatted(horde.env());
        // storage-service records a shared image when it consumes the job's completion, which on a loaded machine
        // can trail the deliveries: first every shared image recorded (seen failing here: 420 of 500 recorded when
        // the export was looked at), then every recorded image exported.
        awaitValue(shared, v -> v >= sharedDelivered);
        awaitValue(unexported, v -> v == 0);
        long sharedImages = longs(shared)[0];
        assertEquals(sharedDelivered, sharedImages, "every shared image stored once");
        assertTrue(sharedImages >= (long) sharedRequests.size() * IMAGES_PER_REQUEST, "the clients' shared images");
        long[] parts = longs("select count(*), coalesce(sum(rows), 0), coalesce(max(part_no), 0) from "
                + horde.env() + "_storage.manifest_parts");
        assertEquals(sharedImages, parts[1], "the parts list every shared image once");
        assertEquals(parts[0], parts[2], "parts numbered 1..n");
        long mismatched = longs(("select count(*) from %1$s_storage.manifest_parts p where p.rows <> "
                + "(select count(*) from %1$s_storage.shared_images s where s.part_no = p.part_no)")
                .formatted(horde.env()))[0];
        assertEquals(0, mismatched, "each part's row count is the images recorded in it");

        System.out.printf("[ScaleOutIT] %d jobs (%d requests resent by clients whose answer died with gateway 2), "
                        + "%d settlements, %d ledger events, %d jobs handed out again after a give-back, "
                        + "%d uptime marks paid once, %d images deleted by retention, %d shared images in %d manifest "
                        + "parts%n",
                jobs[0], resent, settlements[0], audit.path("ledgerEvents").asLong(), handedAgain, paid[0], swept,
                sharedImages, parts[0]);
    }

    // ---------------------------------------------------------------------------------------------- the workload

    /** A client: its requests of 20 images, half of them shared, dealt over the gateways. */
    private void request(Account requester, int index) {
        for (int r = 0; r < REQUESTS_PER_REQUESTER; r++) {
            boolean shared = r % 2 == 0;
            String body = """
                    {"prompt": "a lighthouse in a storm, two replicas",
                     "params": {"sampler_name": "k_euler_a", "width": 512, "height": 512, "steps": 20, "n": %d},
                     "nsfw": false, "censor_nsfw": false, "models": ["stable_diffusion"], "r2": true, "shared": %s}
                    """.formatted(IMAGES_PER_REQUEST, shared);
            int preferred = (index + r) % REPLICAS;
            Answer answer = retryUntil("async", preferred, g -> call("POST", gateway(g) + "/api/v2/generate/async",
                    requester.apikey(), body), a -> a.status() == 202 || a.status() >= 400 && a.status() < 500);
            assertEquals(202, answer.status(), answer.body());
            UUID id = UUID.fromString(answer.json().path("id").asText());
            requests.add(id);
            if (shared) {
                sharedRequests.add(id);
            }
            // About the pace 20 workers serve them on two loaded cores (a request of 20 every ~2 s), so requests keep
            // arriving before and after the kill and none waits long. No pause after the last one.
            if (r + 1 < REQUESTS_PER_REQUESTER) {
                pause(REQUEST_PACE.toMillis());
            }
        }
    }

    /** A worker on its gateway (the other one when its own is gone), until every planned image is delivered. */
    private void work(Account owner, String name, int gateway) {
        String pop = """
                {"name": "%s", "models": ["stable_diffusion"], "bridge_agent": "AI Horde Worker reGen:9.0.2:scale",
                 "amount": %d, "max_pixels": 1048576, "nsfw": true, "threads": 1}
                """.formatted(name, IMAGES_PER_POP);
        byte[] image = png();
        while (!drained) {
            checkDeadline("worker " + name);
            Answer answer = retryUntil("pop", gateway, g -> call("POST", gateway(g) + "/api/v2/generate/pop",
                    owner.apikey(), pop), a -> a.status() == 200);
            JsonNode ids = answer.json().path("ids");
            if (ids.isEmpty()) {
                pause(500);
                continue;
            }
            JsonNode uploads = answer.json().path("r2_uploads");
            List<Future<?>> jobs = new ArrayList<>();
            for (int i = 0; i < ids.size(); i++) {
                UUID jobId = UUID.fromString(ids.get(i).asText());
                handedOut.computeIfAbsent(jobId, j -> new AtomicInteger()).incrementAndGet();
                String upload = uploads.get(i).asText();
                jobs.add(deliveries.submit(() -> deliver(owner, jobId, upload, image, gateway)));
            }
            for (Future<?> job : jobs) {
                try {
                    job.get();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        }
    }

    private void deliver(Account owner, UUID jobId, String uploadUrl, byte[] image, int gateway) {
        retryUntil("upload", gateway, g -> put(uploadUrl, image), a -> a.status() == 200);
        String submit = "{\"id\":\"" + jobId + "\",\"generation\":\"R2\",\"state\":\"ok\",\"seed\":1234}";
        Answer answer = retryUntil("submit", gateway, g -> call("POST", gateway(g) + "/api/v2/generate/submit",
                owner.apikey(), submit), a -> a.status() == 200 || a.status() == 400 || a.status() == 404);
        if (answer.status() == 200 || answer.rc("DuplicateGen")) {
            delivered.add(jobId);
        }
    }

    /**
     * Watches job-service's table (as an operator's query would) until every job it ever queued is delivered and the
     * clients sent all their requests: then the workers stop. Jobs of resent requests count; a claim lost with a dead
     * gateway comes back after its time to live and is delivered before the run ends.
     */
    private void watchQueue() {
        // Open and ended jobs: a job that ended without an image (a faulted request) ends the wait too, and fails the
        // assertions with the figures instead of a deadline.
        String jobs = "select count(*) filter (where state in ('WAITING', 'CLAIMED')), count(*) filter (where state"
                + " not in ('WAITING', 'CLAIMED')) from " + horde.env() + "_jobs.jobs";
        try {
            while (requests.size() < REQUESTERS * REQUESTS_PER_REQUESTER || waiting(jobs)) {
                checkDeadline("waiting for the queue to drain");
                pause(500);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        } finally {
            drained = true;
        }
    }

    private static boolean waiting(String jobsQuery) throws SQLException {
        long[] openAndEnded = longs(jobsQuery);
        return openAndEnded[0] > 0 || openAndEnded[1] < PLANNED_IMAGES;
    }

    /** SIGKILLs replica 2 of every service at once when the run is {@link #KILL_AT} done. */
    private void killReplicaTwo() {
        while (delivered.size() < PLANNED_IMAGES * KILL_AT) {
            checkDeadline("waiting to kill replica 2");
            pause(200);
        }
        replicaTwoAlive = false;
        for (String service : SERVICES) {
            horde.kill(service + "-2");
        }
        System.out.printf("[ScaleOutIT] SIGKILLed replica 2 of all six services at %d delivered images%n",
                delivered.size());
    }

    // ---------------------------------------------------------------------------------------------- verification

    /** DELIVERED completion events per job (distinct by event id: the relay may republish after a crash). */
    private Map<UUID, List<JsonNode>> deliveredEventsPerJob(Set<UUID> wanted) throws Exception {
        Map<String, JsonNode> byEvent = readAll(Topics.JOBS_COMPLETED,
                seen -> {
                    Set<String> jobs = new HashSet<>();
                    seen.values().forEach(e -> jobs.add(e.path("jobId").asText()));
                    return wanted.stream().allMatch(job -> jobs.contains(job.toString()));
                });
        Map<UUID, List<JsonNode>> perJob = new HashMap<>();
        for (JsonNode event : byEvent.values()) {
            if (event.path("outcome").asText().equals("DELIVERED")) {
                perJob.computeIfAbsent(UUID.fromString(event.path("jobId").asText()), j -> new ArrayList<>())
                        .add(event);
            }
        }
        return perJob;
    }

    private Set<String> distinctJobIds(String topic) throws Exception {
        Set<String> jobs = new HashSet<>();
        readAll(topic, seen -> true).values().forEach(event -> jobs.add(event.path("jobId").asText()));
        return jobs;
    }

    /** A topic from its beginning, distinct by event id, until {@code complete} accepts it and the topic is drained. */
    private Map<String, JsonNode> readAll(String topic, Predicate<Map<String, JsonNode>> complete) throws Exception {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, horde.kafka());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "scale-auditor-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        Map<String, JsonNode> distinct = new HashMap<>();
        try (KafkaConsumer<String, String> consumer =
                     new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(horde.topicPrefix() + topic));
            long end = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            int emptyPolls = 0;
            while (System.nanoTime() < end && (emptyPolls < 4 || !complete.test(distinct))) {
                var batch = consumer.poll(Duration.ofMillis(500));
                emptyPolls = batch.isEmpty() ? emptyPolls + 1 : 0;
                for (ConsumerRecord<String, String> record : batch) {
                    JsonNode event = JSON.readTree(record.value());
                    distinct.putIfAbsent(event.path("eventId").asText(), event);
                }
            }
        }
        return distinct;
    }

    private long awaitValue(String sql, Predicate<Long> settled) throws Exception {
        return awaitLongs(sql, v -> settled.test(v[0]))[0];
    }

    /** The query's first row, polled until {@code settled} accepts it; the last value when 90 s pass without. */
    private long[] awaitLongs(String sql, Predicate<long[]> settled) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        long[] value = longs(sql);
        while (!settled.test(value) && System.nanoTime() < end) {
            pause(500);
            value = longs(sql);
        }
        return value;
    }

    private static long[] longs(String sql) throws SQLException {
        try (Connection db = DriverManager.getConnection(HordeLauncher.POSTGRES, "postgres", "");
             Statement statement = db.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            long[] values = new long[rows.getMetaData().getColumnCount()];
            for (int i = 0; i < values.length; i++) {
                values[i] = rows.getLong(i + 1);
            }
            return values;
        }
    }

    // ---------------------------------------------------------------------------------------------- plumbing

    private String gateway(int index) {
        return horde.gatewayUrl(index + 1);
    }

    private String kudosService() {
        return horde.serviceUrl(2, 1);
    }

    private Account createUser(String operator, String name, long kudos, boolean trusted) {
        String body = "{\"username\":\"" + name + "\",\"kudos\":" + kudos + ",\"trusted\":" + trusted
                + ",\"concurrency\":" + PLANNED_IMAGES + "}";
        Answer answer = call("POST", gateway(0) + "/api/v2/operator/users", operator, body);
        assertEquals(201, answer.status(), answer.body());
        return new Account(answer.json().path("id").asLong(), answer.json().path("api_key").asText());
    }

    /**
     * The local round-robin with failover a client of several gateways uses: the preferred gateway while it answers,
     * the other one when it refuses connections or answers 5xx (a dead or stopping replica), with a backoff.
     */
    private Answer retryUntil(String what, int preferred, java.util.function.IntFunction<Answer> attempt,
                              Predicate<Answer> definitive) {
        long backoff = 100;
        int gateway = preferred == 1 && !replicaTwoAlive ? 0 : preferred;
        while (true) {
            callsPerGateway[gateway].incrementAndGet();
            Answer answer = attempt.apply(gateway);
            if (definitive.test(answer)) {
                return answer;
            }
            checkDeadline(what + " last answered " + answer.status() + " " + answer.body());
            if (answer.status() == -1 || answer.status() >= 500) {
                gateway = (gateway + 1) % REPLICAS;
                failovers.incrementAndGet();
            }
            pause(backoff);
            backoff = Math.min(1_000, backoff * 2);
        }
    }

    private void checkDeadline(String context) {
        if (System.nanoTime() > deadline) {
            throw new AssertionError("deadline passed: " + context + "; delivered " + delivered.size() + " of "
                    + PLANNED_IMAGES);
        }
    }

    private static Answer call(String method, String url, String apikey, String body) {
        // Patient: an answer given up on is a call resent, and an async resent is a request more.
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (apikey != null) {
            request.header("apikey", apikey);
        }
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body());
        } catch (IOException e) {
            return new Answer(-1, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Answer put(String url, byte[] bytes) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url))
                            .timeout(Duration.ofSeconds(20)).PUT(HttpRequest.BodyPublishers.ofByteArray(bytes)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body());
        } catch (IOException e) {
            return new Answer(-1, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static byte[] png() {
        try {
            BufferedImage image = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
            image.setRGB(1, 1, 0x3366ff);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(image, "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void pause(long millis) {
        try {
            TimeUnit.MILLISECONDS.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
