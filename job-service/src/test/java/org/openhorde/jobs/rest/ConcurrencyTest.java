package org.openhorde.jobs.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openhorde.contracts.Topics;
import org.openhorde.contracts.events.JobSubmitted;
import org.openhorde.contracts.internal.PopResult;
import org.openhorde.jobs.HordeSamples;
import org.openhorde.jobs.QueueProbe;
import org.openhorde.jobs.TestGateway;

/** Pins that concurrent pops never claim a job twice and concurrent submits deliver a job once. */
@QuarkusTest
class ConcurrencyTest {

    private static final int WORKERS = 8;


    @Inject
    TestGateway gateway;
    @Inject
    QueueProbe queue;
    private ExecutorService threads;

    @BeforeEach
    void setUp() {
        threads = Executors.newFixedThreadPool(WORKERS);
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        threads.shutdownNow();
        assertTrue(threads.awaitTermination(30, TimeUnit.SECONDS));
    }

    @Test
    void eightWorkersPoppingFortyJobsClaimEachExactlyOnce() throws Exception {
        String model = HordeSamples.model();
        Map<UUID, List<UUID>> jobsByRequest = new HashMap<>();
        for (int i = 0; i < 10; i++) {
            JobSubmitted submitted = HordeSamples.submitted(HordeSamples.spec(model), 4, 100 + i % 3);
            jobsByRequest.put(submitted.requestId(), submitted.jobIds());
            gateway.publish(submitted);
        }
        queue.awaitQueued(jobsByRequest.keySet());

        ConcurrentLinkedQueue<PopResult> batches = new ConcurrentLinkedQueue<>();
        AtomicInteger claimed = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        List<Future<?>> poppers = new ArrayList<>();
        for (int w = 0; w < WORKERS; w++) {
            var pop = HordeSamples.pop(HordeSamples.owner(), HordeSamples.workerName(), model, 1 + w % 3);
            poppers.add(threads.submit(() -> {
                start.await();
                // An empty pop can mean the last jobs are held by pops still in flight: keep popping until all
                // forty were claimed by someone (or give up after 30 s and let the assertions below fail).
                while (claimed.get() < 40 && System.nanoTime() < deadline) {
                    PopResult batch = gateway.popResult(pop);
                    // Other test runs' requests that name no model match every worker; they are not ours to count.
                    if (!batch.empty() && jobsByRequest.containsKey(batch.requestId())) {
                        batches.add(batch);
                        claimed.addAndGet(batch.jobIds().size());
                    }
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> popper : poppers) {
            popper.get();
        }

        List<UUID> all = new ArrayList<>();
        for (PopResult batch : batches) {
            assertTrue(jobsByRequest.get(batch.requestId()).containsAll(batch.jobIds()),
                    "a batch holds jobs of its own request only");
            all.addAll(batch.jobIds());
        }
        assertEquals(40, all.size(), "no job claimed twice");
        assertEquals(jobsByRequest.values().stream().flatMap(List::stream).collect(java.util.stream.Collectors.toSet()),
                new HashSet<>(all), "every job claimed");
        assertTrue(gateway.popResult(HordeSamples.pop(HordeSamples.owner(), HordeSamples.workerName(), model, 20))
                .empty());
    }

    @Test
    void twoConcurrentSubmitsDeliverOnce() throws Exception {
        String model = HordeSamples.model();
        long owner = HordeSamples.owner();
        JobSubmitted submitted = HordeSamples.submitted(HordeSamples.spec(model), 1, 100);
        gateway.publish(submitted);
        UUID job = gateway.awaitWork(HordeSamples.pop(owner, HordeSamples.workerName(), model, 1)).jobIds().get(0);

        CountDownLatch start = new CountDownLatch(1);
        Callable<ExtractableResponse<Response>> submit = () -> {
            start.await();
            return gateway.submit(owner, job, "ok", "7").extract();
        };
        Future<ExtractableResponse<Response>> first = threads.submit(submit);
        Future<ExtractableResponse<Response>> second = threads.submit(submit);
        start.countDown();

        Set<Integer> statuses = Set.of(first.get().statusCode(), second.get().statusCode());
        assertEquals(Set.of(200, 400), statuses);
        ExtractableResponse<Response> duplicate = first.get().statusCode() == 400 ? first.get() : second.get();
        assertEquals("DuplicateGen", duplicate.path("rc"));
        assertEquals(1, queue.count("""
                select count(*) as n from outbox where topic = $1 and payload::jsonb ->> 'jobId' = $2
                """, Tuple.of(Topics.JOBS_COMPLETED, job.toString())), "one JobCompleted");
    }
}
