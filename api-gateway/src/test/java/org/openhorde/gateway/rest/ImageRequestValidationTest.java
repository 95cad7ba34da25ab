package org.openhorde.gateway.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Pins {@code POST /generate/async}'s input handling: every bad payload is a 400 with the AI Horde's field-level
 * errors and rc, judged before the API key; a missing key is 401.
 */
@QuarkusTest
class ImageRequestValidationTest {

    private static final String APIKEY = "validation-test-key";

    private static ValidatableResponse async(String body) {
        return given().contentType(ContentType.JSON).header("apikey", APIKEY).body(body)
                .post("/api/v2/generate/async").then();
    }

    private static String withParams(String params) {
        return "{\"prompt\":\"a lighthouse on a cliff at dusk\",\"params\":{" + params + "}}";
    }

    private static void invalid(String body, String rc, String field, String message) {
        async(body).statusCode(400)
                .body("message", equalTo("Input payload validation failed"))
                .body("rc", equalTo(rc))
                .body("errors.'" + field + "'", containsString(message));
    }

    @Test
    void missingPromptIsMissingPrompt() {
        invalid("{\"params\":{\"n\":1}}", "MissingPrompt", "prompt", "'prompt' is a required property");
        invalid("{\"prompt\":\"   \"}", "MissingPrompt", "prompt", "cannot be empty");
        invalid("", "MissingPrompt", "prompt", "'prompt' is a required property");
    }

    @Test
    void widthNotAMultipleOf64IsInvalidSize() {
        invalid(withParams("\"width\":500,\"height\":512"), "InvalidSize", "params.width",
                "500 is not a multiple of 64");
        invalid(withParams("\"height\":4096"), "InvalidSize", "params.height", "greater than the maximum of 3072");
    }

    @Test
    void stepsOutOfRangeAreRefused() {
        invalid(withParams("\"steps\":0"), "BadRequest", "params.steps", "0 is less than the minimum of 1");
        invalid(withParams("\"steps\":501"), "TooManySteps", "params.steps", "501 is greater than the maximum of 500");
    }

    @Test
    void moreThanTwentyImagesAreRefused() {
        invalid(withParams("\"n\":21"), "BadRequest", "params.n", "21 is greater than the maximum of 20");
    }

    @Test
    void cfgScaleWithThreeDecimalsIsBadCfgDecimals() {
        invalid(withParams("\"cfg_scale\":1.234"), "BadCFGDecimals", "params.cfg_scale", "more than 2 decimals");
    }

    @Test
    void unknownSamplerIsRefused() {
        invalid(withParams("\"sampler_name\":\"k_magic\""), "BadRequest", "params.sampler_name",
                "'k_magic' is not one of");
    }

    @Test
    void extrasOverTheirLimitsHaveTheirOwnRc() {
        String lora = "{\"name\":\"1234\"}";
        invalid(withParams("\"loras\":[" + String.join(",", java.util.Collections.nCopies(6, lora)) + "]"),
                "TooManyLoras", "params.loras", "at most 5");
        invalid(withParams("\"post_processing\":[\"RealESRGAN_x4plus\",\"NMKD_Siax\"]"), "TooManyUpscalers",
                "params.post_processing", "Only one upscaler");
        invalid(withParams("\"post_processing\":[\"GFPGAN\",\"GFPGAN\"]"), "BadRequest", "params.post_processing",
                "non-unique");
    }

    @Test
    void wrongJsonTypesNameTheField() {
        invalid(withParams("\"width\":\"wide\""), "BadRequest", "params.width", "is not of type 'integer'");
    }

    @Test
    void malformedJsonIsBadRequest() {
        async("{\"prompt\":").statusCode(400).body("rc", equalTo("BadRequest"));
        async("[1,2").statusCode(400).body("rc", equalTo("BadRequest"));
    }

    @Test
    void nulByteAnywhereIsRefused() {
        async("{\"prompt\":\"hello\\u0000world\"}").statusCode(400).body("rc", equalTo("NulByteInPayload"));
        byte[] raw = "{\"prompt\":\"hello\u0000world\"}".getBytes(StandardCharsets.UTF_8);
        given().contentType(ContentType.JSON).header("apikey", APIKEY).body(raw)
                .post("/api/v2/generate/async")
                .then().statusCode(400).body("rc", equalTo("NulByteInPayload"));
    }

    @Test
    void sourceRulesAreJudgedBeforeTheKey() {
        async("{\"prompt\":\"a cat\",\"source_image\":\"aGVsbG8=\",\"source_processing\":\"remix\"}")
                .statusCode(400).body("rc", equalTo("InvalidRemix"))
                .body("errors.source_processing", containsString("Stable Cascade"));
        async("{\"prompt\":\"a cat\",\"models\":[\"Stable Diffusion 2 Depth\"]}").statusCode(400)
                .body("rc", equalTo("SourceImageRequiredForModel"));
    }

