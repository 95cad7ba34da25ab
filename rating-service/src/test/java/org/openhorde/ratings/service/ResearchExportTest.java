package org.openhorde.ratings.service;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.agroal.api.AgroalDataSource;
import io.minio.BucketExistsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.openhorde.ratings.config.RatingConfig;
import org.openhorde.ratings.domain.ExportFiles;
import org.openhorde.ratings.domain.SampleImages;
import org.openhorde.ratings.service.ResearchExport.Outcome;

/**
 * The research export over the real PostgreSQL and S3: nothing to download before the first export; two replicas
 * exporting at once make one export; an export is not repeated within its interval nor when nothing changed; the
 * latest's manifest and parts are served by presigned URL, with checksums that match and the rating in the
 * Parquet part (read by DuckDB).
 */
@QuarkusTest
class ResearchExportTest {

    @Inject
    ResearchExport export;

    @Inject
    SampleDataset sample;

    @Inject
    MinioClient minio;

    @Inject
    RatingConfig config;

    @Inject
    AgroalDataSource database;

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void exportsTheAcceptedRatingsOnceAndServesTheLatest() throws Throwable {
        String bucket = config.store().sharedBucket();
        if (!minio.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
            minio.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
        }
        try (Connection db = database.getConnection(); Statement sql = db.createStatement()) {
            sql.execute("delete from research_exports"); // this test's own environment
        }
        given().get("/internal/ratings/exports/latest/manifest.json").then().statusCode(404)
                .body("rc", equalTo("ThingNotFound"));

        sample.make();
        String agent = "ResearchExportTest:1:" + UUID.randomUUID();
        String imageId = given().get("/internal/ratings/new?dataset=" + SampleImages.DATASET_ID).then()
                .statusCode(200).extract().path("id");
        given().contentType(ContentType.JSON)
                .body(Map.of("rating", 7, "artifacts", 2, "clientAgent", agent, "rater", rater()))
                .post("/internal/ratings/images/" + imageId).then().statusCode(200);

        // Two replicas' schedulers firing at once: one export.
        ExecutorService replicas = Executors.newFixedThreadPool(2);
        try {
            Callable<Outcome> run = () -> export.exportNow();
            List<Future<Outcome>> runs = replicas.invokeAll(List.of(run, run));
            long exported = 0;
            for (Future<Outcome> outcome : runs) {
                exported += outcome.get() == Outcome.EXPORTED ? 1 : 0;
            }
            assertEquals(1, exported, "exactly one of two simultaneous runs exports");
        } finally {
            replicas.shutdown();
        }
        assertEquals(Outcome.NOT_DUE, export.exportIfDue(), "within the interval, no second export");

        JsonNode manifest = ExportFiles.JSON.readTree(download("manifest.json"));
        assertEquals(1, manifest.get("schema_version").asInt());
        assertTrue(manifest.get("rows").asLong() >= 1);
        JsonNode part = manifest.get("parts").get(0);
        byte[] parquet = download(part.get("parquet").get("name").asText());
        assertEquals(part.get("parquet").get("sha256").asText(), ExportFiles.sha256(parquet));
        assertEquals(part.get("jsonl").get("sha256").asText(),
                ExportFiles.sha256(download(part.get("jsonl").get("name").asText())));
        assertTrue(new String(download("datacard.md")).contains("0 = flawless … 5 = garbage"));
        given().get("/internal/ratings/exports/latest/part-999999.jsonl").then().statusCode(404);

        Path file = Files.createTempFile("export", ".parquet");
        try (Connection duck = new org.duckdb.DuckDBDriver().connect("jdbc:duckdb:", new java.util.Properties()); Statement sql = duck.createStatement()) {
            Files.write(file, parquet);
            try (ResultSet row = sql.executeQuery("select rating, artifacts, image_id from read_parquet('" + file
                    + "') where rater_client_agent = '" + agent + "'")) {
                assertTrue(row.next(), "the accepted rating is in the Parquet part");
                assertEquals(7, row.getInt(1));
                assertEquals(2, row.getInt(2));
                assertEquals(imageId, row.getString(3));
            }
        } finally {
            Files.delete(file);
        }
    }

