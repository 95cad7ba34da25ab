package org.openhorde.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.path.json.JsonPath;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Many workers popping at once through the gateway never share a job: 20 workers (20 owners) race for 500 images
 * (250 requests of 2, from 25 requesters) of their own model, with batches of 1 to 3; every image is handed out
 * exactly once.
 */
class ConcurrentPopIT {

    private static final int WORKERS = 20;
    private static final int REQUESTS = 250;
    private static final int IMAGES_PER_REQUEST = 2;
    private static final int REQUESTS_PER_REQUESTER = 10;
    private static final int INTAKE_CLIENTS = 5;
    /**
     * The workers hold every job to the end of the test: 40 steps make each claim live 120 s on the shared horde
     * (RunningHorde), twice what the race and the checks after it take on a loaded machine.
     */
    private static final int STEPS = 40;

    private static HordeApi api;

    @BeforeAll
    static void startHorde() {
        api = new HordeApi(RunningHorde.get());
    }

    @Test
    void everyJobIsHandedOutExactlyOnce() throws Exception {
        long t0 = System.nanoTime();
        String model = HordeApi.unique("race-model-");
        // 25 requesters send their 10 requests each side by side (5 at a time): the intake is not what this test
        // pins, and one client after another spent half a minute of CI on it.
        Map<String, String> requestIdByPrompt = new ConcurrentHashMap<>();
        ExecutorService clients = Executors.newFixedThreadPool(INTAKE_CLIENTS);
        try {
            List<Future<?>> intakes = new ArrayList<>();
            for (int r = 0; r < REQUESTS / REQUESTS_PER_REQUESTER; r++) {
                int first = r * REQUESTS_PER_REQUESTER;
                intakes.add(clients.submit(() -> {
                    // 20 images per requester: below the AI Horde's 30 concurrent images per user.
                    String requester = api.userWithKudos(100_000);
                    for (int i = first; i < first + REQUESTS_PER_REQUESTER; i++) {
                        String prompt = HordeApi.unique("race " + i + " ");
                        requestIdByPrompt.put(prompt, api.request(requester, model, IMAGES_PER_REQUEST, prompt, STEPS));
                    }
                    return null;
                }));
            }
            for (Future<?> intake : intakes) {
                intake.get();
            }
        } finally {
            clients.shutdownNow();
        }
        long intake = System.nanoTime();
        // The race starts on a full queue: every request is in job-service's queue.
        for (String requestId : requestIdByPrompt.values()) {
            api.awaitQueued(requestId);
        }
        long queued = System.nanoTime();

        Map<String, String> holderByJob = new ConcurrentHashMap<>();
        Map<String, AtomicInteger> jobsByPrompt = new ConcurrentHashMap<>();
        List<String> doubleHandouts = java.util.Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(WORKERS);
        try {
            List<Future<Integer>> workers = new ArrayList<>();
            for (int w = 0; w < WORKERS; w++) {
                String owner = api.register();
                String name = HordeApi.unique("race-worker-" + w + "-");
                int amount = 1 + w % 3;
                workers.add(pool.submit(() -> {
                    int taken = 0;
                    while (true) {
                        JsonPath pop = api.pop(owner, name, List.of(model), amount);
                        List<String> ids = pop.getList("ids", String.class);
                        if (ids == null || ids.isEmpty()) {
                            return taken;
                        }
                        for (String job : ids) {
                            String previous = holderByJob.putIfAbsent(job, name);
                            if (previous != null) {
                                doubleHandouts.add(job + " to " + previous + " and " + name);
                            }
                        }
                        jobsByPrompt.computeIfAbsent(HordeApi.promptOf(pop), p -> new AtomicInteger())
                                .addAndGet(ids.size());
                        taken += ids.size();
                    }
                }));
            }
            int total = 0;
            for (Future<Integer> worker : workers) {
                total += worker.get();
            }
            assertEquals(List.of(), doubleHandouts, "no job is handed to two workers");
            assertEquals(REQUESTS * IMAGES_PER_REQUEST, total, "every job is handed out");
            assertEquals(REQUESTS * IMAGES_PER_REQUEST, holderByJob.size());
        } finally {
            pool.shutdownNow();
        }
        long raced = System.nanoTime();
        assertEquals(requestIdByPrompt.keySet(), jobsByPrompt.keySet(), "every request was served");
        jobsByPrompt.forEach((prompt, jobs) -> assertEquals(IMAGES_PER_REQUEST, jobs.get(),
                "each request's images were handed out exactly once: " + prompt));
        // The read model agrees: nothing of these requests waits, all of it is being generated. Each request is
        // looked at once at first (Awaitility's default first poll would wait 100 ms, 250 times).
        for (String requestId : requestIdByPrompt.values()) {
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
                    .pollDelay(java.time.Duration.ZERO).untilAsserted(() -> {
                        JsonPath check = api.check(requestId);
                        assertEquals(0, check.getInt("waiting"));
                        assertTrue(check.getInt("processing") == IMAGES_PER_REQUEST, requestId);
                    });
        }
        System.out.printf("[ConcurrentPopIT] intake %d ms, until queued %d ms, race %d ms, read-model checks %d ms%n",
                (intake - t0) / 1_000_000, (queued - intake) / 1_000_000, (raced - queued) / 1_000_000,
                (System.nanoTime() - raced) / 1_000_000);
    }
}
