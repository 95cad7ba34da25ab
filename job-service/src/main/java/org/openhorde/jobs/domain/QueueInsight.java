package org.openhorde.jobs.domain;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.openhorde.contracts.internal.ModelQueueStatus;

/**
 * What the queue looks like to a waiting client: its place in pop order, how long it will wait and whether anybody
 * online can serve it at all — the AI Horde's {@code queue_position}, {@code wait_time} and {@code is_possible}
 * (reference §3.6), plus the per-model figures of {@code /status/models} (§3.7). Pure: the snapshot's queries feed
 * it, so every rule is unit-tested.
 */
public final class QueueInsight {

    /** The AI Horde's eta for a model nobody serves. */
    public static final int NO_ETA = 10_000;
    /** Speed assumed (megapixelsteps per second and thread) before any delivery was measured; the AI Horde's 1. */
    public static final double DEFAULT_THREAD_SPEED = 1.0;

    /**
     * What a request needs of a worker: everything {@link OnlineWorker#canServe} looks at. Deep queues hold many
     * requests with the same need, which the snapshot reads once (V8__queue_needs.sql) and shares.
     */
    public record Need(List<String> models, long pixels, boolean nsfw, Demands demands) {
    }

    /** An active request with waiting images, in pop order. */
    public record QueuedRequest(UUID id, Need need, double megapixelsteps, int waiting) {

        public QueuedRequest(UUID id, List<String> models, long pixels, boolean nsfw, double megapixelsteps,
                             int waiting, Demands demands) {
            this(id, new Need(models, pixels, nsfw, demands), megapixelsteps, waiting);
        }

        public QueuedRequest(UUID id, List<String> models, long pixels, boolean nsfw, double megapixelsteps,
                             int waiting) {
            this(id, models, pixels, nsfw, megapixelsteps, waiting, Demands.NONE);
        }

        public List<String> models() {
            return need.models();
        }
    }

    /**
     * What a request needs of a worker beyond models, pixels and nsfw: the capabilities and the worker choice that
     * the pop query matches on (V4__worker_matching_and_registry.sql). {@code workerIds} is the request's worker list,
     * a blacklist when {@code workerBlacklist}.
     */
    public record Demands(boolean img2img, boolean painting, boolean postProcessing, boolean lora, boolean controlnet,
                          boolean trustedWorkers, List<String> workerIds, boolean workerBlacklist) {

        public static final Demands NONE = new Demands(false, false, false, false, false, false, List.of(), false);
    }

    /** An image a worker holds: how much of its expected generation time is left is counted for its request. */
    public record HeldImage(UUID requestId, String model, double megapixelsteps, double elapsedSeconds) {
    }

    /** A worker that checked in within the online window, with what it accepts. */
    public record OnlineWorker(List<String> models, long maxPixels, boolean nsfw, int threads,
                               Capabilities capabilities) {

        public OnlineWorker(List<String> models, long maxPixels, boolean nsfw, int threads) {
            this(models, maxPixels, nsfw, threads, Capabilities.ALL);
        }

        /**
         * The pop query's request-side matching rules (JobRepository.SLOT_MATCHES_WORKER); keep the two in step. The
         * worker's own preferences (blacklisted words, step limit, upfront kudos, speed) are left out: they narrow
         * what one worker takes, not whether the horde can serve the request at all.
         */
        public boolean canServe(QueuedRequest request) {
            return canServe(request.need());
        }

        public boolean canServe(Need need) {
            Demands demands = need.demands();
            return (need.models().isEmpty() || need.models().stream().anyMatch(models::contains))
                    && need.pixels() <= maxPixels
                    && (!need.nsfw() || nsfw)
                    && (!demands.img2img() || capabilities.img2img())
                    && (!demands.painting() || capabilities.painting())
                    && (!demands.postProcessing() || capabilities.postProcessing())
                    && (!demands.lora() || capabilities.lora())
                    && (!demands.controlnet() || capabilities.controlnet())
                    && (!demands.trustedWorkers() || capabilities.ownerTrusted())
                    && (demands.workerIds().isEmpty()
                        || demands.workerIds().contains(capabilities.workerId()) != demands.workerBlacklist());
        }
    }

    /** What an online worker allows, and who it is (for requests that name or exclude workers). */
    public record Capabilities(String workerId, boolean img2img, boolean painting, boolean postProcessing,
                               boolean lora, boolean controlnet, boolean ownerTrusted) {

        public static final Capabilities ALL = new Capabilities("", true, true, true, true, true, true);
    }

    /**
     * Recent measured speed: megapixelsteps per second of one thread (mean over recent deliveries of an image's
     * megapixelsteps ÷ claim-to-delivery time), overall and per model.
     */
    public record Speeds(double overall, Map<String, Double> perModel) {

        public double overallOrDefault() {
            return overall > 0 ? overall : DEFAULT_THREAD_SPEED;
        }

