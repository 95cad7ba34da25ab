package org.openhorde.worker;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * What turns an interrogation form into its result: the interrogation worker's counterpart of {@link Backend}. The
 * reference worker ships one, the {@code analyser} simulator ({@link SimulatedAnalyser}); a real backend (BLIP for
 * captions, CLIP for tags and NSFW, ESRGAN for upscaling, rembg for backgrounds) implements the same methods.
 */
public interface InterrogationBackend {

    /** How the backend presents itself in the worker's output, so a simulator is never mistaken for a model. */
    String description();

    /** The AI Horde form names this backend can serve, in the order the worker advertises them. */
    List<String> supportedForms();

    /**
     * Runs form {@code form} on the decoded source image bytes, taking as long as the backend needs. Text-like
     * forms answer a JSON value (caption → string, nsfw → boolean, interrogation → an object of tag lists);
     * post-processor forms answer an encoded image, which the worker uploads.
     */
    FormOutcome process(String form, Map<String, String> payload, byte[] sourceImage) throws InterruptedException;

    /** One form's product: exactly one of {@code value} and {@code image} is set. */
    record FormOutcome(JsonNode value, byte[] image, String note) {

        static FormOutcome value(JsonNode value) {
            return new FormOutcome(value, null, null);
        }

        static FormOutcome image(byte[] image, String note) {
            return new FormOutcome(null, image, note);
        }

        boolean isImage() {
            return image != null;
        }
    }
}
