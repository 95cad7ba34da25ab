package org.openhorde.worker;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One pop's answer: a batch of images of one request ({@code ids}), each with its own presigned upload URL, and the
 * payload they share.
 *
 * @param ids      the job (image) ids, in batch order; one submit per id
 * @param uploads  presigned PUT URLs, one per id; empty when the horde wants the image inline (base64)
 * @param seed     the payload's seed; batch image {@code i} uses {@code seed + i}, as the AI Horde worker does
 * @param deadlineNanos {@link System#nanoTime()} after which the horde no longer expects this job (pop + ttl)
 * @param extraSources a remix's {@code extra_source_images}: the URL (or base64) of each image, in order
 */
public record PoppedJob(List<String> ids, List<String> uploads, String model, String prompt, long seed, int width,
                        int height, int steps, int ttlSeconds, long deadlineNanos, List<String> extraSources) {

    /** The AI Horde's minimum job ttl, used when a horde sends none. */
    static final int DEFAULT_TTL_SECONDS = 150;

    /** Empty when the pop had nothing for this worker ({@code id: null}). */
    static Optional<PoppedJob> from(JsonNode pop, long poppedAtNanos) {
        List<String> ids = texts(pop.path("ids"));
        if (ids.isEmpty() && pop.hasNonNull("id")) {
            ids = List.of(pop.get("id").asText());
        }
        if (ids.isEmpty()) {
            return Optional.empty();
        }
        List<String> uploads = texts(pop.path("r2_uploads"));
        if (uploads.isEmpty() && pop.hasNonNull("r2_upload")) {
            uploads = List.of(pop.get("r2_upload").asText());
        }
        JsonNode payload = pop.path("payload");
        int ttl = pop.path("ttl").asInt(DEFAULT_TTL_SECONDS);
        if (ttl <= 0) {
            ttl = DEFAULT_TTL_SECONDS;
        }
        return Optional.of(new PoppedJob(List.copyOf(ids), List.copyOf(uploads), pop.path("model").asText(""),
                payload.path("prompt").asText(""), seed(payload.path("seed").asText("")),
                payload.path("width").asInt(512), payload.path("height").asInt(512),
                payload.path("ddim_steps").asInt(30), ttl, poppedAtNanos + ttl * 1_000_000_000L,
                extraSources(pop.path("extra_source_images"))));
    }

    /** The images of {@code extra_source_images: [{image, strength}]}; entries without an image are skipped. */
    private static List<String> extraSources(JsonNode extras) {
        List<String> images = new ArrayList<>();
        if (extras.isArray()) {
            extras.forEach(extra -> {
                if (extra.hasNonNull("image")) {
                    images.add(extra.get("image").asText());
                }
            });
        }
        return List.copyOf(images);
    }

    /** Seeds travel as strings; a non-numeric one (clients may send any text) is folded into a number. */
    static long seed(String text) {
        String s = text.strip();
        if (s.matches("-?\\d{1,18}")) {
            return Long.parseLong(s);
        }
        return Integer.toUnsignedLong(s.hashCode());
    }

    /** The upload URL of batch image {@code index}, or {@code null} when the horde wants it inline. */
    String uploadUrl(int index) {
        return index < uploads.size() ? uploads.get(index) : null;
    }

    long seedOf(int index) {
        return seed + index;
    }

    double megapixelsteps() {
        return (double) width * height * steps * ids.size() / 1_000_000.0;
    }

    String describe() {
        return width + "x" + height + " " + steps + " steps" + (ids.size() > 1 ? " x" + ids.size() : "") + " "
                + model + " (" + ids.get(0).substring(0, Math.min(8, ids.get(0).length())) + ")";
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        if (array.isArray()) {
            array.forEach(n -> {
                if (!n.isNull()) {
                    out.add(n.asText());
                }
            });
        }
        return out;
    }
}
