package org.openhorde.deploy;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A rating's whole path over the packaged services, real Kafka, PostgreSQL and S3: a shared generation becomes
 * rateable (horde.images.shared → rating-service), is rated through the gateway's AI Horde ratings API
 * ({@code /api/v1}), the rater is paid 5 + 5 kudos exactly once through the ledger (a second rating of the same
 * image is excluded and unpaid), and the rating is on {@code horde.ratings.recorded} and, hashed, on
 * {@code horde.ratings.export}; and the real AI Horde JavaScript client ({@code @zeldafan0225/ai_horde}'s
 * {@code AIHordeRatings}) drives the same API unchanged.
 */
class RatingIT {

    private static RunningHorde horde;

    @BeforeAll
    static void startHorde() {
        horde = RunningHorde.get();
        RestAssured.baseURI = horde.gatewayUrl();
    }

    @Test
    void aSharedImageIsRatedPaidOnceAndExported() throws Exception {
        String requester = ImageRequests.richUser(horde, 1000);
        String owner = ImageRequests.registeredUser();
        // Trusted users: accepted (and paid) while the integrity review is still evaluating them (decision 0034); a
        // newly registered rater's ratings would be held until judged (RatingIntegrityIT).
        String rater = WorkerMatchingIT.key(WorkerMatchingIT.createUser(0, true, false));
        ImageRequests.async(requester, ImageRequests.body("stable_diffusion", "", ", \"shared\": true"))
                .statusCode(202);
        JsonPath job = ImageRequests.popJob(owner, ImageRequests.unique("rating-it-"), "stable_diffusion", 1);
        ImageRequests.deliver(owner, job);
        String imageId = job.getString("id");

        // Rateable once storage-service shared it and rating-service took it in.
        await().atMost(Duration.ofSeconds(30)).until(() ->
                given().get("/api/v1/image/ratings/" + imageId).statusCode() == 200);
        given().get("/api/v1/datasets").then().statusCode(200)
                .body("name", hasItems("horde-shared"));

        given().header("apikey", rater).header("Client-Agent", "RatingIT:1:openhorde").contentType(ContentType.JSON)
                .body("{\"rating\": 8, \"artifacts\": 1}")
                .post("/api/v1/rating/" + imageId).then().statusCode(200)
                .body("message", equalTo("Rating submitted")).body("reward", equalTo(10.0f));
        // Bad input is the only thing refused; a second rating of the same image is kept but pays nothing.
        given().header("apikey", rater).contentType(ContentType.JSON).body("{\"rating\": 11}")
                .post("/api/v1/rating/" + imageId).then().statusCode(400).body("rc", equalTo("BadRequest"));
        given().header("apikey", rater).contentType(ContentType.JSON).body("{\"rating\": 3}")
                .post("/api/v1/rating/" + imageId).then().statusCode(200).body("reward", equalTo(0.0f));
        given().get("/api/v1/image/ratings/" + imageId).then().statusCode(200)
                .body("times_rated", equalTo(1)).body("average", equalTo(8.0f));

        try (EventTap recorded = new EventTap("horde.ratings.recorded");
             EventTap exported = new EventTap("horde.ratings.export")) {
            List<JsonNode> ratings = recorded.await(e -> imageId.equals(e.path("imageId").asText()), 2,
                    Duration.ofSeconds(30));
            assertEquals(2, ratings.size(), "both ratings are recorded: " + ratings);
            List<JsonNode> rows = exported.await(e -> imageId.equals(e.path("imageId").asText()), 1,
                    Duration.ofSeconds(30));
            assertEquals(1, rows.size(), "only the accepted rating is exported: " + rows);
            assertEquals("RatingIT:1:openhorde", rows.get(0).path("rater").path("clientAgent").asText());
            assertTrue(rows.get(0).path("objectKey").asText().startsWith(imageId), "the image's key in the shared bucket");
            assertFalse(rows.get(0).has("userId"), "researchers see a hashed rater only");
        }

        // The real AI Horde JavaScript client's ratings class drives the same API unchanged (another rater).
        String clientRater = WorkerMatchingIT.key(WorkerMatchingIT.createUser(0, true, false));
        NodeScripts.Outcome client = NodeScripts.runScript(horde.root(), "ratings-client.mjs",
                Map.of("HORDE_URL", horde.gatewayUrl(), "RATER_KEY", clientRater, "IMAGE_ID", imageId),
                Duration.ofMinutes(2));
        assertTrue(client.succeeded(), client.output());

        await().atMost(Duration.ofSeconds(30)).until(() -> ImageRequests.kudosOf(rater) == 10.0
                && ImageRequests.kudosOf(clientRater) == 10.0);
        LedgerAuditor.assertSettledLedgerHolds(horde.serviceUrl(2));
        assertEquals(10.0, ImageRequests.kudosOf(rater), "paid once, the excluded rating unpaid");
        given().get("/api/v1/image/ratings/" + imageId).then().statusCode(200).body("times_rated", equalTo(2));
    }

