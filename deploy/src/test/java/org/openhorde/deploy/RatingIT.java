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
import java.time.Duration;
import java.util.List;
import java.util.Map;
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
        String rater = ImageRequests.registeredUser();
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
        String clientRater = ImageRequests.registeredUser();
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
}
