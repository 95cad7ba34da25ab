package org.openhorde.gateway.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openhorde.contracts.HordeException;
import org.openhorde.contracts.events.ImageParams;
import org.openhorde.contracts.events.ImageRequestSpec;
import org.openhorde.contracts.internal.SourceUpload;

/** Pins image request validation and the server-side defaults the AI Horde really applies. */
class GenerationInputRulesTest {

    /** Like the application's mapper: unknown fields are ignored. */
    private final ObjectMapper json = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private GenerationInput input(String body) throws Exception {
        return json.readValue(body, GenerationInput.class);
    }

    private HordeException refused(String body) throws Exception {
        GenerationInput input = input(body);
        return assertThrows(HordeException.class, () -> GenerationInputRules.toSpec(input, UUID.randomUUID()));
    }

    @Test
    void aBarePromptGetsTheAiHordesRealDefaults() throws Exception {
        ImageRequestSpec spec = GenerationInputRules.toSpec(input("{\"prompt\":\"a cat\"}"), UUID.randomUUID());
        ImageParams params = spec.params();
        assertEquals(512, params.width());
        assertEquals(512, params.height());
        assertEquals(30, params.steps());
        assertEquals("k_euler_a", params.samplerName());
        assertEquals(new BigDecimal("5.0"), params.cfgScale());
        assertTrue(params.karras());
        assertEquals(1, params.n());
        assertNull(params.seed());
        assertEquals(List.of(), spec.models());
        assertFalse(spec.nsfw());
        assertFalse(spec.censorNsfw());
        assertTrue(spec.slowWorkers());
        assertTrue(spec.r2());
        assertTrue(spec.replacementFilter());
        assertFalse(spec.sharedRequested());
        assertEquals("img2img", spec.sourceProcessing());
        assertFalse(spec.hasSourceImage());
        assertFalse(GenerationInputRules.dryRun(input("{\"prompt\":\"a cat\"}")));
    }

    @Test
    void givenValuesAreKeptAndNumericSeedsBecomeText() throws Exception {
        ImageRequestSpec spec = GenerationInputRules.toSpec(input("""
                {"prompt":"a cat","params":{"width":768,"height":1024,"steps":20,"cfg_scale":7,"seed":1234,"n":3,
                 "karras":false,"loras":[{"name":"1234","is_version":true}],"tis":[{"name":"bad-hands"}]},
                 "models":["stable_diffusion"],"nsfw":true,"shared":true,"dry_run":true,"unknown_field":1}
                """), UUID.randomUUID());
        ImageParams params = spec.params();
        assertEquals(768, params.width());
        assertEquals(1024, params.height());
        assertEquals("1234", params.seed());
        assertEquals(new BigDecimal("7.0"), params.cfgScale());
        assertFalse(params.karras());
        assertEquals(3, params.n());
        assertEquals(new BigDecimal("1.0"), params.loras().get(0).model());
        assertTrue(params.loras().get(0).isVersion());
        assertEquals(new BigDecimal("1.0"), params.tis().get(0).strength());
        assertTrue(spec.nsfw());
        assertTrue(spec.sharedRequested());
        assertEquals(List.of("stable_diffusion"), spec.models());
    }

    @Test
    void everyOffendingFieldIsNamedWithTheFirstSpecificRc() throws Exception {
        HordeException e = refused("""
                {"prompt":"a cat","params":{"sampler_name":"nope","width":500,"cfg_scale":1.234,"steps":501}}
                """);
        assertEquals(400, e.httpStatus());
        assertEquals("BadCFGDecimals", e.error().rc(), "params are judged in wire order; cfg_scale comes first");
        assertEquals("Input payload validation failed", e.error().message());
        Map<String, String> errors = e.error().errors();
        assertEquals("500 is not a multiple of 64", errors.get("params.width"));
        assertTrue(errors.get("params.sampler_name").startsWith("'nope' is not one of"));
        assertTrue(errors.get("params.cfg_scale").contains("more than 2 decimals"));
        assertEquals("501 is greater than the maximum of 500", errors.get("params.steps"));
    }

