package org.openhorde.ratings.service;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.minio.BucketExistsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openhorde.ratings.config.RatingConfig;
import org.openhorde.ratings.domain.ImportedImage;
import org.openhorde.ratings.domain.ManifestEntry;
import org.openhorde.ratings.domain.SampleImages;

/**
 * Pins the dataset import over the real PostgreSQL and S3: entries naming objects in the datasets bucket are checked
 * (there, an image, a plain key) and imported once — a re-run skips them by image id —, every other entry fails with
 * its reason counted and kept, URLs go through the safe fetcher (http and private addresses refused), the counts are
 * in the status route, the imported images are rateable, and the operator route refuses bad input with 400s.
 */
@QuarkusTest
class DatasetImportTest {

    @Inject
    DatasetImporter importer;

    @Inject
    MinioClient minio;

    @Inject
    RatingConfig config;

    private void put(String key, byte[] bytes) throws Exception {
        String bucket = config.store().datasetBucket();
        if (!minio.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
            minio.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
        }
        minio.putObject(PutObjectArgs.builder().bucket(config.store().datasetBucket()).object(key)
                .stream(new ByteArrayInputStream(bytes), bytes.length, -1).build());
    }

    @Test
    void importsEachImageOnceAndCountsWhatFailedWithItsReason() throws Exception {
        String dataset = "import-test-" + UUID.randomUUID();
        String folder = "import-test/" + UUID.randomUUID() + "/";
        put(folder + "a.png", SampleImages.png(1, 16));
        put(folder + "b.png", SampleImages.png(2, 16));
        put(folder + "notes.txt", "not an image".getBytes(StandardCharsets.UTF_8));
        List<ManifestEntry> entries = List.of(
                new ManifestEntry("a", null, folder + "a.png", Map.of("caption", "first")),
                new ManifestEntry("b", null, folder + "b.png", Map.of()),
                new ManifestEntry("c", null, folder + "notes.txt", Map.of()),
                new ManifestEntry("d", null, folder + "missing.png", Map.of()),
                new ManifestEntry("e", null, "../outside.png", Map.of()),
                new ManifestEntry("f", "http://example.com/f.png", null, Map.of()),
                new ManifestEntry("g", "https://127.0.0.1/g.png", null, Map.of()));
        UUID datasetId = DatasetCatalog.idOf(dataset);

        assertEquals(2, importer.importEntries(datasetId, dataset, "test", "test manifest", entries));
        JsonPath first = given().get("/internal/ratings/imports?dataset=" + dataset).then().statusCode(200)
                .extract().jsonPath();
        assertEquals(List.of("finished"), first.getList("state"));
        assertEquals(7, first.getInt("[0].total"));
        assertEquals(2, first.getInt("[0].imported"));
        assertEquals(0, first.getInt("[0].skipped"));
        assertEquals(5, first.getInt("[0].failed"));

        JsonPath status = given().get("/internal/ratings/imports/" + first.getString("[0].id")).then()
                .statusCode(200).extract().jsonPath();
        Map<String, String> reasons = new java.util.HashMap<>();
        status.getList("failures", Map.class).forEach(f -> reasons.put((String) f.get("entry_id"),
                (String) f.get("reason")));
        assertEquals(List.of("c", "d", "e", "f", "g"), reasons.keySet().stream().sorted().toList());
        assertEquals("the object is not a PNG, JPEG or WebP image", reasons.get("c"));
        assertEquals("no object '" + folder + "missing.png' in the datasets bucket", reasons.get("d"));
        assertEquals("The URL in url must be an https:// URL.", reasons.get("f"));
        assertEquals("The URL in url points into a network the horde does not fetch from.", reasons.get("g"));

        // A re-run adds nothing: the images are found by their ids.
        assertEquals(0, importer.importEntries(datasetId, dataset, "test", "test manifest", entries));
        given().get("/internal/ratings/imports?dataset=" + dataset).then().statusCode(200)
                .body("size()", equalTo(2)).body("[0].skipped", equalTo(2)).body("[0].imported", equalTo(0))
                .body("[0].failed", equalTo(5));

        given().get("/internal/ratings/datasets").then().statusCode(200)
                .body("find { it.name == '" + dataset + "' }.image_count", equalTo(2));
        given().get("/internal/ratings/new?dataset=" + datasetId).then().statusCode(200)
                .body("dataset_id", equalTo(datasetId.toString()))
                .body("id", org.hamcrest.Matchers.oneOf(ImportedImage.imageId(dataset, "a").toString(),
                        ImportedImage.imageId(dataset, "b").toString()));
    }

    @Test
    void theOperatorRouteStartsAnImportAndReportsAManifestItCannotFetch() {
        String dataset = "import-route-" + UUID.randomUUID();
        String id = given().contentType(ContentType.JSON)
                .body(Map.of("dataset", dataset, "manifest_url", "https://127.0.0.1/manifest.jsonl",
                        "requested_by", 1))
                .post("/internal/ratings/imports").then().statusCode(202)
                .body("dataset", equalTo(dataset)).body("requested_by", equalTo(1))
                .extract().path("id");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                given().get("/internal/ratings/imports/" + id).then().statusCode(200)
                        .body("state", equalTo("failed"))
                        .body("error", containsString("points into a network the horde does not fetch from")));
        given().get("/internal/ratings/imports").then().statusCode(200).body("id", hasItem(id));
    }

    @Test
    void badInputIsRefused() {
        given().contentType(ContentType.JSON).body(Map.of("manifest_url", "https://example.com/m.jsonl"))
                .post("/internal/ratings/imports").then().statusCode(400).body("rc", equalTo("BadRequest"));
        given().contentType(ContentType.JSON).body(Map.of("dataset", "x", "manifest_url", "http://example.com/m"))
                .post("/internal/ratings/imports").then().statusCode(400).body("rc", equalTo("BadRequest"));
        given().contentType(ContentType.JSON).body(Map.of("dataset", "x".repeat(101),
                        "manifest_url", "https://example.com/m"))
                .post("/internal/ratings/imports").then().statusCode(400);
        // A manifest URL longer than a description may be: the generated description is cut, nothing fails.
        given().contentType(ContentType.JSON).body(Map.of("dataset", "import-long-" + UUID.randomUUID(),
                        "manifest_url", "https://127.0.0.1/" + "m".repeat(1500)))
                .post("/internal/ratings/imports").then().statusCode(202);
        given().get("/internal/ratings/imports/" + UUID.randomUUID()).then().statusCode(404)
                .body("rc", equalTo("ThingNotFound"));
        given().get("/internal/ratings/imports/not-a-uuid").then().statusCode(404);
    }
}
