package org.openhorde.jobs.domain;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.openhorde.contracts.internal.ModelQueueStatus;

/**
 * The text side of the queue as a waiting client and {@code /status} see it (decision 0031): each waiting text
 * request's {@code queue_position}, {@code wait_time} and {@code is_possible}, the queued text generations and tokens
 * of {@code /status/performance}, and the text models' lines of {@code /status/models?type=text}. The same reckoning
 * as {@link QueueInsight} with tokens in place of megapixelsteps: the work ahead of a request (its own included) in
 * tokens asked for, divided by the recent speed of a thread times the threads of the online scribes that could serve
 * it, plus what is left of its held generations. Pure: the snapshot's queries feed it.
 */
public final class TextQueueInsight {

    /**
     * Tokens per second of one thread assumed before any delivery was measured: the AI Horde's 1 "thing" per second
     * of a horde without history.
     */
    public static final double DEFAULT_THREAD_SPEED = 1.0;

    /** A text request with waiting generations, in pop order. */
    public record QueuedText(UUID id, List<String> models, int maxLength, int maxContextLength, String softprompt,
                             boolean nsfw, int waiting) {
    }

    /** A text generation a scribe holds. */
    public record HeldText(UUID requestId, String model, int maxLength, double elapsedSeconds) {
    }

    /** A text worker online, not paused and not in maintenance, with what it serves. */
    public record OnlineScribe(List<String> models, int maxLength, int maxContextLength, List<String> softprompts,
                               boolean nsfw, int threads) {

        /**
         * The pop's text match rules that tell whether the horde can serve a request at all (JobRepository's text
         * predicates); a worker's own preferences (blacklist, backend validation, trust) are left out, as for images.
         */
        public boolean canServe(QueuedText request) {
            return (request.models().isEmpty() || request.models().stream().anyMatch(models::contains))
                    && request.maxLength() <= maxLength
                    && request.maxContextLength() <= maxContextLength
                    && (!request.nsfw() || nsfw)
                    && (request.softprompt() == null || request.softprompt().isEmpty()
                        || softprompts.contains(request.softprompt()));
        }
    }

    /**
     * @param queuedTextRequests generations waiting plus generations held (the AI Horde's {@code queued_text_requests})
     * @param queuedTokens       tokens asked for by the waiting generations ({@code queued_tokens})
     */
    public record Result(EstimateTable estimates, int queuedTextRequests, double queuedTokens,
                         List<ModelQueueStatus> models, int threadCount) {

        public static final Result EMPTY = new Result(EstimateTable.empty(), 0, 0, List.of(), 0);
    }

    private TextQueueInsight() {
    }

    /**
     * @param queue          text requests with waiting generations, in pop order
     * @param held           text generations held by scribes right now
     * @param scribes        text workers online
     * @param tokensPerSecond recent mean tokens per second of one thread, 0 when nothing was measured
     */
    public static Result compute(List<QueuedText> queue, List<HeldText> held, List<OnlineScribe> scribes,
                                 double tokensPerSecond) {
        double speed = tokensPerSecond > 0 ? tokensPerSecond : DEFAULT_THREAD_SPEED;
        Map<UUID, Double> heldRemaining = new HashMap<>();
        for (HeldText text : held) {
            double remaining = Math.max(0, text.maxLength() / speed - text.elapsedSeconds());
            heldRemaining.merge(text.requestId(), remaining, Math::max);
        }
        EstimateTable estimates = new EstimateTable(queue.size() + heldRemaining.size());
        double tokensAhead = 0;
        long generationsAhead = 0;
        int position = 0;
        int waiting = 0;
        for (QueuedText request : queue) {
            position++;
            tokensAhead += (double) request.maxLength() * request.waiting();
            generationsAhead += request.waiting();
            waiting += request.waiting();
            int capableThreads = 0;
            for (OnlineScribe scribe : scribes) {
                if (scribe.canServe(request)) {
                    capableThreads += scribe.threads();
                }
            }
            boolean inFlight = heldRemaining.containsKey(request.id());
            long threads = Math.max(1, Math.min(capableThreads, generationsAhead));
            double seconds = tokensAhead / (speed * threads) + heldRemaining.getOrDefault(request.id(), 0.0);
            estimates.putIfAbsent(request.id(), position, clampSeconds(seconds), capableThreads > 0 || inFlight);
        }
        heldRemaining.forEach((requestId, remaining) -> estimates.putIfAbsent(requestId, 0,
                clampSeconds(remaining), true));
        double queuedTokens = queue.stream().mapToDouble(r -> (double) r.maxLength() * r.waiting()).sum();
        int threadCount = scribes.stream().mapToInt(OnlineScribe::threads).sum();
        return new Result(estimates, waiting + held.size(), queuedTokens, models(queue, scribes, speed),
                threadCount);
    }

    /** One line per text model an online scribe serves or a waiting request names, sorted by name. */
    static List<ModelQueueStatus> models(List<QueuedText> queue, List<OnlineScribe> scribes, double speed) {
        Map<String, Integer> threads = new TreeMap<>();
        for (OnlineScribe scribe : scribes) {
            for (String model : scribe.models()) {
                threads.merge(model, scribe.threads(), Integer::sum);
            }
        }
        Map<String, double[]> queued = new TreeMap<>();
        for (QueuedText request : queue) {
            for (String model : request.models()) {
                double[] line = queued.computeIfAbsent(model, m -> new double[2]);
                line[0] += (double) request.maxLength() * request.waiting();
                line[1] += request.waiting();
            }
        }
        TreeMap<String, Boolean> names = new TreeMap<>();
        threads.keySet().forEach(name -> names.put(name, true));
        queued.keySet().forEach(name -> names.put(name, true));
        List<ModelQueueStatus> lines = new ArrayList<>();
        for (String name : names.keySet()) {
            int count = threads.getOrDefault(name, 0);
            double[] line = queued.getOrDefault(name, new double[2]);
            int eta = count == 0 ? QueueInsight.NO_ETA : clampSeconds(line[0] / (count * speed));
            lines.add(new ModelQueueStatus(name, count, speed, line[0], (int) line[1], eta));
        }
        return lines;
    }

    private static int clampSeconds(double seconds) {
        if (Double.isNaN(seconds) || seconds < 0) {
            return 0;
        }
        return seconds >= Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) Math.ceil(seconds - 1e-9);
    }
}
