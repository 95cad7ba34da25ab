package org.openhorde.storage.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.util.Base64;
import java.util.Random;
import java.util.UUID;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.openhorde.storage.TestImages;

/** Pins how images are handed out inline for {@code r2: false}: base64, a URL when too large, nothing when missing. */
@QuarkusTest
class GenerationBase64Test {

    private static void storeInline(UUID jobId, byte[] image) {
        given().contentType(ContentType.JSON)
                .body("{\"base64\":\"" + Base64.getEncoder().encodeToString(image) + "\"}")
                .put("/internal/generations/" + jobId).then().statusCode(204);
    }

    /** Noise does not compress: a PNG well over %test's 64 KiB inline limit. */
    private static byte[] noisyPng() throws Exception {
        BufferedImage image = new BufferedImage(200, 200, BufferedImage.TYPE_INT_RGB);
        Random random = new Random(7);
        for (int x = 0; x < 200; x++) {
            for (int y = 0; y < 200; y++) {
                image.setRGB(x, y, random.nextInt());
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    @Test
    void imagesComeInlineLargeOnesAsUrlsMissingOnesAsNothingInJobOrder() throws Exception {
        UUID small = UUID.randomUUID();
        UUID large = UUID.randomUUID();
        UUID missing = UUID.randomUUID();
        storeInline(small, TestImages.WEBP);
        storeInline(large, noisyPng());

        given().contentType(ContentType.JSON)
                .body("{\"jobIds\":[\"" + small + "\",\"" + large + "\",\"" + missing + "\"]}")
                .post("/internal/generations/base64")
                .then().statusCode(200)
                .body("images[0].base64", equalTo(Base64.getEncoder().encodeToString(TestImages.WEBP)))
                .body("images[0].url", nullValue())
                .body("images[1].base64", nullValue())
                .body("images[1].url", startsWith("http://localhost:9000/test-generations/" + large + ".webp?"))
                .body("images[2].base64", nullValue())
                .body("images[2].url", nullValue());
    }

    @Test
    void badJobListsAreBadRequests() {
        given().contentType(ContentType.JSON).body("{\"jobIds\":[]}").post("/internal/generations/base64")
                .then().statusCode(400).body("rc", equalTo("BadRequest"));
        given().contentType(ContentType.JSON).post("/internal/generations/base64")
                .then().statusCode(400).body("rc", equalTo("BadRequest"));
    }
}
