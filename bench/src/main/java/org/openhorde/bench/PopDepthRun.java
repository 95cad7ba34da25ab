package org.openhorde.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.openhorde.contracts.Topics;
import org.openhorde.contracts.events.ImageParams;
import org.openhorde.contracts.events.ImageRequestSpec;
import org.openhorde.contracts.events.JobSubmitted;
import org.openhorde.contracts.events.Requester;

/**
 * Pop latency against queue depth. The queue is filled fast and honestly: {@link JobSubmitted} events go straight onto
 * the Kafka topic the gateway publishes to, so job-service's real intake queues them (as if the gateway had accepted
 * them); a share of them asks for a model no bench worker serves, so that matching has work to do. At each depth,
 * simulated workers pop through the gateway concurrently and every pop's latency is recorded. Afterwards every filled
 * request is cancelled through job-service's internal API (cancelled jobs move no kudos), unless told not to.
 */
final class PopDepthRun {

    static final String SERVED_MODEL = "bench_popdepth_served";
    static final String UNSERVED_MODEL = "bench_popdepth_unserved";

    record Options(URI base, List<Integer> depths, String kafka, String topicPrefix, URI jobServiceUrl, int workers,
                   int pops, int warmupPops, double unservedShare, Duration fillTimeout, boolean cleanup) {
    }

    record DepthResult(int depth, int waitingAtStart, long pops, long emptyPops, long errors, double p50Millis,
                       double p99Millis, double meanMillis, double maxMillis) {
    }

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private final Options options;
    private final PrintStream log;
    private final List<UUID> filled = Collections.synchronizedList(new ArrayList<>());
    private long published;

    PopDepthRun(Options options, PrintStream log) {
        this.options = options;
        this.log = log;
    }

    List<DepthResult> run() throws Exception {
        Http1 http = Http1.forThisThread();
        List<String> ownerKeys = new ArrayList<>();
        for (int i = 0; i < options.workers(); i++) {
            Http1.Response registered = http.postJson(options.base().resolve("/api/v2/register"), null,
                    ("{\"username\":\"popdepth-" + UUID.randomUUID().toString().substring(0, 8) + "\"}")
                            .getBytes(StandardCharsets.UTF_8));
            if (registered.status() != 201) {
                throw new IOException("register answered " + registered.status() + ": " + registered.text());
            }
            ownerKeys.add(JSON.readTree(registered.body()).path("api_key").asText());
        }
        List<DepthResult> results = new ArrayList<>();
        long popped = 0;
        try (KafkaProducer<String, String> producer = producer()) {
            boolean warm = options.warmupPops() == 0;
            for (int depth : options.depths()) {
                // Enough waiting requests that the depth still holds after this round's pops took theirs.
                long wanted = popped + depth + options.pops() + (warm ? 0 : options.warmupPops());
                fill(producer, wanted);
                int waiting = awaitQueued(published);
                log.printf("pop-depth: %,d requests waiting (%,d published, %,d held); measuring %,d pops with %d workers%n",
                        waiting, published, popped, options.pops(), options.workers());
                if (!warm) {
                    // The services' JITs warm up on unmeasured pops, so the first depth is not measured cold.
                    popped += measure(depth, waiting, ownerKeys, options.warmupPops()).pops();
                    warm = true;
                }
                DepthResult result = measure(depth, waiting, ownerKeys, options.pops());
                popped += result.pops();
                results.add(result);
                log.printf("pop-depth: depth %,d: p50 %.2f ms, p99 %.2f ms (%,d pops, %,d empty, %,d errors)%n",
                        depth, result.p50Millis(), result.p99Millis(), result.pops(), result.emptyPops(),
                        result.errors());
            }
        } finally {
            if (options.cleanup()) {
                cleanup();
            }
        }
        return results;
    }

