package org.openhorde.deploy;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.openhorde.deploy.ImageRequests.async;
import static org.openhorde.deploy.ImageRequests.body;
import static org.openhorde.deploy.ImageRequests.cancel;
import static org.openhorde.deploy.ImageRequests.check;
import static org.openhorde.deploy.ImageRequests.deliver;
import static org.openhorde.deploy.ImageRequests.kudosOf;
import static org.openhorde.deploy.ImageRequests.pngBase64;
import static org.openhorde.deploy.ImageRequests.popJob;
import static org.openhorde.deploy.ImageRequests.registeredUser;
import static org.openhorde.deploy.ImageRequests.richUser;
import static org.openhorde.deploy.ImageRequests.unique;

import io.restassured.RestAssured;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.Base64;
import java.util.UUID;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the horde refuses or changes in an image request, over the packaged services: depth2img's source rules,
 * inpainting's mask-or-alpha rule, upfront kudos and allow_downgrade, and the 400/403/404/429 answers with their AI
 * Horde codes.
 */
class RequestRulesIT {

    private static final String DEPTH = "Stable Diffusion 2 Depth";
    private static final String LARGE = "\"width\": 1088, \"height\": 1024";
    private static RunningHorde horde;

    @BeforeAll
    static void startHorde() {
        horde = RunningHorde.get();
        RestAssured.baseURI = horde.gatewayUrl();
    }

    @Test
    void depthToImageNeedsASourceAndIgnoresTheMask() {
        String requesterKey = richUser(horde, 1000);
        async(requesterKey, body(DEPTH, "", "")).statusCode(400)
                .body("rc", equalTo("SourceImageRequiredForModel"))
                .body("errors", hasKey("source_image"));

        String source = pngBase64();
        String requestId = async(requesterKey, body(DEPTH, "", ", \"source_image\": \"" + source
                + "\", \"source_mask\": \"" + source + "\""))
                .statusCode(202)
                .body("warnings[0].code", equalTo("SourceMaskIgnored"))
                .body("warnings[0].message", containsString(DEPTH))
                .extract().path("id");

        String owner = registeredUser();
        JsonPath job = popJob(owner, unique("it-depth-worker-"), DEPTH, 1);
        assertEquals(DEPTH, job.getString("model"));
        assertNotNull(job.getString("source_image"), "the worker gets the source image");
        assertNull(job.getString("source_mask"), "but no mask");
        deliver(owner, job);
        await().atMost(Duration.ofSeconds(30)).until(() -> check(requestId).getBoolean("done"));
    }

