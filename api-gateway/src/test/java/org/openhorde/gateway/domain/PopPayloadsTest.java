package org.openhorde.gateway.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openhorde.contracts.events.ImageRequestSpec;
import org.openhorde.contracts.internal.PopResult;
import org.openhorde.contracts.internal.SourceUrls;

/** Pins the pop answer's JSON, key for key, as AI Horde workers read it. */
class PopPayloadsTest {

    private final ObjectMapper json = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private static final Set<String> TOP_LEVEL = Set.of("payload", "id", "ids", "messages", "ttl", "skipped", "model",
            "source_image", "source_processing", "source_mask", "extra_source_images", "r2_upload", "r2_uploads");

    private ImageRequestSpec spec(String body) throws Exception {
        return GenerationInputRules.toSpec(json.readValue(body, GenerationInput.class), UUID.randomUUID());
    }

    private static Set<String> keys(JsonNode node) {
        Set<String> keys = new TreeSet<>();
        node.fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    @Test
    void aClaimedPlainRequestLooksLikeTheAiHordesPayload() throws Exception {
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        ImageRequestSpec spec = spec("""
                {"prompt":"a lighthouse","params":{"steps":20,"cfg_scale":7.5,"seed":"1234","n":2},
                 "models":["stable_diffusion"]}
                """);
        PopResult claimed = new PopResult(UUID.randomUUID(), UUID.randomUUID(), List.of(first, second),
                "stable_diffusion", 150, "1234", spec, null);

        JsonNode pop = json.valueToTree(PopPayloads.claimed(claimed, List.of("https://up/1", "https://up/2"), null));

        assertEquals(TOP_LEVEL, keys(pop));
        assertEquals(Set.of("prompt", "ddim_steps", "n_iter", "seed", "image_is_control", "return_control_map",
                "sampler_name", "cfg_scale", "height", "width", "karras", "tiling", "hires_fix", "transparent"),
                keys(pop.get("payload")));
        JsonNode payload = pop.get("payload");
        assertEquals("a lighthouse", payload.get("prompt").asText());
        assertEquals(20, payload.get("ddim_steps").asInt());
        assertEquals(2, payload.get("n_iter").asInt());
        assertEquals("1234", payload.get("seed").textValue());
        assertEquals(7.5, payload.get("cfg_scale").asDouble());
        assertTrue(payload.get("karras").asBoolean());
        assertFalse(payload.get("tiling").asBoolean());
        assertEquals(first.toString(), pop.get("id").asText());
        assertEquals(List.of(first.toString(), second.toString()),
                List.of(pop.get("ids").get(0).asText(), pop.get("ids").get(1).asText()));
        assertEquals(150, pop.get("ttl").asInt());
        assertEquals("stable_diffusion", pop.get("model").asText());
        assertEquals("img2img", pop.get("source_processing").asText());
        assertTrue(pop.get("source_image").isNull());
        assertTrue(pop.get("skipped").isEmpty());
        assertTrue(pop.get("messages").isEmpty());
        assertEquals("https://up/1", pop.get("r2_upload").asText());
        assertEquals(2, pop.get("r2_uploads").size());
    }

    @Test
    void optionalKnobsAppearOnlyWhenSet() throws Exception {
        ImageRequestSpec spec = spec("""
                {"prompt":"a cat","params":{"post_processing":["GFPGAN"],"clip_skip":2,"facefixer_strength":0.5,
                 "loras":[{"name":"1234","model":0.8,"is_version":true}],"tis":[{"name":"t","inject_ti":"prompt"}],
                 "hires_fix":true,"hires_fix_denoising_strength":0.6},"nsfw":false,"censor_nsfw":true}
                """);
        PopResult claimed = new PopResult(UUID.randomUUID(), UUID.randomUUID(), List.of(UUID.randomUUID()), "m", 200,
                "99", spec, Map.of());

        JsonNode payload = json.valueToTree(PopPayloads.claimed(claimed, List.of("https://up/1"), null)).get("payload");

        assertEquals("GFPGAN", payload.get("post_processing").get(0).asText());
        assertEquals(2, payload.get("clip_skip").asInt());
        assertEquals(0.5, payload.get("facefixer_strength").asDouble());
        assertEquals(0.6, payload.get("hires_fix_denoising_strength").asDouble());
        assertEquals(Set.of("name", "model", "clip", "is_version"), keys(payload.get("loras").get(0)));
        assertTrue(payload.get("loras").get(0).get("is_version").asBoolean());
        assertEquals(0.8, payload.get("loras").get(0).get("model").asDouble());
        assertEquals(Set.of("name", "inject_ti", "strength"), keys(payload.get("tis").get(0)));
        assertTrue(payload.get("use_nsfw_censor").asBoolean(), "nsfw off and censor_nsfw on");
        assertFalse(payload.has("control_type"));
        assertFalse(payload.has("denoising_strength"));
    }

    @Test
    void anEmptyPopCarriesDefaultsAndTheSkippedHistogram() {
        JsonNode pop = json.valueToTree(PopPayloads.nothing(Map.of("models", 2, "nsfw", 0)));

        assertEquals(TOP_LEVEL, keys(pop));
        assertTrue(pop.get("id").isNull());
        assertTrue(pop.get("ttl").isNull());
        assertTrue(pop.get("model").isNull());
        assertTrue(pop.get("r2_upload").isNull());
        assertTrue(pop.get("r2_uploads").isNull());
        assertEquals(0, pop.get("ids").size());
        assertEquals(2, pop.get("skipped").get("models").asInt());
        assertEquals(Set.of("ddim_steps", "n_iter", "image_is_control", "return_control_map", "sampler_name",
                "cfg_scale", "height", "width", "karras", "tiling", "hires_fix", "transparent"),
                keys(pop.get("payload")));
        assertEquals(30, pop.get("payload").get("ddim_steps").asInt());
        assertEquals(1, pop.get("payload").get("n_iter").asInt());
    }

    @Test
    void anImg2imgWorkerGetsItsSourcesAsPresignedUrls() throws Exception {
        UUID requestId = UUID.randomUUID();
        ImageRequestSpec spec = GenerationInputRules.toSpec(json.readValue("""
                {"prompt":"a lighthouse","source_image":"aGVsbG8=","source_mask":"bWFzaw==",
                 "source_processing":"inpainting"}
                """, GenerationInput.class), requestId);
        PopResult claimed = new PopResult(UUID.randomUUID(), requestId, List.of(UUID.randomUUID()),
                "stable_diffusion", 150, "1", spec, null);

        JsonNode pop = json.valueToTree(PopPayloads.claimed(claimed, List.of("https://up/1"),
                new SourceUrls("https://get/src", "https://get/msk", 1800)));

        assertEquals("https://get/src", pop.get("source_image").asText());
        assertEquals("https://get/msk", pop.get("source_mask").asText());
        assertEquals("inpainting", pop.get("source_processing").asText());
    }

    @Test
    void aRemixWorkerGetsTheExtraSourceImagesAsPresignedUrlsWithTheirStrength() throws Exception {
        UUID requestId = UUID.randomUUID();
        ImageRequestSpec spec = GenerationInputRules.toSpec(json.readValue("""
                {"prompt":"a lighthouse","models":["Stable Cascade 1.0"],"source_image":"aGVsbG8=",
                 "source_processing":"remix",
                 "extra_source_images":[{"image":"aGVsbG8=","strength":0.4},{"image":"https://example.org/b.png"}]}
                """, GenerationInput.class), requestId);
        assertEquals(List.of(requestId + "_exra_src_0.webp", requestId + "_exra_src_1.webp"),
                spec.extraSources().stream().map(e -> e.imageKey()).toList());
        PopResult claimed = new PopResult(UUID.randomUUID(), requestId, List.of(UUID.randomUUID()),
                "Stable Cascade 1.0", 150, "1", spec, null);

        JsonNode pop = json.valueToTree(PopPayloads.claimed(claimed, List.of("https://up/1"),
                new SourceUrls("https://get/src", null, 1800, List.of("https://get/x0", "https://get/x1"))));

        assertEquals("remix", pop.get("source_processing").asText());
        assertEquals("https://get/src", pop.get("source_image").asText());
        JsonNode extras = pop.get("extra_source_images");
        assertEquals(2, extras.size());
        assertEquals("https://get/x0", extras.get(0).get("image").asText());
        assertEquals(0.4, extras.get(0).get("strength").asDouble());
        assertEquals("https://get/x1", extras.get(1).get("image").asText());
        assertEquals(1.0, extras.get(1).get("strength").asDouble(), "the AI Horde's default strength");
        assertEquals(Set.of("image", "strength"), keys(extras.get(0)));
    }
}
