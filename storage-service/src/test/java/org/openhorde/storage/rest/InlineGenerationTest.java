package org.openhorde.storage.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openhorde.storage.S3Http;
import org.openhorde.storage.TestImages;

/** Pins inline (base64) submissions: stored where an upload would have gone, refused unless a WebP or PNG. */
@QuarkusTest
class InlineGenerationTest {

    private static void submit(UUID jobId, String base64, int status) {
        given().contentType(ContentType.JSON).body("{\"base64\":\"" + base64 + "\"}")
                .put("/internal/generations/" + jobId)
                .then().statusCode(status);
    }

    private static HttpResponse<byte[]> download(UUID jobId) {
        String url = given().contentType(ContentType.JSON).body("{\"jobIds\":[\"" + jobId + "\"]}")
                .post("/internal/generations/download-urls")
                .then().statusCode(200).extract().path("urls[0]");
        return S3Http.get(url);
    }

    private static void refused(String base64, String message) {
        given().contentType(ContentType.JSON).body("{\"base64\":\"" + base64 + "\"}")
                .put("/internal/generations/" + UUID.randomUUID())
                .then().statusCode(400)
                .body("rc", equalTo("BadRequest"))
                .body("message", equalTo(message));
    }

    @Test
    void inlineWebpIsStoredAtTheGenerationKey() {
        UUID jobId = UUID.randomUUID();
        submit(jobId, Base64.getEncoder().encodeToString(TestImages.WEBP), 204);
        HttpResponse<byte[]> response = download(jobId);
        assertEquals(200, response.statusCode());
        assertArrayEquals(TestImages.WEBP, response.body());
        assertEquals("image/webp", response.headers().firstValue("Content-Type").orElseThrow());
    }

    @Test
    void inlinePngIsStoredAsPng() {
        UUID jobId = UUID.randomUUID();
        byte[] png = TestImages.png(8, 8, 5);
        submit(jobId, Base64.getEncoder().encodeToString(png), 204);
        HttpResponse<byte[]> response = download(jobId);
        assertArrayEquals(png, response.body());
        assertEquals("image/png", response.headers().firstValue("Content-Type").orElseThrow());
    }

    @Test
    void badSubmissionsAreRefusedWithBadRequest() {
        refused("%%% not base64 %%%", "generation is not valid base64");
        refused(Base64.getEncoder().encodeToString("GIF89a....".getBytes()), "generation must be a WebP or PNG image");
        refused("", "generation is empty");
        // %test caps inline images at 1 MiB.
        byte[] tooLarge = Arrays.copyOf(TestImages.png(2, 2, 1), 1024 * 1024 + 1);
        refused(Base64.getEncoder().encodeToString(tooLarge), "generation is larger than 1048576 bytes");
    }

    @Test
    void malformedSubmissionsAreBadRequests() {
        given().contentType(ContentType.JSON).body("{\"base64\":\"" + Base64.getEncoder().encodeToString(TestImages.WEBP) + "\"}")
                .put("/internal/generations/not-a-uuid")
                .then().statusCode(400).body("rc", equalTo("BadRequest"));
        given().contentType(ContentType.JSON)
                .put("/internal/generations/" + UUID.randomUUID())
                .then().statusCode(400).body("rc", equalTo("BadRequest"));
        given().contentType(ContentType.JSON).body("{\"base64\":")
                .put("/internal/generations/" + UUID.randomUUID())
                .then().statusCode(400).body("rc", equalTo("BadRequest"));
    }
}