        public double forModel(String model) {
            Double speed = perModel.get(model);
            return speed != null && speed > 0 ? speed : overallOrDefault();
        }
    }

    public record Result(EstimateTable estimates, List<ModelQueueStatus> models, int waitingImages,
                         int heldImages, double queuedMegapixelsteps, int workerCount, int threadCount) {
    }

    private QueueInsight() {
    }

    /**
     * @param queue   active requests with waiting images, in pop order (highest aged priority first)
     * @param held    images held by workers right now
     * @param workers online workers
     */
    public static Result compute(List<QueuedRequest> queue, List<HeldImage> held, List<OnlineWorker> workers,
                                 Speeds speeds) {
        double threadSpeed = speeds.overallOrDefault();
        Map<UUID, Double> heldRemaining = new HashMap<>();
        for (HeldImage image : held) {
            double remaining = Math.max(0, image.megapixelsteps() / speeds.forModel(image.model())
                    - image.elapsedSeconds());
            heldRemaining.merge(image.requestId(), remaining, Math::max);
        }

        EstimateTable estimates = new EstimateTable(queue.size() + heldRemaining.size());
        // Deep queues hold many requests that need the same of a worker: each distinct need is matched against the
        // online workers once (100,000 requests × every online worker took seconds).
        Map<Need, Integer> capableThreadsByNeed = new HashMap<>();
        double workAhead = 0;
        long imagesAhead = 0;
        int position = 0;
        int waitingImages = 0;
        for (QueuedRequest request : queue) {
            position++;
            // As in the AI Horde, the work ahead includes the request's own images.
            workAhead += request.megapixelsteps() * request.waiting();
            imagesAhead += request.waiting();
            waitingImages += request.waiting();
            int capableThreads = capableThreadsByNeed.computeIfAbsent(request.need(),
                    need -> capableThreads(need, workers));
            boolean inFlight = heldRemaining.containsKey(request.id());
            // Only the threads that could take this request work the queue down for it; the AI Horde divides by
            // every active thread, which promises a rare model's requester the speed of the whole horde.
            long threads = Math.max(1, Math.min(capableThreads, imagesAhead));
            double seconds = workAhead / (threadSpeed * threads) + heldRemaining.getOrDefault(request.id(), 0.0);
            estimates.putIfAbsent(request.id(), position, clampSeconds(seconds), capableThreads > 0 || inFlight);
        }
        // Requests whose every image is held: nothing waits, the estimate is the time left on the held images.
        heldRemaining.forEach((requestId, remaining) -> estimates.putIfAbsent(requestId, 0,
                clampSeconds(remaining), true));

        int threadCount = workers.stream().mapToInt(OnlineWorker::threads).sum();
        double queuedMegapixelsteps = queue.stream().mapToDouble(r -> r.megapixelsteps() * r.waiting()).sum();
        return new Result(estimates, models(queue, workers, speeds), waitingImages, held.size(),
                queuedMegapixelsteps, workers.size(), threadCount);
    }

    private static int capableThreads(Need need, List<OnlineWorker> workers) {
        int threads = 0;
        for (OnlineWorker worker : workers) {
            if (worker.canServe(need)) {
                threads += worker.threads();
            }
        }
        return threads;
    }

    /** One line per model that an online worker serves or a waiting request names, sorted by name. */
    static List<ModelQueueStatus> models(List<QueuedRequest> queue, List<OnlineWorker> workers, Speeds speeds) {
        Map<String, int[]> threads = new TreeMap<>();
        for (OnlineWorker worker : workers) {
            for (String model : worker.models()) {
                threads.computeIfAbsent(model, m -> new int[1])[0] += worker.threads();
            }
        }
        Map<String, double[]> queued = new TreeMap<>();
        for (QueuedRequest request : queue) {
            for (String model : request.models()) {
                double[] line = queued.computeIfAbsent(model, m -> new double[2]);
                line[0] += request.megapixelsteps() * 1_000_000 * request.waiting();
                line[1] += request.waiting();
            }
        }
        TreeMap<String, Boolean> names = new TreeMap<>();
        threads.keySet().forEach(name -> names.put(name, true));
        queued.keySet().forEach(name -> names.put(name, true));
        List<ModelQueueStatus> lines = new ArrayList<>();
        for (String name : names.keySet()) {
            int count = threads.containsKey(name) ? threads.get(name)[0] : 0;
            double performance = speeds.forModel(name) * 1_000_000;
            double[] line = queued.getOrDefault(name, new double[2]);
            int eta = count == 0 ? NO_ETA : clampSeconds(line[0] / (count * performance));
            lines.add(new ModelQueueStatus(name, count, performance, line[0], (int) line[1], eta));
        }
        return lines;
    }

    private static int clampSeconds(double seconds) {
        if (Double.isNaN(seconds) || seconds < 0) {
            return 0;
        }
        // Rounded up: a request with any work ahead of it never hears "0 seconds" (the AI Horde rounds).
        return seconds >= Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) Math.ceil(seconds - 1e-9);
    }
}
