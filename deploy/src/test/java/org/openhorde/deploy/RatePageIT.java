package org.openhorde.deploy;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * The gateway's {@code /rate} page in a real browser (Debian's Chromium through playwright-core,
 * {@code rate-page.mjs}) on the shared horde: anonymous it shows an image; with an API key typed in, one image is
 * rated by clicks and the next by keyboard, the page shows the 20 kudos earned, the ratings are stored as given and
 * the rater is paid through the ledger; the screenshot of the image's box shows a rendered picture.
 */
class RatePageIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    @Test
    void aRaterRatesTwoImagesByClickAndByKeyboard() throws Exception {
        assertTrue(Files.isExecutable(CHROMIUM), "Chromium is needed at " + CHROMIUM + " (./horde test installs it)");
        RunningHorde horde = RunningHorde.get();
        RestAssured.baseURI = horde.gatewayUrl();
        long started = System.nanoTime();
        // A trusted user: accepted (and paid) at once; a newly registered rater's ratings are held until the integrity
        // review judged them (decision 0034, RatingIntegrityIT).
        String rater = WorkerMatchingIT.key(WorkerMatchingIT.createUser(0, true, false));
        String alias = given().header("apikey", rater).get("/api/v2/find_user").then().statusCode(200)
                .extract().jsonPath().getString("username");
        // The sample dataset, drawn at the horde's first start: pictures with gradients, never a flat test image.
        String dataset = await().atMost(Duration.ofSeconds(30)).until(() -> sampleDataset(), id -> id != null);
        given().get("/rate").then().statusCode(200).contentType("text/html");

        Path screenshot = horde.root().resolve("deploy/target/rate-page-image.png");
        Files.deleteIfExists(screenshot);
        Map<String, String> env = new HashMap<>();
        env.put("HORDE_URL", horde.gatewayUrl());
        env.put("RATER_KEY", rater);
        env.put("DATASET_ID", dataset);
        env.put("SCREENSHOT", screenshot.toString());
        env.put("CHROMIUM", CHROMIUM.toString());
        NodeScripts.Outcome browser = NodeScripts.runScript(horde.root(), "rate-page.mjs", env, Duration.ofSeconds(60));
        assertTrue(browser.succeeded(), "the browser script failed:\n" + browser.output());
        System.out.println("RatePageIT browser script:\n" + browser.output());
        String resultLine = browser.output().lines().filter(l -> l.startsWith("result ")).reduce((a, b) -> b)
                .orElseThrow();
        JsonNode result = JSON.readTree(resultLine.substring("result ".length()));
        String first = result.path("first").asText();
        String second = result.path("second").asText();
        assertNotEquals(first, second, "the page moves on to another image");
        assertEquals(20.0, result.path("kudos").asDouble(), "5 + 5 for each rating with artifacts, as the page shows");

        assertRatedBy(first, alias, 8, 2);
        assertRatedBy(second, alias, 6, 1);
        await().atMost(Duration.ofSeconds(30)).until(() -> ImageRequests.kudosOf(rater) == 20.0);
        assertImageRendered(screenshot);
        System.out.printf("RatePageIT: %.1f s on the running horde (npm install included when it ran)%n",
                (System.nanoTime() - started) / 1e9);
    }

    private static String sampleDataset() {
        List<Map<String, Object>> datasets = given().get("/api/v1/datasets").then().statusCode(200).extract()
                .jsonPath().getList("$");
        return datasets.stream().filter(d -> "openhorde-sample".equals(d.get("name"))
                        && ((Number) d.get("image_count")).intValue() > 2)
                .map(d -> (String) d.get("id")).findFirst().orElse(null);
    }

    private static void assertRatedBy(String imageId, String alias, int rating, int artifacts) {
        JsonPath ratings = given().get("/api/v1/image/ratings/" + imageId).then().statusCode(200).extract().jsonPath();
        List<Map<String, Object>> mine = ratings.getList("ratings.findAll { it.username == '" + alias + "' }");
        assertEquals(1, mine.size(), "one rating of " + imageId + " by " + alias + ": " + ratings.prettify());
        assertEquals(rating, mine.get(0).get("rating"));
        assertEquals(artifacts, mine.get(0).get("artifacts"));
    }

    /** The image's box holds a picture: many colours (the sample's gradients), no single colour almost everywhere. */
    private static void assertImageRendered(Path screenshot) throws IOException {
        assertTrue(Files.isRegularFile(screenshot), "the browser wrote " + screenshot);
        BufferedImage image = ImageIO.read(screenshot.toFile());
        assertTrue(image.getWidth() >= 200 && image.getHeight() >= 200, image.getWidth() + "x" + image.getHeight());
        Map<Integer, Integer> counts = new HashMap<>();
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                counts.merge(image.getRGB(x, y) & 0xFFFFFF, 1, Integer::sum);
            }
        }
        int pixels = image.getWidth() * image.getHeight();
        int commonest = counts.values().stream().max(Integer::compare).orElse(0);
        assertTrue(counts.size() >= 32, "only " + counts.size() + " distinct colours in " + screenshot);
        assertTrue(commonest < pixels * 0.9, "one colour covers " + (100L * commonest / pixels) + " % of " + screenshot);
    }
}