    @Test
    void limitsOnListsHaveTheirOwnRc() throws Exception {
        assertEquals("TooManyTIs", refused("{\"prompt\":\"a\",\"params\":{\"tis\":["
                + String.join(",", java.util.Collections.nCopies(21, "{\"name\":\"t\"}")) + "]}}").error().rc());
        assertEquals("BadRequest", refused("{\"prompt\":\"a\",\"params\":{\"post_processing\":[\"Magic\"]}}")
                .error().rc());
        assertEquals("BadRequest", refused("{\"prompt\":\"a\",\"params\":{\"loras\":[{\"name\":\"x\","
                + "\"is_version\":true}]}}").error().rc());
        assertEquals("BadRequest", refused("{\"prompt\":\"a\",\"workers\":[\"not-a-uuid\"]}").error().rc());
    }

    @Test
    void promptsMustHaveWordsButNotTooMany() throws Exception {
        assertEquals("MissingPrompt", refused("{\"params\":{}}").error().rc());
        assertEquals("InvalidPromptSize", refused("{\"prompt\":\"" + "word ".repeat(7501) + "\"}").error().rc());
    }

    @Test
    void webhooksMustBeHttps() throws Exception {
        assertEquals("webhook", refused("{\"prompt\":\"a\",\"webhook\":\"http://example.com/hook\"}")
                .error().errors().keySet().iterator().next());
        assertEquals("https://example.com/hook", GenerationInputRules.toSpec(
                input("{\"prompt\":\"a\",\"webhook\":\"https://example.com/hook\"}"), UUID.randomUUID()).webhook());
    }

    @Test
    void aSourceImageGetsItsObjectKeysUnderTheRequestId() throws Exception {
        UUID requestId = UUID.randomUUID();
        GenerationInput input = input("""
                {"prompt":"a","source_image":"aGVsbG8=","source_mask":"bWFzaw==","source_processing":"inpainting"}
                """);
        ImageRequestSpec spec = GenerationInputRules.toSpec(input, requestId);
        assertTrue(spec.hasSourceImage());
        assertEquals(requestId + "_src.webp", spec.sourceImageKey());
        assertEquals(requestId + "_msk.webp", spec.sourceMaskKey());
        assertEquals("inpainting", spec.sourceProcessing());
        assertEquals(new SourceUpload("aGVsbG8=", "bWFzaw=="), GenerationInputRules.sources(input).orElseThrow());
        assertEquals(List.of(), GenerationInputRules.warnings(input));
    }

    @Test
    void withoutASourceImageThereIsNothingToStore() throws Exception {
        GenerationInput input = input("{\"prompt\":\"a\",\"source_image\":\"\"}");
        assertFalse(GenerationInputRules.toSpec(input, UUID.randomUUID()).hasSourceImage());
        assertTrue(GenerationInputRules.sources(input).isEmpty());
    }

    @Test
    void sourceRulesOfTheAiHorde() throws Exception {
        assertEquals("SourceMaskUnnecessary", refused("{\"prompt\":\"a\",\"source_mask\":\"aGVsbG8=\"}")
                .error().rc());
        assertEquals("params.control_type", refused("{\"prompt\":\"a\",\"params\":{\"control_type\":\"canny\"}}")
                .error().errors().keySet().iterator().next());
        HordeException remix = refused("{\"prompt\":\"a\",\"source_image\":\"aGVsbG8=\",\"source_processing\":\"remix\"}");
        assertEquals("BadRequest", remix.error().rc());
        assertTrue(remix.error().errors().get("source_processing").contains("Stable Cascade"));
        assertEquals("SourceImageRequiredForModel",
                refused("{\"prompt\":\"a\",\"models\":[\"Stable Diffusion 2 Depth\"]}").error().rc());
    }

    @Test
    void depthToImageIgnoresTheMaskWithAWarning() throws Exception {
        GenerationInput input = input("""
                {"prompt":"a","models":["Stable Diffusion 2 Depth"],"source_image":"aGVsbG8=","source_mask":"bWFzaw=="}
                """);
        ImageRequestSpec spec = GenerationInputRules.toSpec(input, UUID.randomUUID());
        assertTrue(spec.hasSourceImage());
        assertNull(spec.sourceMaskKey());
        assertEquals(new SourceUpload("aGVsbG8=", null), GenerationInputRules.sources(input).orElseThrow());
        assertEquals(List.of("SourceMaskIgnored"),
                GenerationInputRules.warnings(input).stream().map(GenerationInputRules.RequestWarning::code).toList());
    }
}
