package org.openhorde.deploy;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Pins, over the running services and real Kafka, that the gateway's cache of verified keys never serves a stale
 * trust: a trust change made through kudos-service's API reaches the gateway as a {@code UserChanged} event within
 * moments (long before the cache's re-read or time to live could), and every call after that sees it.
 */
class KeyCacheIT {

    private static final Pattern USER_CHANGES =
            Pattern.compile("horde_gateway_user_changes_total\\{change=\"trust\"[^}]*}\\s+([0-9.eE+]+)");
    private static final long EVENT_DEADLINE_MS = 1500;

    private static RunningHorde horde;
    private final List<String> queued = new ArrayList<>();

    @BeforeAll
    static void startHorde() {
        horde = RunningHorde.get();
        RestAssured.baseURI = horde.gatewayUrl();
    }

    @AfterEach
    void cancelQueued() {
        queued.forEach(id -> given().delete("/api/v2/generate/status/" + id));
    }

    @Test
    void aTrustChangeIsSeenByTheNextCallsThroughItsEvent() {
        JsonPath user = WorkerMatchingIT.createUser(1000, false, false);
        String key = WorkerMatchingIT.key(user);
        long userId = user.getLong("id");
        String model = "keycache-" + UUID.randomUUID().toString().substring(0, 8);

        // Untrusted: unbatched images are refused. The first call verifies the key, the second is served cached.
        Response first = unbatched(key, model);
        assertEquals(400, first.statusCode(), first.asString());
        assertEquals("RequiresTrust", unbatched(key, model).jsonPath().getString("rc"));
        double changesBefore = trustChangesSeen();

        changeTrust(userId, true);
        long seenAfterMs = awaitStatus(key, model, 202);
        assertTrue(seenAfterMs < EVENT_DEADLINE_MS, "trusted after " + seenAfterMs + " ms");
        assertTrue(trustChangesSeen() > changesBefore, "the gateway consumed the UserChanged event");
        for (int i = 0; i < 3; i++) {
            assertEquals(202, unbatched(key, model).statusCode(), "no stale 'untrusted' comes back");
        }

        changeTrust(userId, false);
        long untrustedAfterMs = awaitStatus(key, model, 400);
        assertTrue(untrustedAfterMs < EVENT_DEADLINE_MS, "untrusted after " + untrustedAfterMs + " ms");
        for (int i = 0; i < 3; i++) {
            assertEquals("RequiresTrust", unbatched(key, model).jsonPath().getString("rc"),
                    "no stale 'trusted' comes back");
        }
        System.out.printf("trust change visible at the gateway after %d ms (trusted) and %d ms (untrusted)%n",
                seenAfterMs, untrustedAfterMs);
    }

    /** Calls until the status appears; returns how long after the call started it did. */
    private long awaitStatus(String key, String model, int status) {
        long start = System.nanoTime();
        while (true) {
            Response response = unbatched(key, model);
            if (response.statusCode() == status) {
                return (System.nanoTime() - start) / 1_000_000;
            }
            if ((System.nanoTime() - start) / 1_000_000 > 20_000) {
                throw new AssertionError("still HTTP " + response.statusCode() + " after 20 s: " + response.asString());
            }
        }
    }

    /** Two images with batching disabled: only a trusted user may ask for that. */
    private Response unbatched(String key, String model) {
        String body = WorkerMatchingIT.json(Map.of("prompt", "a lighthouse on a cliff", "models", List.of(model),
                "nsfw", false, "r2", true, "shared", false, "disable_batching", true,
                "params", Map.of("sampler_name", "k_euler_a", "n", 2, "width", 512, "height", 512, "steps", 10)));
        Response response = given().header("apikey", key).contentType(ContentType.JSON).body(body)
                .post("/api/v2/generate/async");
        if (response.statusCode() == 202) {
            queued.add(response.jsonPath().getString("id"));
        }
        return response;
    }

    private static void changeTrust(long userId, boolean trusted) {
        given().contentType(ContentType.JSON)
                .body(WorkerMatchingIT.json(Map.of("trusted", trusted, "byUserId", 1)))
                .put(horde.serviceUrl(2) + "/internal/users/" + userId + "/trust")
                .then().statusCode(200);
    }

    private static double trustChangesSeen() {
        Matcher matcher = USER_CHANGES.matcher(given().get("/q/metrics").asString());
        return matcher.find() ? Double.parseDouble(matcher.group(1)) : 0;
    }
}
