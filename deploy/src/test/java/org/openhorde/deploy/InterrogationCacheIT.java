package org.openhorde.deploy;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Pins the interrogation result cache end to end, as the AI Horde keeps it: a second interrogation of the same https
 * URL with the same form is done at intake, with the first one's result, no worker and no charge (ledger audit). The
 * source is served by a local HTTPS server the IT horde is configured to trust and reach ({@link LocalHttpsSource}).
 */
class InterrogationCacheIT {

    @BeforeAll
    static void startHorde() {
        RestAssured.baseURI = RunningHorde.get().gatewayUrl();
    }

    private static String interrogate(String apikey, String sourceUrl, String form) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("forms", List.of(Map.of("name", form)));
        body.put("source_image", sourceUrl);
        body.put("slow_workers", false);
        return given().header("apikey", apikey).contentType(ContentType.JSON).body(WorkerMatchingIT.json(body))
                .post("/api/v2/interrogate/async").then().statusCode(202).extract().jsonPath().getString("id");
    }

    private static double kudosOf(String apikey) {
        return given().header("apikey", apikey).get("/api/v2/find_user")
                .then().statusCode(200).extract().jsonPath().getDouble("kudos");
    }

    @Test
    void aSecondInterrogationOfTheSameUrlAndFormIsDoneAtOnceWithoutWorkerOrCharge() {
        String requester = WorkerMatchingIT.key(WorkerMatchingIT.createUser(1000, false, false));
        String owner = WorkerMatchingIT.key(WorkerMatchingIT.createUser(0, false, false));
        String form = "interrogation";
        try (LocalHttpsSource source = LocalHttpsSource.serving(ImageRequests.png())) {
            String url = source.url("/" + WorkerMatchingIT.unique("lighthouse-") + ".png");

            String first = interrogate(requester, url, form);
            JsonPath popped = InterrogationIT.pop(owner, WorkerMatchingIT.unique("cache-alchemist-"), List.of(form), 1)
                    .statusCode(200).extract().jsonPath();
            String formId = popped.getString("forms[0].id");
            Map<String, Object> result = Map.of(form, Map.of("tags",
                    List.of(Map.of("text", "lighthouse", "confidence", 0.87))));
            InterrogationIT.submit(owner, formId, result, "ok").statusCode(200);
            assertEquals("done", InterrogationIT.status(first).getString("state"), "the popped form was this test's");
            // 3 kudos for the form + 1 horde tax (slow_workers off).
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300))
                    .until(() -> kudosOf(requester) == 996.0);

            String second = interrogate(requester, url, form);
            JsonPath cached = InterrogationIT.status(second);
            assertEquals("done", cached.getString("state"), "done at intake: " + cached.prettify());
            assertEquals("done", cached.getString("forms[0].state"));
            assertEquals("lighthouse", cached.getString("forms[0].result." + form + ".tags[0].text"));
            LedgerAuditor.assertSettledLedgerHolds(RunningHorde.get().serviceUrl(2));
            assertEquals(996.0, kudosOf(requester), "the cached interrogation costs nothing");
            System.out.printf("InterrogationCacheIT: the local https source was fetched %d times%n", source.served());
        }
    }
}
