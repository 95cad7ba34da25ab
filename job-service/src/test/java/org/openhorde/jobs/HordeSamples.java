package org.openhorde.jobs;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.IntStream;
import org.openhorde.contracts.events.ImageParams;
import org.openhorde.contracts.events.ImageRequestSpec;
import org.openhorde.contracts.events.JobSubmitted;
import org.openhorde.contracts.events.Requester;
import org.openhorde.contracts.internal.PopRequest;
import org.openhorde.contracts.internal.WorkerPop;

/**
 * Unique requests, workers and users for tests. Every test serves its own model ({@link #model()}), so jobs of
 * other tests, including leftovers of earlier runs, can never match its workers.
 */
public final class HordeSamples {

    /** What test workers take by default; only {@link #HUGE} requests are bigger. */
    public static final long WORKER_PIXELS = 1024L * 1024;
    /** Bigger than any default test worker takes, so a request of this size only reaches workers meant for it. */
    public static final int HUGE = 3072;

    private HordeSamples() {
    }

    public static String model() {
        return "test-model-" + UUID.randomUUID();
    }

    public static String workerName() {
        return "test-worker-" + UUID.randomUUID();
    }

    /** A user id no other test uses. */
    public static long owner() {
        return ThreadLocalRandom.current().nextLong(1_000_000_000L, 1_000_000_000_000L);
    }

    public static ImageRequestSpec spec(List<String> models, int width, int height, boolean nsfw, String seed) {
        ImageParams params = new ImageParams("k_euler_a", new BigDecimal("7.5"), null, null, width, height, 30, 1,
                seed, null, false, false, false, null, null, List.of(), List.of(), List.of(), null, false, false,
                false);
        return new ImageRequestSpec("a lighthouse on a cliff at dusk", params, models, nsfw, false, false, true,
                List.of(), false, true, false, "img2img", null, null, false, false, false, null);
    }

    public static ImageRequestSpec spec(String model) {
        return spec(List.of(model), 512, 512, false, null);
    }

    public static JobSubmitted submitted(ImageRequestSpec spec, int images, long requesterKudos) {
        return submitted(spec, images, requesterKudos, Instant.now());
    }

    /** A request accepted by the gateway at {@code acceptedAt}, priced 12.34 kudos per image plus 3 tax. */
    public static JobSubmitted submitted(ImageRequestSpec spec, int images, long requesterKudos, Instant acceptedAt) {
        long requesterId = owner();
        Requester requester = new Requester(requesterId, "requester#" + requesterId, false, false, requesterKudos);
        List<UUID> jobIds = IntStream.range(0, images).mapToObj(i -> UUID.randomUUID()).toList();
        return new JobSubmitted(UUID.randomUUID(), JobSubmitted.TYPE, JobSubmitted.VERSION, acceptedAt,
                UUID.randomUUID(), requester, spec, jobIds, 1234, 300, false, "test:1:openhorde");
    }

    public static WorkerPop pop(long owner, String name, List<String> models, int amount, long maxPixels,
                                boolean nsfw) {
        PopRequest pop = new PopRequest(name, List.of(), nsfw, models, "AI Horde Worker reGen:9.0.0:test", 1, false,
                amount, maxPixels, List.of(), true, true, true, true, false, false, false, false, false);
        return new WorkerPop(owner, "owner#" + owner, false, pop);
    }

    public static WorkerPop pop(long owner, String name, String model, int amount) {
        return pop(owner, name, List.of(model), amount, WORKER_PIXELS, false);
    }
}