    private KafkaProducer<String, String> producer() {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, options.kafka());
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.LINGER_MS_CONFIG, "10");
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        return new KafkaProducer<>(config);
    }

    /** Publishes requests until {@code total} were published in all (1 image each, random kudos, some unservable). */
    private void fill(KafkaProducer<String, String> producer, long total) throws Exception {
        String topic = options.topicPrefix() + Topics.JOBS_SUBMITTED;
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long start = System.nanoTime();
        while (published < total) {
            UUID requestId = UUID.randomUUID();
            boolean unserved = random.nextDouble() < options.unservedShare();
            long userId = 1_000_000_000L + random.nextLong(1_000_000);
            // Kudos from 0 to 10,000 (centikudos): queue ranks spread over ~2,000 s of aging, servable and
            // unservable requests interleaved.
            Requester requester = new Requester(userId, "popdepth#" + userId, false, false,
                    random.nextLong(1_000_000));
            JobSubmitted event = JobSubmitted.of(requestId, requester, spec(unserved ? UNSERVED_MODEL : SERVED_MODEL),
                    List.of(UUID.randomUUID()), 1000, 300, false, "openhorde-bench:pop-depth:local");
            producer.send(new ProducerRecord<>(topic, event.aggregateKey(), JSON.writeValueAsString(event)));
            filled.add(requestId);
            published++;
        }
        producer.flush();
        log.printf("pop-depth: %,d requests published in all (%.1f s for this fill)%n", published,
                (System.nanoTime() - start) / 1e9);
    }

    private static ImageRequestSpec spec(String model) {
        ImageParams params = new ImageParams("k_euler_a", new BigDecimal("7.5"), null, null, 512, 512, 20, 1, null,
                null, false, false, false, null, null, List.of(), List.of(), List.of(), null, false, false, false);
        return new ImageRequestSpec("bench pop depth", params, List.of(model), false, false, false, true, List.of(),
                false, true, false, null, null, null, false, false, false, null);
    }

    /**
     * Waits until job-service's queue snapshot (through the gateway's {@code /status/performance}) counts every
     * published image as waiting or held, i.e. intake has queued them all; returns the waiting count.
     */
    private int awaitQueued(long expected) throws Exception {
        Http1 http = Http1.forThisThread();
        long deadline = System.nanoTime() + options.fillTimeout().toNanos();
        long lastNote = 0;
        while (true) {
            Http1.Response answer = http.get(options.base().resolve("/api/v2/status/performance"), null);
            if (answer.status() == 200) {
                JsonNode performance = JSON.readTree(answer.body());
                int queued = performance.path("queued_requests").asInt();
                if (queued >= expected) {
                    return queued;
                }
                if (System.nanoTime() - lastNote > 10_000_000_000L) {
                    log.printf("pop-depth: intake: %,d of %,d queued%n", queued, expected);
                    lastNote = System.nanoTime();
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("job-service did not queue " + expected + " images within "
                        + options.fillTimeout().toSeconds() + " s");
            }
            Thread.sleep(500);
        }
    }

    private DepthResult measure(int depth, int waitingAtStart, List<String> ownerKeys, int pops) throws Exception {
        Histogram latencies = new Histogram(60_000_000_000L, 3);
        AtomicLong remaining = new AtomicLong(pops);
        AtomicInteger empty = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        URI pop = options.base().resolve("/api/v2/generate/pop");
        ExecutorService pool = Executors.newFixedThreadPool(options.workers());
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int w = 0; w < options.workers(); w++) {
                String key = ownerKeys.get(w);
                byte[] body = popBody("popdepth-worker-" + depth + "-" + w + "-" + UUID.randomUUID().toString()
                        .substring(0, 6));
                workers.add(pool.submit(() -> {
                    Http1 client = Http1.forThisThread();
                    try {
                        while (remaining.getAndDecrement() > 0) {
                            long start = System.nanoTime();
                            Http1.Response answer = client.postJson(pop, key, body);
                            long took = System.nanoTime() - start;
                            if (answer.status() != 200) {
                                errors.incrementAndGet();
                                continue;
                            }
                            synchronized (latencies) {
                                latencies.recordValue(Math.min(took, latencies.getHighestTrackableValue()));
                            }
                            if (answer.text().contains("\"id\":null")) {
                                empty.incrementAndGet();
                            }
                        }
                    } catch (IOException e) {
                        errors.incrementAndGet();
                    } finally {
                        client.closeAll();
                    }
                    return null;
                }));
            }
            for (Future<?> worker : workers) {
                worker.get();
            }
        } finally {
            pool.shutdownNow();
        }
        return new DepthResult(depth, waitingAtStart, latencies.getTotalCount(), empty.get(), errors.get(),
                latencies.getValueAtPercentile(50) / 1e6, latencies.getValueAtPercentile(99) / 1e6,
                latencies.getMean() / 1e6, latencies.getMaxValue() / 1e6);
    }

    private static byte[] popBody(String name) {
        return ("""
                {"name": "%s", "priority_usernames": [], "nsfw": false, "models": ["%s"],
                 "bridge_agent": "OpenHorde bench:pop-depth:local", "threads": 1, "amount": 1,
                 "max_pixels": 1048576, "allow_img2img": true, "allow_painting": true, "allow_unsafe_ipaddr": true,
                 "allow_post_processing": true, "allow_controlnet": true, "allow_lora": true}
                """.formatted(name, SERVED_MODEL)).getBytes(StandardCharsets.UTF_8);
    }

    /** Cancels every filled request (its waiting image ends CANCELLED; held ones are left to time out). */
    private void cleanup() throws InterruptedException {
        if (options.jobServiceUrl() == null) {
            log.printf("pop-depth: %,d filled requests left in the queue (no --job-service-url to cancel them)%n",
                    filled.size());
            return;
        }
        long start = System.nanoTime();
        List<UUID> ids = new ArrayList<>(filled);
        AtomicInteger next = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(4, options.workers()));
        for (int t = 0; t < Math.max(4, options.workers()); t++) {
            pool.submit(() -> {
                Http1 client = Http1.forThisThread();
                int i;
                while ((i = next.getAndIncrement()) < ids.size()) {
                    try {
                        Http1.Response answer = client.postJson(options.jobServiceUrl()
                                .resolve("/internal/requests/" + ids.get(i) + "/cancel"), null, new byte[0]);
                        if (answer.status() >= 300) {
                            failed.incrementAndGet();
                        }
                    } catch (IOException e) {
                        failed.incrementAndGet();
                    }
                }
                client.closeAll();
            });
        }
        pool.shutdown();
        pool.awaitTermination(1, java.util.concurrent.TimeUnit.HOURS);
        log.printf("pop-depth: cancelled %,d filled requests in %.1f s (%,d failed)%n", ids.size() - failed.get(),
                (System.nanoTime() - start) / 1e9, failed.get());
    }
}
