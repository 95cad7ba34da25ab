package org.openhorde.worker;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One form of an interrogation pop's answer ({@code {"forms": [{id, form, payload?, source_image, r2_upload?}]}}).
 *
 * @param sourceUrl     where to download the source image (a presigned URL)
 * @param uploadUrl     presigned PUT URL for the produced image; only post-processor forms have one
 * @param deadlineNanos {@link System#nanoTime()} after which the horde gives the form to someone else (pop + 3 min)
 */
public record PoppedForm(String id, String form, Map<String, String> payload, String sourceUrl, String uploadUrl,
                         long deadlineNanos) implements OneResultWorkerLoop.PoppedJob {

    /** The AI Horde takes an interrogation form back 3 minutes after it was popped. */
    static final long FORM_TTL_NANOS = 180L * 1_000_000_000L;

    /** Every form of the answer; empty when the horde had nothing ({@code "forms": null}, the AI Horde's way). */
    static List<PoppedForm> from(JsonNode pop, long poppedAtNanos) {
        List<PoppedForm> forms = new ArrayList<>();
        JsonNode array = pop.path("forms");
        if (!array.isArray()) {
            return forms;
        }
        for (JsonNode form : array) {
            if (!form.hasNonNull("id") || !form.hasNonNull("form")) {
                continue; // nothing a worker can submit against
            }
            Map<String, String> payload = new LinkedHashMap<>();
            form.path("payload").fields().forEachRemaining(e -> payload.put(e.getKey(), e.getValue().asText()));
            forms.add(new PoppedForm(form.get("id").asText(), form.get("form").asText(), Map.copyOf(payload),
                    form.path("source_image").asText(null), form.hasNonNull("r2_upload")
                    ? form.get("r2_upload").asText() : null, poppedAtNanos + FORM_TTL_NANOS));
        }
        return forms;
    }

    @Override
    public String describe() {
        return form + " (" + id.substring(0, Math.min(8, id.length())) + ")";
    }
}
