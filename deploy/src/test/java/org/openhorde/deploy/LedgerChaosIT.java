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
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
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
import org.openhorde.contracts.economy.ImagePricing;

/**
 * The ledger under fire: 2,000+ images generated and paid and 200+ concurrent kudos transfers while kudos-service is
 * killed with SIGKILL at random moments (and restarted) and Kafka is restarted once. Afterwards the ledger invariant
 * holds, every delivered job was charged once and paid once, every ledger event reached {@code horde.kudos.posted},
 * and every balance equals an independent recomputation from the completed jobs on Kafka and the transfers that
 * succeeded. Runs on a horde of its own ({@link #startChaosHorde()}).
 */
class LedgerChaosIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private static final int RICH_REQUESTERS = 4;
    private static final int REQUESTS_PER_RICH = 26;
    private static final int IMAGES_PER_REQUEST = 20;
    private static final int WORKERS = 4;
    private static final int TRANSFERS = 240;
    /** Transfers in flight at once: 40 clients sending 6 each, spread over the first half minute or so. */
    private static final int TRANSFER_SENDERS = 40;
    private static final long TRANSFER_KUDOS = 5;
    private static final int KUDOS_SERVICE_KILLS = 3;
    private static final long RICH_START = 100_000_00;
    private static final long POOR_START = 50_00;
    private static final int ESCROW_PERCENT = 50;
    /**
     * A test that cannot finish in this time has found a stall (a job nobody can deliver, a service that never comes
     * back); it fails with its figures instead of hanging. Generous: on a loaded machine a restart takes long.
     */
    private static final Duration WORKLOAD_DEADLINE = Duration.ofMinutes(8);

    /** {width, height, steps} of each requester's images, so that prices differ and can be checked independently. */
    private static final int[][] VARIANTS = {{512, 512, 20}, {640, 512, 25}};

    private record Account(long id, String apikey) {
    }

    private record Answer(int status, String body) {
        boolean rc(String code) {
            return body.contains("\"rc\":\"" + code + "\"");
        }

        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (Exception e) {
                throw new IllegalStateException("not JSON: " + body, e);
            }
        }
    }

    private record Transfer(long from, long to, long amount) {
    }

    private HordeLauncher horde;
    private final AtomicInteger kills = new AtomicInteger();
    private final AtomicInteger kafkaRestarts = new AtomicInteger();
    private final AtomicLong retries = new AtomicLong();
    private final Set<UUID> delivered = ConcurrentHashMap.newKeySet();
    private final List<Transfer> transfersDone = new CopyOnWriteArrayList<>();
    /** Workers deliver the images of one pop in parallel, as reGen's threads would. */
    private final ExecutorService deliveries = Executors.newFixedThreadPool(WORKERS * 10);
    private final Map<String, AtomicInteger> transfersRefused = new ConcurrentHashMap<>();
    private volatile long deadline;

    @Test
    void ledgerStaysExactThroughKillsAndAKafkaRestart() throws Exception {
        long t0 = System.nanoTime();
        horde = startChaosHorde();
        try {
            long started = System.nanoTime();
            runAndVerify();
            System.out.printf("[LedgerChaosIT] horde start %d s, whole test %d s%n",
                    Duration.ofNanos(started - t0).toSeconds(), Duration.ofNanos(System.nanoTime() - t0).toSeconds());
        } finally {
            horde.close();
        }
    }

    /**
     * A horde of its own (environment "chaos", ports 181xx) with its own Kafka broker on 19092/19093, so that killing
     * and restarting processes never disturbs the shared broker or the horde other ITs use; PostgreSQL, Redis and S3
     * are the shared ones. Overridable: {@code -Dhorde.chaos.env}, {@code -Dhorde.chaos.port-base},
     * {@code -Dhorde.chaos.kafka-port}.
     */
    private static HordeLauncher startChaosHorde() {
        return HordeLauncher.named("chaos", 18180).ownKafka(19092)
                // No interrogation here: one JVM fewer competing for the CPU with every start and restart.
                .services("kudos-service", "job-service", "storage-service", "gateway")
                // This test recomputes every balance from generation rewards alone: no uptime reward may fall due.
                .serviceEnv("HORDE_JOBS_UPTIME_REWARD_INTERVAL", "PT24H")
                .scriptOutputToFile()
                .start();
    }

    private void runAndVerify() throws Exception {
        String operator = horde.operatorKey();
        List<Account> rich = new ArrayList<>();
        for (int i = 0; i < RICH_REQUESTERS; i++) {
            rich.add(createUser(operator, "chaos-rich-" + i, RICH_START, false));
        }
        Account poor = createUser(operator, "chaos-poor", POOR_START, false);
        Account trustedOwner = createUser(operator, "chaos-trusted-owner", 0, true);
        Account untrustedOwner = register("chaos-new-owner");
        Map<Long, int[]> variantOf = new HashMap<>();
        for (int i = 0; i < rich.size(); i++) {
            variantOf.put(rich.get(i).id(), VARIANTS[i % VARIANTS.length]);
        }
        variantOf.put(poor.id(), VARIANTS[0]);
        int plannedImages = (RICH_REQUESTERS * REQUESTS_PER_RICH + 1) * IMAGES_PER_REQUEST;

        long workloadStart = System.nanoTime();
        deadline = workloadStart + WORKLOAD_DEADLINE.toNanos();
        ExecutorService pool = Executors.newCachedThreadPool();
        List<Future<?>> workload = new ArrayList<>();
        for (Account requester : rich) {
            workload.add(pool.submit(() -> request(requester, variantOf.get(requester.id()), REQUESTS_PER_RICH)));
        }
        workload.add(pool.submit(() -> request(poor, variantOf.get(poor.id()), 1)));
        for (int w = 0; w < WORKERS; w++) {
            Account owner = w < WORKERS / 2 ? trustedOwner : untrustedOwner;
            String name = "chaos-worker-" + w + "-" + UUID.randomUUID().toString().substring(0, 6);
            workload.add(pool.submit(() -> work(owner, name, plannedImages)));
        }
        for (int sender = 0; sender < TRANSFER_SENDERS; sender++) {
            int first = sender;
            workload.add(pool.submit(() -> {
                for (int k = first; k < TRANSFERS; k += TRANSFER_SENDERS) {
                    // A ring, so nobody ever sends straight back to whoever just sent to them (TooFastKudosTransfers).
                    transfer(rich.get(k % RICH_REQUESTERS), rich.get((k + 1) % RICH_REQUESTERS),
                            ThreadLocalRandom.current().nextLong(5_000));
                }
            }));
        }
        Future<?> chaos = pool.submit(this::chaos);
        for (Future<?> task : workload) {
            task.get();
        }
        chaos.get();
        pool.shutdown();
        deliveries.shutdown();
        long workloadSeconds = Duration.ofNanos(System.nanoTime() - workloadStart).toSeconds();
        horde.startServices();

        // Quiescence: every delivered job is on the completed topic, settled, and every ledger event published.
        Map<UUID, JsonNode> completed = readCompleted(delivered);
        assertTrue(completed.keySet().containsAll(delivered), "every job a worker delivered is on the topic");
        JsonNode audit = awaitAudit(a -> a.path("settledJobs").asLong() >= completed.size()
                && a.path("unpublishedEvents").asLong() == 0);

        System.out.printf("[LedgerChaosIT] %d jobs delivered, %d transfers succeeded (%s refused), %d kudos-service "
                        + "kills, %d Kafka restart, %d client retries, workload %d s%n",
                completed.size(), transfersDone.size(), transfersRefused, kills.get(), kafkaRestarts.get(),
                retries.get(), workloadSeconds);

        // 1. The invariant, as the operator sees it through the public API too.
        LedgerAuditor.assertHolds(audit);
        JsonNode publicReport = call("GET", horde.gatewayUrl() + "/api/v2/operator/ledger", operator, null).json();
        assertTrue(publicReport.path("holds").asBoolean(), publicReport.toString());
        assertTrue(completed.size() >= 2_000, "at least 2,000 delivered jobs, got " + completed.size());
        assertTrue(transfersDone.size() >= 200, "at least 200 transfers, got " + transfersDone.size());
        assertEquals(KUDOS_SERVICE_KILLS, kills.get());
        assertEquals(1, kafkaRestarts.get());

        // 2. Every job charged once and paid once, at the price the formula gives for what was asked.
        Map<Long, Long> charged = new HashMap<>();
        Map<Long, Long> earned = new HashMap<>();
        Map<Long, Long> held = new HashMap<>();
        long taxes = 0;
        for (JsonNode job : completed.values()) {
            long requester = job.path("requester").path("userId").asLong();
            long owner = job.path("worker").path("ownerUserId").asLong();
            long price = job.path("price").asLong();
            long tax = job.path("tax").asLong();
            int[] variant = variantOf.get(requester);
            assertEquals(ImagePricing.basePrice(variant[0], variant[1], variant[2]), price, "price of " + job);
            assertEquals(300, tax, "an unshared image burns 3 kudos");
            charged.merge(requester, price + tax, Long::sum);
            earned.merge(owner, price, Long::sum);
            held.merge(owner, owner == untrustedOwner.id() ? price * ESCROW_PERCENT / 100 : 0, Long::sum);
            taxes += tax;
        }
        Map<UUID, List<JsonNode>> settlements = settlementPostings();
        assertEquals(completed.keySet(), settlements.keySet(), "exactly the delivered jobs are settled");
        for (Map.Entry<UUID, JsonNode> entry : completed.entrySet()) {
            JsonNode job = entry.getValue();
            String requester = "user:" + job.path("requester").path("userId").asLong();
            long owner = job.path("worker").path("ownerUserId").asLong();
            long price = job.path("price").asLong();
            long tax = job.path("tax").asLong();
            long charge = 0;
            long paid = 0;
            long burned = 0;
            for (JsonNode posting : settlements.get(entry.getKey())) {
                String account = posting.path("account").asText();
                long amount = posting.path("amount").asLong();
                String category = posting.path("category").asText();
                if (account.equals(requester) && category.equals("accumulated")) {
                    charge += amount;
                }
                if (account.equals("user:" + owner) && category.equals("accumulated")
                        || account.equals("escrow:user:" + owner)) {
                    paid += amount;
                }
                if (account.equals("burn")) {
                    burned += amount;
                }
            }
            assertEquals(-(price + tax), charge, "job " + entry.getKey() + " charged once");
            assertEquals(price, paid, "job " + entry.getKey() + " paid once");
            assertEquals(tax, burned, "job " + entry.getKey() + " burned its tax once");
        }

        // 3. Balances equal an independent recomputation: starting kudos, prices, taxes, floors, escrow, transfers.
        Map<Long, Long> sent = new HashMap<>();
        Map<Long, Long> received = new HashMap<>();
        for (Transfer transfer : transfersDone) {
            sent.merge(transfer.from(), transfer.amount(), Long::sum);
            received.merge(transfer.to(), transfer.amount(), Long::sum);
        }
        for (Account requester : rich) {
            long expected = RICH_START - charged.getOrDefault(requester.id(), 0L)
                    - sent.getOrDefault(requester.id(), 0L) + received.getOrDefault(requester.id(), 0L);
            assertTrue(expected > 0, "rich requesters never reach their floor, so the order of events cannot matter");
            assertEquals(expected, internalUser(requester.id()).path("kudos").asLong(), "requester " + requester.id());
        }
        assertTrue(charged.get(poor.id()) > POOR_START, "the poor requester spent more than they had");
        assertEquals(Math.max(0, POOR_START - charged.get(poor.id())), internalUser(poor.id()).path("kudos").asLong(),
                "a registered balance stops at 0");
        assertEquals(earned.getOrDefault(trustedOwner.id(), 0L), internalUser(trustedOwner.id()).path("kudos").asLong());
        assertEquals(0, internalUser(trustedOwner.id()).path("evaluatingKudos").asLong());
        JsonNode newOwner = internalUser(untrustedOwner.id());
        assertTrue(held.getOrDefault(untrustedOwner.id(), 0L) > 0, "the untrusted owner's workers earned something");
        assertEquals(earned.get(untrustedOwner.id()) - held.get(untrustedOwner.id()), newOwner.path("kudos").asLong());
        assertEquals(held.get(untrustedOwner.id()).longValue(), newOwner.path("evaluatingKudos").asLong());
        Map<String, Long> balances = accountBalances();
        assertEquals(taxes, balances.get("burn"), "the burn account holds exactly the taxes");

        // 4. The outbox published every ledger event; the topic alone rebuilds every balance.
        Map<String, Long> rebuilt = new HashMap<>();
        int[] records = new int[1];
        long ledgerEvents = audit.path("ledgerEvents").asLong();
        Map<String, JsonNode> posted = readAll(horde.topicPrefix() + "horde.kudos.posted", "eventId",
                seen -> seen.size() >= ledgerEvents, records);
        for (JsonNode event : posted.values()) {
            for (JsonNode posting : event.path("postings")) {
                rebuilt.merge(posting.path("account").asText(), posting.path("amount").asLong(), Long::sum);
            }
        }
        assertEquals(audit.path("ledgerEvents").asLong(), posted.size(), "every ledger event was published");
        balances.values().removeIf(balance -> balance == 0);
        rebuilt.values().removeIf(balance -> balance == 0);
        assertEquals(balances, rebuilt, "horde.kudos.posted rebuilds every balance");
        System.out.printf("[LedgerChaosIT] %d settlements, %d ledger events, %d KudosPosted records (%d distinct), "
                        + "%.2f kudos burned, %.2f kudos in escrow%n", settlements.size(),
                audit.path("ledgerEvents").asLong(), records[0], posted.size(), taxes / 100.0,
                held.get(untrustedOwner.id()) / 100.0);
    }

    // ---------------------------------------------------------------------------------------------- the workload

    /** A client: {@code requests} requests of 20 images each, retried until the horde accepts them. */
    private void request(Account requester, int[] variant, int requests) {
        String body = """
                {"prompt": "a lighthouse in a storm, chaos edition",
                 "params": {"sampler_name": "k_euler_a", "cfg_scale": 7.5, "width": %d, "height": %d, "steps": %d,
                            "n": %d},
                 "nsfw": false, "censor_nsfw": false, "models": ["stable_diffusion"], "r2": true, "shared": false}
                """.formatted(variant[0], variant[1], variant[2], IMAGES_PER_REQUEST);
        for (int r = 0; r < requests; r++) {
            Answer answer = retryUntil("async", () -> call("POST", horde.gatewayUrl() + "/api/v2/generate/async",
                    requester.apikey(), body), a -> a.status() == 202 || a.status() >= 400 && a.status() < 500);
            assertEquals(202, answer.status(), answer.body());
        }
    }

    /** A worker: pops up to 20 images at once, uploads each and submits it, until every planned image is delivered. */
    private void work(Account owner, String name, int plannedImages) {
        String pop = """
                {"name": "%s", "models": ["stable_diffusion"], "bridge_agent": "AI Horde Worker reGen:9.0.2:chaos",
                 "amount": 20, "max_pixels": 1048576, "nsfw": true, "threads": 1}
                """.formatted(name);
        byte[] image = png();
        while (delivered.size() < plannedImages) {
            checkDeadline();
            Answer answer = call("POST", horde.gatewayUrl() + "/api/v2/generate/pop", owner.apikey(), pop);
            JsonNode ids = answer.status() == 200 ? answer.json().path("ids") : null;
            if (ids == null || ids.isEmpty()) {
                pause(answer.status() == 200 ? 100 : 250);
                continue;
            }
            JsonNode uploads = answer.json().path("r2_uploads");
            List<CompletableFuture<Void>> jobs = new ArrayList<>();
            for (int i = 0; i < ids.size(); i++) {
                String jobId = ids.get(i).asText();
                String upload = uploads.get(i).asText();
                jobs.add(CompletableFuture.runAsync(() -> deliver(owner, jobId, upload, image), deliveries));
            }
            jobs.forEach(CompletableFuture::join);
        }
    }

    private void deliver(Account owner, String jobId, String uploadUrl, byte[] image) {
        retryUntil("upload", () -> put(uploadUrl, image), answer -> answer.status() == 200);
        String submit = "{\"id\":\"" + jobId + "\",\"generation\":\"R2\",\"state\":\"ok\",\"seed\":1234}";
        Answer answer = retryUntil("submit", () -> call("POST", horde.gatewayUrl() + "/api/v2/generate/submit",
                owner.apikey(), submit), a -> a.status() == 200 || a.status() == 400 || a.status() == 404);
        if (answer.status() == 200 || answer.rc("DuplicateGen")) {
            delivered.add(UUID.fromString(jobId));
        }
    }

    /** One transfer under its own Idempotency-Key, retried with the same key until the answer is definitive. */
    private void transfer(Account from, Account to, long delayMs) {
        pause(delayMs);
        String key = UUID.randomUUID().toString();
        String body = "{\"username\":\"chaos#" + to.id() + "\",\"amount\":" + TRANSFER_KUDOS + "}";
        Answer answer = retryUntil("transfer", () -> call("POST", horde.gatewayUrl() + "/api/v2/kudos/transfer",
                from.apikey(), body, "Idempotency-Key", key), a -> a.status() == 200 || a.status() == 400);
        if (answer.status() == 200) {
            assertEquals(TRANSFER_KUDOS, answer.json().path("transferred").asLong());
            transfersDone.add(new Transfer(from.id(), to.id(), TRANSFER_KUDOS * 100));
        } else {
            transfersRefused.computeIfAbsent(answer.json().path("rc").asText(), rc -> new AtomicInteger())
                    .incrementAndGet();
        }
    }

    /** SIGKILLs kudos-service at random moments and restarts it; restarts Kafka once in between. */
    private void chaos() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int k = 0; k < KUDOS_SERVICE_KILLS; k++) {
            pause(random.nextLong(3_000, 8_000));
            horde.kill("kudos-service");
            kills.incrementAndGet();
            // Traffic meets the dead service for a moment before it comes back.
            pause(random.nextLong(500, 2_500));
            horde.start("kudos-service");
            if (k == 0) {
                pause(random.nextLong(2_000, 6_000));
                horde.stop("kafka");
                kafkaRestarts.incrementAndGet();
                horde.start("kafka");
            }
        }
    }

    // ---------------------------------------------------------------------------------------------- verification

    /** The completed-job events from the beginning of the topic, by job id, until {@code wanted} are all there. */
    private Map<UUID, JsonNode> readCompleted(Set<UUID> wanted) throws Exception {
        Map<String, JsonNode> byJob = readAll(horde.topicPrefix() + "horde.jobs.completed", "jobId",
                seen -> wanted.stream().allMatch(job -> seen.containsKey(job.toString())), new int[1]);
        Map<UUID, JsonNode> delivered = new HashMap<>();
        byJob.forEach((jobId, event) -> {
            if (event.path("outcome").asText().equals("DELIVERED")) {
                delivered.put(UUID.fromString(jobId), event);
            }
        });
        return delivered;
    }

    /**
     * Reads a topic from the beginning with a plain consumer (as an auditor would), deduplicated by {@code idField},
     * until what arrived is {@code complete} and the topic is drained.
     */
    private Map<String, JsonNode> readAll(String topic, String idField, Predicate<Map<String, JsonNode>> complete,
                                          int[] records) throws Exception {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, horde.kafka());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "chaos-auditor-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        Map<String, JsonNode> distinct = new HashMap<>();
        try (KafkaConsumer<String, String> consumer =
                     new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long end = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            int emptyPolls = 0;
            while (System.nanoTime() < end && (emptyPolls < 4 || !complete.test(distinct))) {
                var batch = consumer.poll(Duration.ofMillis(500));
                emptyPolls = batch.isEmpty() ? emptyPolls + 1 : 0;
                for (ConsumerRecord<String, String> record : batch) {
                    records[0]++;
                    JsonNode event = JSON.readTree(record.value());
                    distinct.putIfAbsent(event.path(idField).asText(), event);
                }
            }
        }
        return distinct;
    }

    private JsonNode awaitAudit(Predicate<JsonNode> quiet) {
        return LedgerAuditor.awaitAudit(horde.serviceUrl(2), quiet);
    }

    private JsonNode internalUser(long id) {
        Answer answer = call("GET", horde.serviceUrl(2) + "/internal/users/" + id, null, null);
        assertEquals(200, answer.status(), answer.body());
        return answer.json();
    }

    /** The postings of every job settlement, by job id (a settlement's reference is {@code job:<id>}). */
    private Map<UUID, List<JsonNode>> settlementPostings() throws Exception {
        Map<UUID, List<JsonNode>> byJob = new HashMap<>();
        try (Connection db = DriverManager.getConnection(HordeLauncher.POSTGRES, "postgres", "");
             Statement sql = db.createStatement();
             ResultSet rows = sql.executeQuery("""
                     select e.reference, p.account_id, p.amount, p.category
                       from %1$s_kudos.ledger_events e join %1$s_kudos.postings p on p.event_id = e.event_id
                      where e.type = 'job_settlement'
                     """.formatted(horde.env()))) {
            while (rows.next()) {
                UUID job = UUID.fromString(rows.getString("reference").substring("job:".length()));
                byJob.computeIfAbsent(job, j -> new ArrayList<>()).add(JSON.createObjectNode()
                        .put("account", rows.getString("account_id"))
                        .put("amount", rows.getLong("amount"))
                        .put("category", rows.getString("category")));
            }
        }
        return byJob;
    }

    private Map<String, Long> accountBalances() throws Exception {
        Map<String, Long> balances = new HashMap<>();
        try (Connection db = DriverManager.getConnection(HordeLauncher.POSTGRES, "postgres", "");
             Statement sql = db.createStatement();
             ResultSet rows = sql.executeQuery("select id, balance from " + horde.env() + "_kudos.accounts")) {
            while (rows.next()) {
                balances.put(rows.getString("id"), rows.getLong("balance"));
            }
        }
        return balances;
    }

    // ---------------------------------------------------------------------------------------------- plumbing

    private Account createUser(String operator, String name, long centikudos, boolean trusted) {
        // A rich requester queues all its requests at once: far more images than a user's default concurrency.
        String body = "{\"username\":\"" + name + "\",\"kudos\":" + centikudos / 100.0 + ",\"trusted\":" + trusted
                + ",\"concurrency\":" + REQUESTS_PER_RICH * IMAGES_PER_REQUEST + "}";
        Answer answer = call("POST", horde.gatewayUrl() + "/api/v2/operator/users", operator, body);
        assertEquals(201, answer.status(), answer.body());
        return new Account(answer.json().path("id").asLong(), answer.json().path("api_key").asText());
    }

    private Account register(String name) {
        Answer answer = call("POST", horde.gatewayUrl() + "/api/v2/register", null,
                "{\"username\":\"" + name + "\"}");
        assertEquals(201, answer.status(), answer.body());
        return new Account(answer.json().path("id").asLong(), answer.json().path("api_key").asText());
    }

    /** Retries while the horde is down or restarting (503, connection refused), never past the workload deadline. */
    private Answer retryUntil(String what, Supplier<Answer> attempt, Predicate<Answer> definitive) {
        long backoff = 100;
        while (true) {
            Answer answer = attempt.get();
            if (definitive.test(answer)) {
                return answer;
            }
            checkDeadline(what + " last answered " + answer.status() + " " + answer.body());
            retries.incrementAndGet();
            // Backing off, as real clients do, so that a restarting service is not buried under retries.
            pause(backoff);
            backoff = Math.min(1_000, backoff * 2);
        }
    }

    private void checkDeadline() {
        checkDeadline("workload");
    }

    private void checkDeadline(String context) {
        if (System.nanoTime() > deadline) {
            throw new AssertionError("deadline passed: " + context + "; delivered " + delivered.size()
                    + ", transfers " + transfersDone.size() + ", kills " + kills.get());
        }
    }

    private static Answer call(String method, String url, String apikey, String body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (apikey != null) {
            request.header("apikey", apikey);
        }
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
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