    /**
     * A remix of Stable Cascade with an extra source image crosses every service: the gateway's rules and price,
     * storage-service keeps the extra image like the source image, job-service hands it only to a bridge that takes
     * it, and the worker gets it as a presigned URL with its strength.
     */
    @Test
    void aRemixCarriesItsExtraSourceImagesToTheWorker() throws Exception {
        String cascade = "Stable Cascade 1.0";
        String requesterKey = richUser(horde, 1000);
        String source = pngBase64();
        String remix = ", \"source_processing\": \"remix\", \"source_image\": \"" + source + "\"";
        String oneExtra = ", \"extra_source_images\": [{\"image\": \"" + source + "\", \"strength\": 0.5}]";
        String twoExtras = ", \"extra_source_images\": [{\"image\": \"" + source + "\"}, {\"image\": \"" + source
                + "\"}]";

        async(requesterKey, body("stable_diffusion", "", remix)).statusCode(400).body("rc", equalTo("InvalidRemix"));
        async(requesterKey, body(cascade, "", oneExtra)).statusCode(400)
                .body("rc", equalTo("InvalidExtraSourceImages."));
        async(requesterKey, body(cascade, "", remix + twoExtras)).statusCode(400)
                .body("rc", equalTo("MoreThanMinExtraSourceImage."));
        int plain = async(requesterKey, body(cascade, "", remix + ", \"dry_run\": true")).statusCode(200)
                .extract().path("kudos");
        int withExtra = async(requesterKey, body(cascade, "", remix + oneExtra + ", \"dry_run\": true"))
                .statusCode(200).extract().path("kudos");
        assertEquals(5, withExtra - plain, "5 kudos per extra source image");

        String requestId = async(requesterKey, body(cascade, "", remix + oneExtra)).statusCode(202)
                .extract().path("id");
        String owner = registeredUser();
        JsonPath job = popJob(owner, unique("it-remix-worker-"), cascade, 1);
        assertEquals("remix", job.getString("source_processing"));
        assertNotNull(job.getString("source_image"));
        assertEquals(1, job.getList("extra_source_images").size());
        assertEquals(0.5f, job.getFloat("extra_source_images[0].strength"));
        String extraUrl = job.getString("extra_source_images[0].image");
        assertTrue(extraUrl.contains(requestId + "_exra_src_0.webp"), extraUrl);
        var download = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(extraUrl)).GET().build(),
                java.net.http.HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, download.statusCode());
        assertArrayEquals(Base64.getDecoder().decode(source), download.body(), "the extra image as sent (PNG)");
        deliver(owner, job);
        await().atMost(Duration.ofSeconds(30)).until(() -> check(requestId).getBoolean("done"));
    }

    @Test
    void inpaintingWithoutAMaskNeedsASourceImageWithAnAlphaChannel() throws Exception {
        String requesterKey = richUser(horde, 1000);
        String model = unique("it_inpainting_");
        BufferedImage opaque = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
        ByteArrayOutputStream opaquePng = new ByteArrayOutputStream();
        ImageIO.write(opaque, "png", opaquePng);
        String inpainting = ", \"source_processing\": \"inpainting\", \"source_image\": \"";

        async(requesterKey, body(model, "", inpainting + Base64.getEncoder().encodeToString(opaquePng.toByteArray())
                + "\"")).statusCode(400)
                .body("rc", equalTo("InpaintingMissingMask"))
                .body("message", containsString("must either include a mask, or an alpha channel"));

        // ImageRequests.png() is transparent but for one pixel: its alpha channel is the mask.
        String requestId = async(requesterKey, body(model, "", inpainting + pngBase64() + "\"")).statusCode(202)
                .extract().path("id");
        cancel(requestId).statusCode(200);
    }

    @Test
    void largeRequestsNeedKudosUpfrontUnlessDowngraded() {
        String model = unique("it-upfront-model-");
        String poorKey = registeredUser();
        double poorKudos = kudosOf(poorKey);
        async(poorKey, body(model, LARGE, "")).statusCode(403)
                .body("rc", equalTo("KudosUpfront"))
                .body("message", containsString("This request requires"));
        async(poorKey, body(model, "\"steps\": 50", "")).statusCode(403).body("rc", equalTo("KudosUpfront"));
        async(poorKey, body(model, "", ", \"slow_workers\": false")).statusCode(403)
                .body("rc", equalTo("KudosUpfront"));
        async("0000000000", body(model, LARGE, "")).statusCode(403).body("rc", equalTo("KudosUpfront"));
        assertEquals(poorKudos, kudosOf(poorKey), 0.001, "a refusal charges nothing");

        String downgraded = async(poorKey, body(model, LARGE + ", \"steps\": 50", ", \"allow_downgrade\": true"))
                .statusCode(202)
                .body("warnings[0].code", equalTo("RequestDowngraded"))
                .body("warnings[0].message", containsString("to 1024x960, 30 steps"))
                .extract().path("id");
        String paidUpfront = async(richUser(horde, 1000), body(model, LARGE + ", \"steps\": 50", ""))
                .statusCode(202)
                .body("$", not(hasKey("warnings")))
                .extract().path("id");

        // Both are queued: the downgraded one at its new size, the other as asked.
        String owner = registeredUser();
        String otherOwner = registeredUser();
        JsonPath one = popJob(owner, unique("it-upfront-worker-"), model, 1);
        JsonPath other = popJob(otherOwner, unique("it-upfront-worker-"), model, 1);
        JsonPath small = one.getInt("payload.width") == 1024 ? one : other;
        JsonPath large = small == one ? other : one;
        assertEquals(1024, small.getInt("payload.width"));
        assertEquals(960, small.getInt("payload.height"));
        assertEquals(30, small.getInt("payload.ddim_steps"));
        assertEquals(1088, large.getInt("payload.width"));
        assertEquals(50, large.getInt("payload.ddim_steps"));
        deliver(owner, one);
        deliver(otherOwner, other);
        await().atMost(Duration.ofSeconds(30)).until(() -> check(downgraded).getBoolean("done")
                && check(paidUpfront).getBoolean("done"));
    }

    @Test
    void badFieldsUnknownRequestsAndTooManyPromptsHaveTheirCodes() {
        String model = unique("it-codes-model-");
        String apikey = registeredUser();
        // Not a web URL at all (this horde accepts http webhooks for WebhookIT's receivers; https-only is the default,
        // pinned by the gateway's GenerationInputRulesTest).
        async(apikey, body(model, "", ", \"webhook\": \"ftp://example.com/hook\"")).statusCode(400)
                .body("rc", equalTo("BadRequest"))
                .body("errors", hasKey("webhook"));
        async(apikey, body(model, "\"clip_skip\": 13", "")).statusCode(400).body("errors", hasKey("params.clip_skip"));
        async(apikey, body(model, "\"loras\": [{\"name\": \"x\", \"is_version\": true}]", "")).statusCode(400)
                .body("rc", equalTo("BadLoraVersion"));
        async("not-a-key", body(model, "", "")).statusCode(401).body("rc", equalTo("InvalidAPIKey"));

        String unknown = UUID.randomUUID().toString();
        given().get("/api/v2/generate/check/" + unknown).then().statusCode(404).body("rc", equalTo("RequestNotFound"));
        given().get("/api/v2/generate/status/" + unknown).then().statusCode(404)
                .body("rc", equalTo("RequestNotFound"));
        cancel(unknown).statusCode(404).body("rc", equalTo("RequestNotFound"));

        // A registered user may have 30 unfinished images.
        String first = async(apikey, body(model, "\"n\": 20", "")).statusCode(202).extract().path("id");
        async(apikey, body(model, "\"n\": 20", "")).statusCode(429)
                .body("rc", equalTo("TooManyPrompts"))
                .body("message", containsString("exceeded user limit (30)"));
        cancel(first).statusCode(200);
        String next = await().atMost(Duration.ofSeconds(30)).until(
                () -> async(apikey, body(model, "\"n\": 20", "")).extract(),
                answer -> answer.statusCode() == 202).path("id");
        cancel(next).statusCode(200);
    }
}