    @Test
    void remixAndExtraSourceImagesFollowTheAiHordeRules() {
        String cascade = "\"models\":[\"Stable Cascade 1.0\"]";
        String extra = "{\"image\":\"aGVsbG8=\"}";
        // Remix only for the Stable Cascade models, each of them, and never for "any model".
        invalid("{\"prompt\":\"a\",\"models\":[\"Stable Cascade 1.0\",\"stable_diffusion\"],"
                + "\"source_image\":\"aGVsbG8=\",\"source_processing\":\"remix\"}", "InvalidRemix",
                "source_processing", "only available for Stable Cascade models");
        invalid("{\"prompt\":\"a\",\"models\":[],\"source_image\":\"aGVsbG8=\",\"source_processing\":\"remix\"}",
                "InvalidRemix", "source_processing", "Stable Cascade");
        // A remix remixes a source image.
        invalid("{\"prompt\":\"a\"," + cascade + ",\"source_processing\":\"remix\"}", "BadRequest",
                "source_image", "needs a source_image");
        // Extra source images only with a remix; at most 5; each an image; not with transparent.
        invalid("{\"prompt\":\"a\"," + cascade + ",\"source_image\":\"aGVsbG8=\",\"extra_source_images\":["
                + extra + "]}", "InvalidExtraSourceImages.", "extra_source_images",
                "does not accept extra source images");
        invalid("{\"prompt\":\"a\"," + cascade + ",\"source_image\":\"aGVsbG8=\",\"source_processing\":\"remix\","
                + "\"extra_source_images\":[" + String.join(",", java.util.Collections.nCopies(6, extra)) + "]}",
                "TooManyExtraSourceImages.", "extra_source_images", "maximum of 5");
        invalid("{\"prompt\":\"a\"," + cascade + ",\"source_image\":\"aGVsbG8=\",\"source_processing\":\"remix\","
                + "\"extra_source_images\":[{\"image\":\"\",\"strength\":0.5}]}", "BadRequest",
                "extra_source_images.0.image", "required");
        invalid("{\"prompt\":\"a\"," + cascade + ",\"source_image\":\"aGVsbG8=\",\"source_processing\":\"remix\","
                + "\"params\":{\"transparent\":true},\"extra_source_images\":[" + extra + "]}",
                "InvalidTransparencyImg2Img", "params.transparent", "not supported during img2img");
        // A valid remix passes the rules and meets the key check.
        given().contentType(ContentType.JSON).body("{\"prompt\":\"a\"," + cascade + ",\"source_image\":\"aGVsbG8=\","
                        + "\"source_processing\":\"remix\",\"extra_source_images\":[" + extra + "]}")
                .post("/api/v2/generate/async").then().statusCode(401).body("rc", equalTo("InvalidAPIKey"));
    }

    @Test
    void everyRangeAndNameRuleNamesItsField() {
        invalid(withParams("\"clip_skip\":13"), "BadRequest", "params.clip_skip", "greater than the maximum of 12");
        invalid(withParams("\"cfg_scale\":101"), "BadRequest", "params.cfg_scale", "greater than the maximum of 100");
        invalid(withParams("\"seed_variation\":0"), "BadRequest", "params.seed_variation", "less than the minimum");
        invalid(withParams("\"denoising_strength\":1.5"), "BadRequest", "params.denoising_strength", "maximum of 1");
        invalid(withParams("\"facefixer_strength\":-0.5"), "BadRequest", "params.facefixer_strength", "minimum of 0");
        invalid(withParams("\"post_processing\":[\"Magic\"]"), "BadRequest", "params.post_processing",
                "not a known post-processor");
        invalid(withParams("\"loras\":[{\"name\":\"detail\",\"is_version\":true}]"), "BadLoraVersion",
                "params.loras.0.name", "numeric id");
        invalid(withParams("\"tis\":[{\"name\":\"t\",\"inject_ti\":\"everywhere\"}]"), "BadRequest",
                "params.tis.0.inject_ti", "is not one of");
        invalid("{\"prompt\":\"a cat\",\"workers\":[\"worker-1\"]}", "BadRequest", "workers",
                "is not a worker id");
        invalid("{\"prompt\":\"a cat\",\"workers\":[" + String.join(",", java.util.Collections.nCopies(6,
                "\"0b6e2b8e-3b1f-4c55-9a43-4c1a3f0d9e11\"")) + "]}", "BadRequest", "workers", "at most 5");
        invalid("{\"prompt\":\"a cat\",\"webhook\":\"http://example.com/hook\"}", "BadRequest", "webhook",
                "https://");
        invalid("{\"prompt\":\"a cat\",\"models\":[\"GFPGAN\"]}", "UnexpectedModelName", "models",
                "post-processor");
    }

    @Test
    void controlNetAndHiresFixFollowTheModel() {
        String source = ",\"source_image\":\"aGVsbG8=\"";
        invalid("{\"prompt\":\"a cat\",\"params\":{\"control_type\":\"scribbles\"}" + source + "}", "BadRequest",
                "params.control_type", "is not one of");
        invalid("{\"prompt\":\"a cat\",\"models\":[\"SDXL 1.0\"],\"params\":{\"control_type\":\"canny\"}"
                + source + "}", "ControlNetUnsupported", "params.control_type", "SDXL 1.0");
        invalid("{\"prompt\":\"a cat\",\"source_processing\":\"inpainting\",\"params\":{\"control_type\":"
                + "\"canny\"}" + source + "}", "ControlNetInpaintingMismatch", "params.control_type", "inpainting");
        invalid("{\"prompt\":\"a cat\",\"models\":[\"Flux.1-Schnell fp8 (Compact)\"],\"params\":{\"hires_fix\":"
                + "true}}", "HiResMismatch", "params.hires_fix", "hires_fix");
    }

    @Test
    void missingApiKeyIsInvalidApiKey() {
        given().contentType(ContentType.JSON).body(withParams("\"width\":512"))
                .post("/api/v2/generate/async")
                .then().statusCode(401)
                .body("rc", equalTo("InvalidAPIKey"))
                .body("message", containsString("No user matching sent API Key. Have you remembered to register"))
                .body("$", not(hasKey("errors")));
    }
}
