package org.openhorde.deploy;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Rating integrity over the running services (issue 17, decision 0034): the bench's short rating community (honest
 * raters and scripted ones of five kinds, over the public API) rates the sample dataset; afterwards random and
 * constant raters are shadow-excluded (gone from every image's ratings and averages), honest raters stay,
 * every image's figures match its accepted ratings, moderators see why, and a moderator's flag takes a rater's
 * ratings out at the next review. Behaviours only; the figures are the bench's to print.
 */
class RatingIntegrityIT {

    /** The bench's Client-Agent: the export's rows of this community. */
    private static final String BENCH_AGENT = "openhorde-bench:1:rating-community";

    private static RunningHorde horde;

    @BeforeAll
    static void startHorde() {
        horde = RunningHorde.get();
        RestAssured.baseURI = horde.gatewayUrl();
    }

    @Test
    void aSimulatedCommunityKeepsHonestRatersAndShadowExcludesScriptedOnes() throws Exception {
        Path benchJar = horde.root().resolve("bench/target/bench.jar");
        assertTrue(Files.isRegularFile(benchJar), "package the bench first: " + benchJar);
        Path json = horde.home().resolve("rating-community.json");
        Path log = horde.home().resolve("logs").resolve("rating-community.log");
        Files.deleteIfExists(json);
        Files.createDirectories(log.getParent());
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-jar", benchJar.toString(), "--rating-community", "--horde-url", horde.gatewayUrl(),
                "--json-out", json.toString()));
        // -Drating.community.args="--raters 100" runs a full community on the IT horde instead of the short one
        // (the README's figures); CI runs the short one.
        String full = System.getProperty("rating.community.args", "").strip();
        command.addAll(full.isEmpty() ? List.of("--short", "--look-ms", "400,600", "--settle", "5") : List.of(full.split("\\s+")));
        Process bench = new ProcessBuilder(command)
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertTrue(bench.waitFor(full.isEmpty() ? 2 : 15, TimeUnit.MINUTES), "the short community ends by itself");
        String output = Files.readString(log);
        System.out.println(output);
        assertEquals(0, bench.exitValue(), output);
        assertTrue(output.contains("honest ratings kept"), output);
        JsonNode report = new ObjectMapper().readTree(json.toFile());

        // Random, constant and colluding raters end shadow-excluded whatever the machine's load; fast clickers are
        // caught by time and copiers only once averages exist, which a loaded machine blurs: the bench reports
        // them, the IT does not assert them.
        Set<String> excludedKinds = Set.of("random", "constant", "colluder");
        List<String> vanished = new ArrayList<>();
        JsonNode honest = null;
        JsonNode constant = null;
        for (JsonNode rater : report.path("rater_figures")) {
            String kind = rater.path("kind").asText();
            if (excludedKinds.contains(kind)) {
                assertEquals(0, rater.path("kept").asInt(), "a " + kind + " rater ends excluded: " + rater);
                vanished.add(rater.path("alias").asText());
                if (kind.equals("constant")) {
                    constant = rater;
                }
            }
            if (kind.equals("honest") && rater.path("kept").asInt() > 0) {
                honest = rater;
            }
        }
        assertTrue(report.path("honest_kept_share").asDouble() >= 0.8,
                "honest raters stay accepted (the bench prints the exact share): " + output);
        assertTrue(honest != null && constant != null, report.toPrettyString());

        // The next research export holds exactly the community's accepted ratings (the bench's client agent marks its
        // rows): the shadow-excluded raters' ratings are not in it.
        int keptTotal = 0;
        for (JsonNode rater : report.path("rater_figures")) {
            keptTotal += rater.path("kept").asInt();
        }
        RatingIT.awaitExportRows(BENCH_AGENT, keptTotal);

        // Every rated image's figures are its accepted ratings: excluded raters vanished from the averages too.
        Set<String> imagesRated = new HashSet<>();
        report.path("images").forEach(image -> imagesRated.add(image.asText()));
        assertFalse(imagesRated.isEmpty(), report.toPrettyString());
        for (String image : imagesRated) {
            assertFiguresMatchAcceptedRatings(image, vanished);
        }

        // Moderators see why; others are refused.
        String moderator = WorkerMatchingIT.key(WorkerMatchingIT.createUser(0, false, true));
        String nobody = WorkerMatchingIT.key(WorkerMatchingIT.createUser(0, false, false));
        long constantId = constant.path("id").asLong();
        given().header("apikey", nobody).get("/api/v1/user/check/" + constantId).then().statusCode(403)
                .body("rc", equalTo("NotModerator"));
        JsonPath check = given().header("apikey", moderator).get("/api/v1/user/check/" + constantId)
                .then().statusCode(200).extract().jsonPath();
        assertEquals("unreliable", check.getString("status"), check.prettify());
        assertTrue(check.getString("reason").startsWith("constant answers"), check.prettify());
        assertEquals(0, check.getInt("decisions.accepted"), check.prettify());
        JsonPath validation = given().header("apikey", moderator).get("/api/v1/user/validate/" + constantId)
                .then().statusCode(200).extract().jsonPath();
        List<Map<String, Object>> ratings = validation.getList("ratings");
        assertFalse(ratings.isEmpty(), validation.prettify());
        for (Map<String, Object> rating : ratings) {
            assertEquals("excluded", rating.get("decision"), rating.toString());
            assertTrue(String.valueOf(rating.get("reason")).startsWith("shadow-excluded: "), rating.toString());
        }
        given().header("apikey", moderator).queryParam("rating_comparison", "gt")
                .get("/api/v1/user/ratings/").then().statusCode(400).body("rc", equalTo("BadRequest"));

        // A moderator's flag takes an honest-looking rater's ratings out at the next review.
        long honestId = honest.path("id").asLong();
        String honestAlias = honest.path("alias").asText();
        given().header("apikey", moderator).contentType(ContentType.JSON).body("{\"verdict\": \"flagged\"}")
                .put("/api/v1/user/validate/" + honestId).then().statusCode(200).body("verdict", equalTo("flagged"));
        await().atMost(Duration.ofSeconds(30)).until(() -> given().header("apikey", moderator)
                .get("/api/v1/user/check/" + honestId).then().extract().jsonPath().getInt("decisions.accepted") == 0);
        for (String image : imagesRated) {
            assertFiguresMatchAcceptedRatings(image, List.of(honestAlias));
        }
        // ... and from the next export.
        RatingIT.awaitExportRows(BENCH_AGENT, keptTotal - honest.path("kept").asInt());
    }

    private static void assertFiguresMatchAcceptedRatings(String image, List<String> absent) {
        JsonPath figures = given().get("/api/v1/image/ratings/" + image).then().statusCode(200).extract().jsonPath();
        List<Integer> values = figures.getList("ratings.rating", Integer.class);
        assertEquals(values.size(), figures.getInt("times_rated"), figures.prettify());
        double mean = values.isEmpty() ? 0 : values.stream().mapToInt(Integer::intValue).average().orElse(0);
        assertEquals(mean, figures.getDouble("average"), 1e-6, figures.prettify());
        for (String name : figures.getList("ratings.username", String.class)) {
            assertFalse(absent.contains(name), name + " was excluded yet still rates " + image);
        }
    }
}