    /**
     * {@code POST /api/v2/generate/rate/{id}}: the requester rates their own finished, shared two-image request once,
     * with the AI Horde's refusals before and after, and is paid 5 + 5 and 5 kudos, capped at the request's cost
     * minus one kudo.
     */
    @Test
    void aRequesterRatesTheirOwnRequestOnceWithinItsCost() {
        String requester = ImageRequests.richUser(horde, 1000);
        String owner = ImageRequests.registeredUser();
        String stranger = ImageRequests.registeredUser();
        String model = ImageRequests.unique("rate-own-");
        JsonPath accepted = ImageRequests.async(requester, ImageRequests.body(model, "\"n\": 2", ", \"shared\": true"))
                .statusCode(202).extract().jsonPath();
        String requestId = accepted.getString("id");
        double cost = 2 * (accepted.getDouble("kudos") + 1); // two images, each its price and 1 kudo of shared tax

        JsonPath first = ImageRequests.popJob(owner, ImageRequests.unique("rate-own-a-"), model, 1);
        given().contentType(ContentType.JSON).body("{\"best\": \"" + first.getString("id") + "\"}")
                .post("/api/v2/generate/rate/" + requestId).then().statusCode(anyOf(equalTo(400), equalTo(404)));
        ImageRequests.deliver(owner, first);
        JsonPath second = ImageRequests.popJob(owner, ImageRequests.unique("rate-own-b-"), model, 1);
        ImageRequests.deliver(owner, second);
        String a = first.getString("id");
        String b = second.getString("id");

        // Finished once rating-service saw every job end and took both images in; until then AestheticsNotCompleted.
        await().atMost(Duration.ofSeconds(30)).until(() -> "AestheticsMissing".equals(given()
                .contentType(ContentType.JSON).body("{}").post("/api/v2/generate/rate/" + requestId)
                .then().extract().path("rc")));
        rateOwn(requestId, null, "{\"ratings\": [{\"id\": \"" + a + "\", \"rating\": 5}, {\"id\": \"" + a
                + "\", \"rating\": 6}]}").statusCode(400).body("rc", equalTo("AestheticsDuplicate"));
        rateOwn(requestId, null, "{\"best\": \"" + requestId + "\"}").statusCode(400)
                .body("rc", equalTo("ProcGenNotFound"));
        rateOwn(requestId, stranger, "{\"best\": \"" + a + "\"}").statusCode(403).body("rc", equalTo("NotOwner"));
        rateOwn("00000000-0000-0000-0000-000000000000", null, "{\"best\": \"" + a + "\"}").statusCode(404)
                .body("rc", equalTo("RequestNotFound"));

        double expected = Math.min(15, cost - 1);
        double reward = rateOwn(requestId, requester, "{\"ratings\": [{\"id\": \"" + a + "\", \"rating\": 9, \"artifacts\": 0}, "
                + "{\"id\": \"" + b + "\", \"rating\": 4}]}").statusCode(200)
                .extract().jsonPath().getDouble("reward");
        assertEquals(expected, reward, 0.011, "5 + 5 and 5 kudos, at most the cost (" + cost + ") minus 1");
        rateOwn(requestId, requester, "{\"best\": \"" + b + "\"}").statusCode(400)
                .body("rc", equalTo("AestheticsAlreadyExist"));
        given().get("/api/v1/image/ratings/" + a).then().statusCode(200).body("average", equalTo(9.0f));

        await().atMost(Duration.ofSeconds(30)).until(() ->
                Math.abs(ImageRequests.kudosOf(requester) - (1000 - cost + reward)) < 0.011);
        LedgerAuditor.assertSettledLedgerHolds(horde.serviceUrl(2));
    }

