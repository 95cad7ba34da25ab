package org.openhorde.jobs.repository;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openhorde.contracts.events.JobSubmitted;
import org.openhorde.jobs.QueueProbe;
import org.openhorde.jobs.SpecBuilder.Request;
import org.openhorde.jobs.TestGateway;
import org.openhorde.jobs.domain.Worker;

/**
 * Pins that the empty pop's {@code skipped} histogram counted per stored need equals the one counted request by
 * request, on a mixed queue (several models, sizes, nsfw, img2img, inpainting, LoRA, post-processing, trusted-only,
 * worker lists, several images, shared needs) and for workers that fail different rules.
 */
@QuarkusTest
class SkippedPerNeedTest {

    @Inject
    TestGateway gateway;

    @Inject
    QueueProbe probe;

    @Inject
    JobRepository jobs;

    @Inject
    Pool pool;

    @Test
    void perNeedCountsEqualPerRequestCountsOnAMixedQueue() {
        String model = "skipmix-" + UUID.randomUUID().toString().substring(0, 8);
        String other = model + "-other";
        UUID listedWorker = UUID.randomUUID();
        List<Request> requests = List.of(
                new Request(model), new Request(model), new Request(model).images(3),
                new Request(other), new Request(other).size(1024, 1024),
                new Request(model).nsfw(), new Request(model).nsfw().size(1024, 1024),
                new Request(model).source("img2img"), new Request(model).source("inpainting"),
                new Request(model).lora("detail"), new Request(model).postProcessing("GFPGAN"),
                new Request(model).trustedWorkers(), new Request(model).source("img2img").controlType("canny"),
                new Request(model).workers(List.of(listedWorker.toString()), false),
                new Request(model).workers(List.of(listedWorker.toString()), true),
                new Request(model).noSlowWorkers().steps(60), new Request(model).size(2048, 2048));
        List<UUID> queued = new ArrayList<>();
        for (Request request : requests) {
            JobSubmitted submitted = request.submitted();
            gateway.publish(submitted);
            queued.add(submitted.requestId());
        }
        probe.awaitQueued(queued);

        List<Worker> workers = List.of(
                worker(listedWorker, List.of(model), 512L * 512, false, false, false, false),
                worker(UUID.randomUUID(), List.of(other), 1024L * 1024, true, true, true, true),
                worker(UUID.randomUUID(), List.of("nobody-serves-" + model), 256L * 256, false, true, false, true),
                worker(listedWorker, List.of(model, other), 4096L * 4096, true, true, true, true));
        for (Worker worker : workers) {
            List<Map<String, Integer>> both = both(worker);
            assertEquals(both.get(1), both.get(0), "per need vs per request for " + worker.models());
        }
        Map<String, Integer> narrow = both(workers.get(2)).get(0);
        assertTrue(narrow.get("models") >= requests.size(), narrow.toString());
        assertTrue(narrow.get("max_pixels") >= requests.size(), narrow.toString());
    }

    /** Both histograms (per need, per request) read in one snapshot, so other tests' requests cannot come between. */
    private List<Map<String, Integer>> both(Worker worker) {
        return pool.withTransaction(conn -> conn.query("set transaction isolation level repeatable read").execute()
                        .chain(() -> jobs.skippedPerNeed(conn, worker))
                        .chain(perNeed -> jobs.skippedPerRequest(conn, worker)
                                .map(perRequest -> List.of(perNeed, perRequest))))
                .await().atMost(Duration.ofSeconds(30));
    }

    private static Worker worker(UUID id, List<String> models, long maxPixels, boolean nsfw, boolean img2img,
                                 boolean lora, boolean trusted) {
        return new Worker(id, "skipmix-" + id, 42, trusted, models, maxPixels, nsfw, img2img, img2img, lora,
                lora, lora, List.of(), false, false, false, List.of(), false, null, false, null, true);
    }
}
