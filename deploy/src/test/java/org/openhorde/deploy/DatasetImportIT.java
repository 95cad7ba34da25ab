package org.openhorde.deploy;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.oneOf;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The operator's dataset import over the packaged services (decision 0040): a JSONL manifest served over https by
 * the test JVM names images by URL; rating-service fetches them with the safe fetcher into S3, counts what it imported
 * and what failed (a 404, a page that is no image) in the import's status, and a re-run skips every image it already
 * has without fetching it again. The imported images are then served by {@code /api/v1/rating/new/{dataset_id}} and
 * rated like any other. Only the operator may import.
 */
class DatasetImportIT {

    private static RunningHorde horde;

    @BeforeAll
    static void startHorde() {
        horde = RunningHorde.get();
        RestAssured.baseURI = horde.gatewayUrl();
    }

    @Test
    void anOperatorImportsAManifestOnceAndItsImagesBecomeRateable() throws Exception {
        byte[] first = png(1);
        byte[] second = png(2);
        String dataset = ImageRequests.unique("import-it-");
        try (LocalHttpsSource source = LocalHttpsSource.servingFiles(Map.of(
                "/a.png", first,
                "/b.png", second,
                "/page.html", "<html>no image</html>".getBytes(StandardCharsets.UTF_8)))) {
            String manifest = String.join("\n",
                    "{\"id\": \"a\", \"url\": \"" + source.url("/a.png") + "\", \"metadata\": {\"caption\": \"red\"}}",
                    "{\"id\": \"b\", \"url\": \"" + source.url("/b.png") + "\", \"aesthetic\": 7.5}",
                    "{\"id\": \"gone\", \"url\": \"" + source.url("/gone.png") + "\"}",
                    "{\"id\": \"page\", \"url\": \"" + source.url("/page.html") + "\"}") + "\n";
            try (LocalHttpsSource manifests = LocalHttpsSource.servingFiles(Map.of(
                    "/manifest.jsonl", manifest.getBytes(StandardCharsets.UTF_8)))) {
                String body = "{\"dataset\": \"" + dataset + "\", \"description\": \"DatasetImportIT\", "
                        + "\"manifest_url\": \"" + manifests.url("/manifest.jsonl") + "\"}";

                // Only the operator imports.
                given().contentType(ContentType.JSON).body(body).post("/api/v2/operator/datasets/imports").then()
                        .statusCode(401).body("rc", equalTo("InvalidAPIKey"));
                given().header("apikey", ImageRequests.registeredUser()).contentType(ContentType.JSON).body(body)
                        .post("/api/v2/operator/datasets/imports").then().statusCode(403)
                        .body("rc", equalTo("NotAdmin"));

                JsonPath started = importNow(body);
                String datasetId = started.getString("dataset_id");
                JsonPath done = finished(started.getString("id"));
                assertEquals(4, done.getInt("total"));
                assertEquals(2, done.getInt("imported"));
                assertEquals(0, done.getInt("skipped"));
                assertEquals(2, done.getInt("failed"));
                assertEquals(List.of("gone", "page"), done.getList("failures.entry_id"));
                assertEquals(4, source.served(), "a, b, gone and page fetched once each");

                // A re-run decides every entry again but fetches no image it already has.
                JsonPath rerun = finished(importNow(body).getString("id"));
                assertEquals(0, rerun.getInt("imported"));
                assertEquals(2, rerun.getInt("skipped"));
                assertEquals(2, rerun.getInt("failed"));
                assertEquals(6, source.served(), "only the two failing entries were fetched again");
                given().header("apikey", horde.operatorKey()).get("/api/v2/operator/datasets/imports?dataset="
                        + dataset).then().statusCode(200).body("size()", equalTo(2));

                // Rateable: the dataset is listed, its images served, rated and paid like any other.
                given().get("/api/v1/datasets").then().statusCode(200)
                        .body("find { it.name == '" + dataset + "' }.image_count", equalTo(2));
                String rater = ImageRequests.registeredUser();
                JsonPath next = given().header("apikey", rater).get("/api/v1/rating/new/" + datasetId).then()
                        .statusCode(200).body("dataset_id", equalTo(datasetId)).extract().jsonPath();
                HttpResponse<byte[]> picture = HttpClient.newHttpClient().send(
                        HttpRequest.newBuilder(URI.create(next.getString("url"))).build(),
                        HttpResponse.BodyHandlers.ofByteArray());
                assertEquals(200, picture.statusCode());
                assertTrue(java.util.Arrays.equals(first, picture.body())
                        || java.util.Arrays.equals(second, picture.body()), "the served image is an imported one");
                given().header("apikey", rater).contentType(ContentType.JSON).body("{\"rating\": 7}")
                        .post("/api/v1/rating/" + next.getString("id")).then().statusCode(200)
                        .body("reward", equalTo(5.0f));
            }
        }
    }

    @Test
    void aManifestFromAPrivateAddressIsNeverFetched() {
        // 10.0.0.1 is neither public nor an allowed host: the import fails without a connection.
        String body = "{\"dataset\": \"" + ImageRequests.unique("import-it-private-")
                + "\", \"manifest_url\": \"https://10.0.0.1/manifest.jsonl\"}";
        JsonPath done = finished(importNow(body).getString("id"));
        assertEquals("failed", done.getString("state"));
        assertTrue(done.getString("error").contains("points into a network the horde does not fetch from"),
                done.getString("error"));
        given().header("apikey", horde.operatorKey()).contentType(ContentType.JSON)
                .body("{\"dataset\": \"x\", \"manifest_url\": \"http://example.com/m.jsonl\"}")
                .post("/api/v2/operator/datasets/imports").then().statusCode(400).body("rc", equalTo("BadRequest"));
        given().header("apikey", horde.operatorKey()).get("/api/v2/operator/datasets/imports/" + UUID.randomUUID())
                .then().statusCode(404).body("rc", equalTo("ThingNotFound"));
    }

    private static JsonPath importNow(String body) {
        return given().header("apikey", horde.operatorKey()).contentType(ContentType.JSON).body(body)
                .post("/api/v2/operator/datasets/imports").then().statusCode(202)
                // The answer is the import's state as it is answered: an import that fails at once (a refused
                // manifest address) may already have ended before the 202 is written.
                .body("state", oneOf("running", "finished", "failed")).extract().jsonPath();
    }

    private static JsonPath finished(String importId) {
        JsonPath[] status = new JsonPath[1];
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
            status[0] = given().header("apikey", horde.operatorKey())
                    .get("/api/v2/operator/datasets/imports/" + importId).then().statusCode(200).extract().jsonPath();
            return !"running".equals(status[0].getString("state"));
        });
        return status[0];
    }

    private static byte[] png(int seed) throws IOException {
        BufferedImage image = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
        for (int x = 0; x < 8; x++) {
            for (int y = 0; y < 8; y++) {
                image.setRGB(x, y, (seed * 0x3f1d + x * 0x101 + y * 0x10101) & 0xFFFFFF);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }
}