    @Test
    void onlyTheNewestExportsStayInTheBucket() throws Throwable {
        String bucket = config.store().sharedBucket();
        if (!minio.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
            minio.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
        }
        sample.make();
        rateAndExport();
        rateAndExport();
        List<String> prefixes = new java.util.ArrayList<>();
        try (Connection db = database.getConnection(); Statement sql = db.createStatement();
             ResultSet rows = sql.executeQuery("select prefix from research_exports order by created_at desc")) {
            while (rows.next()) {
                prefixes.add(rows.getString(1));
            }
        }
        assertTrue(prefixes.size() >= 2, prefixes.toString());
        String newest = prefixes.get(0);
        String older = prefixes.get(1);
        assertTrue(objectsUnder(older) >= 4, "an export has a manifest, a data card and a part in two formats");

        assertEquals(prefixes.size() - 1, export.keepNewest(1));
        assertEquals(0, objectsUnder(older), "the older export's files are gone");
        assertTrue(objectsUnder(newest) >= 4, "the newest export's files stay");
        try (Connection db = database.getConnection(); Statement sql = db.createStatement();
             ResultSet rows = sql.executeQuery("select prefix from research_exports")) {
            assertTrue(rows.next());
            assertEquals(newest, rows.getString(1));
            assertTrue(!rows.next(), "only the newest export's row is left");
        }
        assertTrue(download("manifest.json").length > 0, "the latest export is still served");
        assertEquals(0, export.keepNewest(1), "nothing more to delete");
    }

    /** Rates a sample image and exports until an export is made (exports are at least a second apart). */
    private void rateAndExport() throws Exception {
        String imageId = given().get("/internal/ratings/new?dataset=" + SampleImages.DATASET_ID).then()
                .statusCode(200).extract().path("id");
        given().contentType(ContentType.JSON)
                .body(Map.of("rating", 4, "clientAgent", "ResearchExportTest:retention", "rater", rater()))
                .post("/internal/ratings/images/" + imageId).then().statusCode(200);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                .pollInterval(java.time.Duration.ofMillis(250))
                .until(() -> export.exportNow() == Outcome.EXPORTED);
    }

    private int objectsUnder(String prefix) {
        int count = 0;
        for (var ignored : minio.listObjects(io.minio.ListObjectsArgs.builder().bucket(config.store().sharedBucket())
                .prefix(prefix).recursive(true).build())) {
            count++;
        }
        return count;
    }

    private static byte[] download(String name) throws Exception {
        String url = given().get("/internal/ratings/exports/latest/" + name).then().statusCode(200)
                .extract().path("url");
        HttpResponse<byte[]> response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, response.statusCode(), url);
        return response.body();
    }

    /** A trusted user: accepted at once (a new untrusted rater's ratings are held until judged, decision 0034). */
    private static Map<String, Object> rater() {
        long id = 800_000 + (long) (Math.random() * 100_000);
        return Map.ofEntries(Map.entry("id", id), Map.entry("username", "exporter"), Map.entry("anonymous", false),
                Map.entry("pseudonymous", false), Map.entry("trusted", true), Map.entry("moderator", false),
                Map.entry("admin", false), Map.entry("kudos", 100), Map.entry("concurrency", 30),
                Map.entry("kudosDetails", Map.of()),
                Map.entry("records", Map.of("usagePixelsteps", 0, "contributionPixelsteps", 0,
                        "imagesRequested", 3, "imagesFulfilled", 0)),
                Map.entry("createdAt", Instant.now().minusSeconds(60).toString()), Map.entry("evaluatingKudos", 0));
    }
}
