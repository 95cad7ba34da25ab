package org.openhorde.storage.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.openhorde.storage.S3Http;
import org.openhorde.storage.TestImages;

/** Pins presigned upload and download URLs against the real S3 store, as workers and clients use them. */
@QuarkusTest
class GenerationUrlsTest {

    private static List<String> urls(String kind, UUID... jobIds) {
        String ids = Stream.of(jobIds).map(id -> "\"" + id + "\"").collect(Collectors.joining(","));
        return given().contentType(ContentType.JSON).body("{\"jobIds\":[" + ids + "]}")
                .post("/internal/generations/" + kind)
                .then().statusCode(200)
                .body("urls", hasSize(jobIds.length))
                .body("expiresInSeconds", equalTo(1800))
                .extract().jsonPath().getList("urls", String.class);
    }

    @Test
    void aWorkerUploadsToItsPutUrlAndAClientDownloadsTheSameBytes() {
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        List<String> uploads = urls("upload-urls", first, second);
        // Signed for the public endpoint, in the order of the job ids.
        assertTrue(uploads.get(0).startsWith("http://localhost:9000/test-generations/" + first + ".webp?"), uploads.get(0));
        assertTrue(uploads.get(1).startsWith("http://localhost:9000/test-generations/" + second + ".webp?"), uploads.get(1));

        byte[] firstImage = TestImages.WEBP;
        byte[] secondImage = TestImages.png(4, 4, 2);
        assertEquals(200, S3Http.put(uploads.get(0), firstImage).statusCode());
        assertEquals(200, S3Http.put(uploads.get(1), secondImage).statusCode());

        List<String> downloads = urls("download-urls", second, first);
        HttpResponse<byte[]> secondDownload = S3Http.get(downloads.get(0));
        assertEquals(200, secondDownload.statusCode());
        assertArrayEquals(secondImage, secondDownload.body());
        assertArrayEquals(firstImage, S3Http.get(downloads.get(1)).body());
    }

    @Test
    void downloadUrlOfAnImageNeverUploadedIsAnS3NotFound() {
        HttpResponse<byte[]> response = S3Http.get(urls("download-urls", UUID.randomUUID()).get(0));
        assertEquals(404, response.statusCode());
        assertTrue(new String(response.body(), StandardCharsets.UTF_8).contains("NoSuchKey"));
    }

    @Test
    void jobIdsMustBeOneToTwenty() {
        String twentyOne = Stream.generate(() -> "\"" + UUID.randomUUID() + "\"").limit(21)
                .collect(Collectors.joining(","));
        for (String body : List.of("{\"jobIds\":[]}", "{}", "{\"jobIds\":[" + twentyOne + "]}")) {
            given().contentType(ContentType.JSON).body(body)
                    .post("/internal/generations/upload-urls")
                    .then().statusCode(400)
                    .body("rc", equalTo("BadRequest"))
                    .body("errors.jobIds", notNullValue());
        }
        given().contentType(ContentType.JSON).body("{\"jobIds\":[]}")
                .post("/internal/generations/download-urls")
                .then().statusCode(400).body("errors.jobIds", startsWith("jobIds must hold 1 to 20"));
    }

    @Test
    void malformedRequestsAreBadRequests() {
        given().contentType(ContentType.JSON).body("{\"jobIds\":[\"not-a-uuid\"]}")
                .post("/internal/generations/upload-urls")
                .then().statusCode(400).body("rc", equalTo("BadRequest")).body("errors.'jobIds.0'", notNullValue());
        given().contentType(ContentType.JSON).body("{\"jobIds\":")
                .post("/internal/generations/upload-urls")
                .then().statusCode(400).body("rc", equalTo("BadRequest"));
        given().contentType(ContentType.JSON)
                .post("/internal/generations/upload-urls")
                .then().statusCode(400).body("rc", equalTo("BadRequest"));
    }

    @Test
    void aJobWithNothingRecordedIsThingNotFound() {
        given().get("/internal/generations/" + UUID.randomUUID())
                .then().statusCode(404).body("rc", equalTo("ThingNotFound"));
        given().get("/internal/generations/not-a-uuid")
                .then().statusCode(400).body("rc", equalTo("BadRequest"));
    }

    @Test
    void readyWhileTheStoreAnswers() {
        given().get("/q/health/ready")
                .then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem("object-store"));
    }
}
