package org.openhorde.storage.rest;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.Base64;
import java.util.UUID;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.openhorde.storage.S3Http;
import org.openhorde.storage.TestImages;
import org.openhorde.storage.config.StorageConfig;
import org.openhorde.storage.repository.ObjectStore;
import org.openhorde.storage.service.RetentionSweeper;

/**
 * Pins the sources of img2img requests over the real S3 store: checked with the AI Horde's codes (an inpainting
 * source without a mask must carry one in its alpha channel), stored as WebP or PNG at the documented keys, handed
 * out as presigned URLs, refused when a URL points into the horde's own network, and deleted once their retention
 * ended.
 */
@QuarkusTest
class SourceUploadTest {

    @Inject
    ObjectStore store;

    @Inject
    RetentionSweeper sweeper;

    @Inject
    StorageConfig config;

    private static ValidatableResponse upload(UUID requestId, String image, String mask) {
        String body = "{\"image\":" + quoted(image) + ",\"mask\":" + quoted(mask) + "}";
        return given().contentType(ContentType.JSON).body(body).put("/internal/sources/" + requestId).then();
    }

    private static String quoted(String value) {
        return value == null ? "null" : "\"" + value + "\"";
    }

    private static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    @Test
    void sourcesAreStoredAndAWorkerDownloadsThemFromPresignedUrls() throws Exception {
        UUID requestId = UUID.randomUUID();
        byte[] png = TestImages.png(16, 16, 7);
        ByteArrayOutputStream jpeg = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB), "jpg", jpeg);

        upload(requestId, base64(TestImages.WEBP), "data:image/jpeg;base64," + base64(jpeg.toByteArray()))
                .statusCode(200)
                .body("imageKey", equalTo(requestId + "_src.webp"))
                .body("maskKey", equalTo(requestId + "_msk.webp"));
        var urls = given().contentType(ContentType.JSON)
                .body("{\"imageKey\":\"" + requestId + "_src.webp\",\"maskKey\":\"" + requestId + "_msk.webp\"}")
                .post("/internal/sources/download-urls")
                .then().statusCode(200).body("expiresInSeconds", equalTo(1800)).extract().jsonPath();

        var image = S3Http.get(urls.getString("imageUrl"));
        assertEquals(200, image.statusCode());
        assertArrayEquals(TestImages.WEBP, image.body());
        assertEquals("image/webp", image.headers().firstValue("Content-Type").orElseThrow());
        var mask = S3Http.get(urls.getString("maskUrl"));
        assertEquals("image/png", mask.headers().firstValue("Content-Type").orElseThrow(),
                "a JPEG mask is stored as PNG");
        assertEquals(16, ImageIO.read(new java.io.ByteArrayInputStream(mask.body())).getWidth());

        UUID withoutMask = UUID.randomUUID();
        upload(withoutMask, base64(png), null).statusCode(200).body("maskKey", nullValue());
    }

    @Test
    void sourcesBreakingTheAiHordesLimitsAreRefused() {
        // %test: at most 256 KiB and 1024 pixels a side.
        upload(UUID.randomUUID(), base64(new byte[300 * 1024]), null).statusCode(400)
                .body("rc", equalTo("SourceImageSizeExceeded"));
        upload(UUID.randomUUID(), base64(TestImages.png(1100, 4, 1)), null).statusCode(400)
                .body("rc", equalTo("SourceImageResolutionExceeded"));
        upload(UUID.randomUUID(), base64("not an image".getBytes()), null).statusCode(400)
                .body("rc", equalTo("SourceImageUnreadable"));
        upload(UUID.randomUUID(), base64(TestImages.WEBP), base64("no".getBytes())).statusCode(400)
                .body("rc", equalTo("SourceImageUnreadable"))
                .body("message", equalTo("source_mask is not an image we can read (WebP, PNG, JPEG)."));
        upload(UUID.randomUUID(), null, base64(TestImages.WEBP)).statusCode(400)
                .body("rc", equalTo("SourceMaskUnnecessary"));
        given().contentType(ContentType.JSON).body("{\"image\":\"x\"}").put("/internal/sources/not-a-uuid")
                .then().statusCode(400).body("rc", equalTo("BadRequest"));
    }

    @Test
    void inpaintingWithoutAMaskNeedsASourceImageWithAnAlphaChannel() throws Exception {
        UUID opaque = UUID.randomUUID();
        inpaintingWithoutMask(opaque, base64(TestImages.png(16, 16, 3))).statusCode(400)
                .body("rc", equalTo("InpaintingMissingMask"))
                .body("message", equalTo("Image validation failed. Inpainting requests must either include a mask,"
                        + " or an alpha channel."));
        assertTrue(store.stat(config.buckets().sources(), opaque + "_src.webp").await().indefinitely().isEmpty(),
                "a refused source is not stored");
        // The AI Horde splits the source into red, green, blue and alpha: a palette with a transparent entry
        // is not such an image, so it cannot carry the mask either.
        inpaintingWithoutMask(UUID.randomUUID(), base64(transparentPalettePng())).statusCode(400)
                .body("rc", equalTo("InpaintingMissingMask"));
        byte[] opaqueWebp = TestImages.WEBP.clone();
        opaqueWebp[24] &= ~0x10;
        inpaintingWithoutMask(UUID.randomUUID(), base64(opaqueWebp)).statusCode(400)
                .body("rc", equalTo("InpaintingMissingMask"));

        UUID transparent = UUID.randomUUID();
        inpaintingWithoutMask(transparent, base64(rgbaPng())).statusCode(200)
                .body("imageKey", equalTo(transparent + "_src.webp")).body("maskKey", nullValue());
        assertTrue(store.stat(config.buckets().sources(), transparent + "_src.webp").await().indefinitely()
                .isPresent());
        inpaintingWithoutMask(UUID.randomUUID(), base64(TestImages.WEBP)).statusCode(200);
        // Without the flag (img2img, outpainting, or inpainting with a source_mask) an opaque image is fine.
        upload(UUID.randomUUID(), base64(TestImages.png(16, 16, 3)), null).statusCode(200);
    }

    private static ValidatableResponse inpaintingWithoutMask(UUID requestId, String image) {
        return given().contentType(ContentType.JSON).body("{\"image\":\"" + image + "\",\"maskInAlpha\":true}")
                .put("/internal/sources/" + requestId).then();
    }

    private static byte[] rgbaPng() throws Exception {
        BufferedImage image = new BufferedImage(16, 16, BufferedImage.TYPE_INT_ARGB);
        image.setRGB(4, 4, 0x80FF0000);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    private static byte[] transparentPalettePng() throws Exception {
        IndexColorModel palette = new IndexColorModel(1, 2, new byte[] {0, -1}, new byte[] {0, -1},
                new byte[] {0, -1}, 0);
        BufferedImage image = new BufferedImage(16, 16, BufferedImage.TYPE_BYTE_BINARY, palette);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    @Test
    void urlsIntoTheHordesOwnNetworkAreRefused() {
        for (String url : new String[] {"http://127.0.0.1:8085/q/health", "https://169.254.169.254/latest/meta-data/",
                "https://10.0.0.1/a.png", "https://localhost:8085/", "https://[::1]/a.png"}) {
            upload(UUID.randomUUID(), url, null).statusCode(400).body("rc", equalTo("SourceImageUrlInvalid"));
        }
    }

    @Test
    void sourcesNotStoredAreNotFoundAndBadKeysAreBadRequests() {
        UUID requestId = UUID.randomUUID();
        given().contentType(ContentType.JSON).body("{\"imageKey\":\"" + requestId + "_src.webp\"}")
                .post("/internal/sources/download-urls")
                .then().statusCode(404).body("rc", equalTo("ThingNotFound"));
        given().contentType(ContentType.JSON).body("{\"imageKey\":\"../" + requestId + "_src.webp\"}")
                .post("/internal/sources/download-urls")
                .then().statusCode(400).body("rc", equalTo("BadRequest"));
    }

    @Test
    void sourcesAreDeletedWhenTheirRetentionEnded() {
        UUID requestId = UUID.randomUUID();
        upload(requestId, base64(TestImages.WEBP), null).statusCode(200);
        String key = requestId + "_src.webp";
        assertTrue(store.stat(config.buckets().sources(), key).await().indefinitely().isPresent());

        // %test keeps objects 3 s after their last activity; the sweep runs when this test says so.
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() -> {
            sweeper.sweepBatch().await().indefinitely();
            return store.stat(config.buckets().sources(), key).await().indefinitely().isEmpty();
        });
        given().contentType(ContentType.JSON).body("{\"imageKey\":\"" + key + "\"}")
                .post("/internal/sources/download-urls")
                .then().statusCode(404).body("rc", equalTo("ThingNotFound"));
    }

    @Test
    void extraSourceImagesAreCheckedStoredHandedOutAndSweptLikeTheSourceImage() throws Exception {
        UUID requestId = UUID.randomUUID();
        byte[] png = TestImages.png(16, 16, 3);
        String body = "{\"image\":\"" + base64(TestImages.WEBP) + "\",\"extraImages\":[\"" + base64(png)
                + "\",\"" + base64(TestImages.WEBP) + "\"]}";
        given().contentType(ContentType.JSON).body(body).put("/internal/sources/" + requestId)
                .then().statusCode(200)
                .body("imageKey", equalTo(requestId + "_src.webp"))
                .body("extraImageKeys[0]", equalTo(requestId + "_exra_src_0.webp"))
                .body("extraImageKeys[1]", equalTo(requestId + "_exra_src_1.webp"));

        var urls = given().contentType(ContentType.JSON)
                .body("{\"imageKey\":\"" + requestId + "_src.webp\",\"extraImageKeys\":[\"" + requestId
                        + "_exra_src_0.webp\",\"" + requestId + "_exra_src_1.webp\"]}")
                .post("/internal/sources/download-urls")
                .then().statusCode(200).extract().jsonPath();
        var first = S3Http.get(urls.getString("extraImageUrls[0]"));
        assertEquals(200, first.statusCode());
        assertArrayEquals(png, first.body());
        assertEquals("image/png", first.headers().firstValue("Content-Type").orElseThrow());
        assertArrayEquals(TestImages.WEBP, S3Http.get(urls.getString("extraImageUrls[1]")).body());

        // The same limits and codes as the source image, naming the extra image at fault; nothing is stored then.
        UUID refused = UUID.randomUUID();
        given().contentType(ContentType.JSON)
                .body("{\"image\":\"" + base64(TestImages.WEBP) + "\",\"extraImages\":[\""
                        + base64(TestImages.WEBP) + "\",\"" + base64(TestImages.png(1100, 4, 1)) + "\"]}")
                .put("/internal/sources/" + refused)
                .then().statusCode(400).body("rc", equalTo("SourceImageResolutionExceeded"));
        assertTrue(store.stat(config.buckets().sources(), refused + "_src.webp").await().indefinitely().isEmpty());
        given().contentType(ContentType.JSON)
                .body("{\"image\":\"" + base64(TestImages.WEBP) + "\",\"extraImages\":[\""
                        + base64("not an image".getBytes()) + "\"]}")
                .put("/internal/sources/" + UUID.randomUUID())
                .then().statusCode(400).body("rc", equalTo("SourceImageUnreadable"))
                .body("message", org.hamcrest.Matchers.containsString("extra_source_images.0.image"));
        given().contentType(ContentType.JSON)
                .body("{\"image\":\"" + base64(TestImages.WEBP) + "\",\"extraImages\":[\""
                        + "https://127.0.0.1/x.png\"]}")
                .put("/internal/sources/" + UUID.randomUUID())
                .then().statusCode(400).body("rc", equalTo("SourceImageUrlInvalid"));

        // Kept as long as the request's other sources, and swept with them.
        String key = requestId + "_exra_src_1.webp";
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() -> {
            sweeper.sweepBatch().await().indefinitely();
            return store.stat(config.buckets().sources(), key).await().indefinitely().isEmpty();
        });
    }
}
