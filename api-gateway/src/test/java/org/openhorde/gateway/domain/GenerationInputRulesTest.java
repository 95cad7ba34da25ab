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
        assertEquals(List.of("stable_diffusion"), spec.models(), "the AI Horde parser's default");
        assertTrue(spec.nsfw(), "the AI Horde parser's default, not its swagger's false");
        assertTrue(spec.censorNsfw());
        assertTrue(spec.slowWorkers());
        assertTrue(spec.r2());
        assertTrue(spec.replacementFilter());
        assertFalse(spec.sharedRequested());
        assertEquals("img2img", spec.sourceProcessing());
        assertFalse(spec.hasSourceImage());
        assertFalse(GenerationInputRules.dryRun(input("{\"prompt\":\"a cat\"}")));
    }

    @Test
    void anExplicitEmptyModelListMeansAnyModelAndExplicitFalseFlagsAreKept() throws Exception {
        ImageRequestSpec spec = GenerationInputRules.toSpec(input("""
                {"prompt":"a cat","models":[],"nsfw":false,"censor_nsfw":false}
                """), UUID.randomUUID());
        assertEquals(List.of(), spec.models());
        assertFalse(spec.nsfw());
        assertFalse(spec.censorNsfw());
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
        assertEquals("BadLoraVersion", refused("{\"prompt\":\"a\",\"params\":{\"loras\":[{\"name\":\"x\","
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
    void onlyInpaintingWithoutAMaskNeedsTheMaskInTheSourceImagesAlpha() throws Exception {
        assertTrue(GenerationInputRules.sources(input("""
                {"prompt":"a","source_image":"aGVsbG8=","source_processing":"inpainting"}
                """)).orElseThrow().maskInAlpha());
        assertFalse(GenerationInputRules.sources(input("""
                {"prompt":"a","source_image":"aGVsbG8=","source_mask":"bWFzaw==","source_processing":"inpainting"}
                """)).orElseThrow().maskInAlpha());
        assertFalse(GenerationInputRules.sources(input("""
                {"prompt":"a","source_image":"aGVsbG8=","source_processing":"outpainting"}
                """)).orElseThrow().maskInAlpha());
        assertFalse(GenerationInputRules.sources(input("{\"prompt\":\"a\",\"source_image\":\"aGVsbG8=\"}"))
                .orElseThrow().maskInAlpha());
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
        assertEquals("InvalidRemix", remix.error().rc());
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

    private String firstField(String body) throws Exception {
        return refused(body).error().errors().keySet().iterator().next();
    }

    @Test
    void everyParamHasItsAiHordeRange() throws Exception {
        assertEquals("params.clip_skip", firstField("{\"prompt\":\"a\",\"params\":{\"clip_skip\":13}}"));
        assertEquals("params.clip_skip", firstField("{\"prompt\":\"a\",\"params\":{\"clip_skip\":0}}"));
        assertEquals("params.cfg_scale", firstField("{\"prompt\":\"a\",\"params\":{\"cfg_scale\":100.5}}"));
        assertEquals("params.denoising_strength",
                firstField("{\"prompt\":\"a\",\"params\":{\"denoising_strength\":0}}"));
        assertEquals("params.facefixer_strength",
                firstField("{\"prompt\":\"a\",\"params\":{\"facefixer_strength\":1.5}}"));
        assertEquals("params.seed_variation",
                firstField("{\"prompt\":\"a\",\"params\":{\"seed_variation\":1001}}"));
        assertEquals("params.n", firstField("{\"prompt\":\"a\",\"params\":{\"n\":0}}"));
        assertEquals("params.control_type",
                firstField("{\"prompt\":\"a\",\"source_image\":\"aGVsbG8=\",\"params\":{\"control_type\":\"x\"}}"));
        assertEquals("params.loras.0.model",
                firstField("{\"prompt\":\"a\",\"params\":{\"loras\":[{\"name\":\"a\",\"model\":6}]}}"));
        assertEquals("params.loras.0.inject_trigger", firstField(
                "{\"prompt\":\"a\",\"params\":{\"loras\":[{\"name\":\"a\",\"inject_trigger\":\"" + "t".repeat(31)
                        + "\"}]}}"));
        assertEquals("params.tis.0.inject_ti",
                firstField("{\"prompt\":\"a\",\"params\":{\"tis\":[{\"name\":\"a\",\"inject_ti\":\"both\"}]}}"));
        assertEquals("params.tis.0.strength",
                firstField("{\"prompt\":\"a\",\"params\":{\"tis\":[{\"name\":\"a\",\"strength\":-5.5}]}}"));
        assertEquals("TooManyLoras", refused("{\"prompt\":\"a\",\"params\":{\"loras\":["
                + String.join(",", java.util.Collections.nCopies(6, "{\"name\":\"l\"}")) + "]}}").error().rc());
        assertEquals("params.post_processing",
                firstField("{\"prompt\":\"a\",\"params\":{\"post_processing\":[\"GFPGAN\",\"GFPGAN\"]}}"));
        assertEquals("TooManyUpscalers", refused("{\"prompt\":\"a\",\"params\":{\"post_processing\":"
                + "[\"RealESRGAN_x4plus\",\"NMKD_Siax\"]}}").error().rc());
        assertEquals("source_processing",
                firstField("{\"prompt\":\"a\",\"source_image\":\"aGVsbG8=\",\"source_processing\":\"x\"}"));
    }

    @Test
    void workersAreAtMostFiveWorkerIds() throws Exception {
        String six = String.join(",", java.util.Collections.nCopies(6, "\"" + UUID.randomUUID() + "\""));
        assertEquals("workers", firstField("{\"prompt\":\"a\",\"workers\":[" + six + "]}"));
        UUID worker = UUID.randomUUID();
        ImageRequestSpec spec = GenerationInputRules.toSpec(input("{\"prompt\":\"a\",\"workers\":[\"" + worker
                + "\"],\"worker_blacklist\":true}"), UUID.randomUUID());
        assertEquals(List.of(worker.toString()), spec.workers());
        assertTrue(spec.workerBlacklist());
    }

    @Test
    void webhooksMustBeRealHttpsUrlsOfBoundedLength() throws Exception {
        assertEquals("webhook", firstField("{\"prompt\":\"a\",\"webhook\":\"https://\"}"));
        assertEquals("webhook", firstField("{\"prompt\":\"a\",\"webhook\":\"https:// spaced out.example\"}"));
        assertEquals("webhook", firstField("{\"prompt\":\"a\",\"webhook\":\"https://example.com/"
                + "x".repeat(1024) + "\"}"));
    }

    @Test
    void controlNetHasTheAiHordesModelConstraints() throws Exception {
        String source = "\"source_image\":\"aGVsbG8=\"";
        assertEquals("ControlNetUnsupported", refused("{\"prompt\":\"a\"," + source
                + ",\"models\":[\"SDXL 1.0\"],\"params\":{\"control_type\":\"canny\"}}").error().rc());
        assertEquals("ControlNetInpaintingMismatch", refused("{\"prompt\":\"a\"," + source
                + ",\"models\":[\"stable_diffusion_inpainting\"],\"params\":{\"control_type\":\"canny\"}}")
                .error().rc());
        assertEquals("ControlNetInpaintingMismatch", refused("{\"prompt\":\"a\"," + source
                + ",\"source_processing\":\"inpainting\",\"params\":{\"control_type\":\"depth\"}}").error().rc());
        ImageParams capped = GenerationInputRules.toSpec(input("{\"prompt\":\"a\"," + source
                + ",\"params\":{\"control_type\":\"canny\",\"steps\":80}}"), UUID.randomUUID()).params();
        assertEquals(40, capped.steps(), "the AI Horde caps ControlNet steps at 40 silently");
        ImageParams defaulted = GenerationInputRules.toSpec(input("{\"prompt\":\"a\"," + source
                + ",\"params\":{\"control_type\":\"canny\"}}"), UUID.randomUUID()).params();
        assertEquals(20, defaulted.steps());
    }

    @Test
    void modelMismatchesHaveTheirRc() throws Exception {
        assertEquals("HiResMismatch", refused("{\"prompt\":\"a\",\"models\":[\"Flux.1-Schnell fp8 (Compact)\"],"
                + "\"params\":{\"hires_fix\":true}}").error().rc());
        assertEquals("UnexpectedModelName", refused("{\"prompt\":\"a\",\"models\":[\"RealESRGAN_x4plus\"]}")
                .error().rc());
        assertEquals("SourceImageRequiredForModel", refused("{\"prompt\":\"a\",\"models\":[\"pix2pix\"]}")
                .error().rc());
    }

    /** The AI Horde keeps workers that declare {@code extra_slow_worker} away unless the request admits them. */
    @Test
    void extraSlowWorkersAreAdmittedOnlyWhenAsked() throws Exception {
        assertFalse(GenerationInputRules.toSpec(input("{\"prompt\":\"a cat\"}"), UUID.randomUUID())
                .extraSlowWorkers());
        assertTrue(GenerationInputRules.toSpec(input("{\"prompt\":\"a cat\",\"extra_slow_workers\":true}"),
                UUID.randomUUID()).extraSlowWorkers());
    }
}