    private static io.restassured.response.ValidatableResponse rateOwn(String requestId, String apikey, String body) {
        var request = given().contentType(ContentType.JSON).body(body);
        if (apikey != null) {
            request.header("apikey", apikey);
        }
        return request.post("/api/v2/generate/rate/" + requestId).then();
    }

    /** The research export's columns, in order, as the data card and the README document them (schema version 1). */
    private static final List<String> EXPORT_COLUMNS = List.of("rating_id", "image_id", "dataset_id", "dataset_name",
            "bucket", "object_key", "model", "rater_hash", "rating", "artifacts", "rated_at", "rater_kudos",
            "rater_account_age_seconds", "rater_images_generated", "rater_ratings_given", "rater_trusted",
            "rater_client_agent", "rater_seconds_since_previous", "rater_control_failed", "image_times_rated");

    /**
     * The scheduled export (every 2 s in the IT horde) holds exactly the accepted ratings: two raters' ratings are in
     * the next export's Parquet (read back by DuckDB, a reader independent of the writer) and a repeated rating is
     * not; once a moderator flags one rater, their rows are
     * gone from the following export. All through {@code /api/v1/download/...}.
     */
    @Test
    void theScheduledExportHoldsExactlyTheAcceptedRatings() throws Exception {
        // A client agent of this test's own: it finds this test's rows among every other IT's.
        String agent = "RatingExportIT:1:" + UUID.randomUUID();
        // Trusted users: accepted at once (a newly registered rater is held until judged, decision 0034).
        String liked = WorkerMatchingIT.key(WorkerMatchingIT.createUser(0, true, false));
        JsonPath dislikedUser = WorkerMatchingIT.createUser(0, true, false);
        String disliked = WorkerMatchingIT.key(dislikedUser);
        String first = given().get("/api/v1/rating/new").then().statusCode(200).extract().path("id");
        String second = given().get("/api/v1/rating/new").then().statusCode(200).extract().path("id");
        rate(liked, agent, first, "{\"rating\": 9, \"artifacts\": 0}", 10.0f);
        rate(disliked, agent, second, "{\"rating\": 2}", 5.0f);
        rate(liked, agent, first, "{\"rating\": 3}", 0.0f); // a repeat: kept, excluded, not exported

        List<Map<String, Object>> rows = awaitExportRows(agent, 2);
        assertEquals(List.of(2, 9), rows.stream().map(row -> ((Number) row.get("rating")).intValue()).sorted().toList());
        Map<String, Object> likedRow = rows.stream().filter(row -> ((Number) row.get("rating")).intValue() == 9)
                .findFirst().orElseThrow();
        assertEquals(first, likedRow.get("image_id"));
        assertEquals(0, ((Number) likedRow.get("artifacts")).intValue());
        assertEquals(64, likedRow.get("rater_hash").toString().length(), "the rater as a SHA-256, never an id");
        assertTrue(rows.stream().filter(row -> ((Number) row.get("rating")).intValue() == 2)
                .allMatch(row -> row.get("artifacts") == null));

        // The manifest and the data card are served too; an unknown name is the AI Horde's 404.
        JsonPath manifest = given().get("/api/v1/download/manifest.json").then().statusCode(200).extract().jsonPath();
        assertEquals(1, manifest.getInt("schema_version"));
        assertEquals("accepted", manifest.getString("filters.decision"));
        assertEquals(EXPORT_COLUMNS, manifest.getList("columns.name"));
        String card = given().get("/api/v1/download/datacard.md").then().statusCode(200).extract().asString();
        assertTrue(card.contains("1 = dislike … 10 = like") && card.contains("0 = flawless … 5 = garbage"), card);
        given().redirects().follow(false).get("/api/v1/download/part-999999.parquet").then().statusCode(404)
                .body("rc", equalTo("ThingNotFound"));

        // A moderator flags the second rater: their rows are shadow-excluded retroactively and disappear from the
        // next export (the integrity review applies the verdict at once).
        String moderator = WorkerMatchingIT.key(WorkerMatchingIT.createUser(0, true, true));
        given().header("apikey", moderator).contentType(ContentType.JSON).body("{\"verdict\": \"flagged\"}")
                .put("/api/v1/user/validate/" + dislikedUser.getLong("id")).then().statusCode(200);
        List<Map<String, Object>> after = awaitExportRows(agent, 1);
        assertEquals(9, ((Number) after.get(0).get("rating")).intValue());
    }

