package org.openhorde.worker;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * One generation of a text pop's answer ({@code {payload: {prompt, max_length, ...}, id, ids, model, ttl}}): a pop
 * of {@code amount} N may hand several ids of one request, each a job of its own.
 *
 * @param deadlineNanos {@link System#nanoTime()} after which the horde gives the job to someone else
 */
public record PoppedText(String id, String prompt, int maxLength, long seed, String model, long deadlineNanos)
        implements OneResultWorkerLoop.PoppedJob {

    /** The AI Horde's text job time to live when a pop does not say. */
    static final int DEFAULT_TTL_SECONDS = 150;

    static List<PoppedText> from(JsonNode pop, long poppedAtNanos) {
        List<PoppedText> jobs = new ArrayList<>();
        JsonNode ids = pop.path("ids");
        if (!ids.isArray() || ids.isEmpty()) {
            return jobs;
        }
        JsonNode payload = pop.path("payload");
        int ttl = pop.path("ttl").asInt(DEFAULT_TTL_SECONDS);
        int index = 0;
        for (JsonNode id : ids) {
            // Each generation of a batch gets its own seed, so a batch does not write the same text n times.
            long seed = SimulatedScribe.fingerprint(id.asText()) + index++;
            jobs.add(new PoppedText(id.asText(), payload.path("prompt").asText(""),
                    payload.path("max_length").asInt(80), seed, pop.path("model").asText(null),
                    poppedAtNanos + ttl * 1_000_000_000L));
        }
        return jobs;
    }

    @Override
    public String describe() {
        return "text (" + id.substring(0, Math.min(8, id.length())) + ")";
    }
}