    private static void rate(String apikey, String agent, String imageId, String body, float reward) {
        given().header("apikey", apikey).header("Client-Agent", agent).contentType(ContentType.JSON).body(body)
                .post("/api/v1/rating/" + imageId).then().statusCode(200).body("reward", equalTo(reward));
    }

    /** Waits for an export whose rows of this client agent number {@code expected}; returns them. */
    static List<Map<String, Object>> awaitExportRows(String agent, int expected) {
        List<List<Map<String, Object>>> found = new ArrayList<>();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            List<Map<String, Object>> rows = exportRows(agent);
            found.clear();
            found.add(rows);
            return rows.size() == expected;
        });
        return found.get(0);
    }

    /** This agent's rows of the latest export's Parquet parts, fetched through the download route, read by DuckDB. */
    private static List<Map<String, Object>> exportRows(String agent) throws Exception {
        if (given().redirects().follow(false).get("/api/v1/download/manifest.json").statusCode() != 307) {
            return List.of();
        }
        JsonPath manifest = given().get("/api/v1/download/manifest.json").then().statusCode(200).extract().jsonPath();
        List<Map<String, Object>> rows = new ArrayList<>();
        Path dir = Files.createTempDirectory("rating-export");
        try (Connection duck = new org.duckdb.DuckDBDriver().connect("jdbc:duckdb:", new java.util.Properties()); Statement sql = duck.createStatement()) {
            for (String name : manifest.<String>getList("parts.parquet.name")) {
                Path part = dir.resolve(name);
                Files.write(part, given().get("/api/v1/download/" + name).then().statusCode(200).extract().asByteArray());
                List<String> columns = new ArrayList<>();
                try (ResultSet described = sql.executeQuery("describe select * from read_parquet('" + part + "')")) {
                    while (described.next()) {
                        columns.add(described.getString("column_name"));
                    }
                }
                assertEquals(EXPORT_COLUMNS, columns, "the documented columns, in order");
                try (ResultSet result = sql.executeQuery("select * from read_parquet('" + part + "') "
                        + "where rater_client_agent = '" + agent + "'")) {
                    while (result.next()) {
                        Map<String, Object> row = new java.util.HashMap<>();
                        for (String column : columns) {
                            row.put(column, result.getObject(column));
                        }
                        rows.add(row);
                    }
                }
                Files.delete(part);
            }
        } finally {
            Files.deleteIfExists(dir);
        }
        return rows;
    }
}
