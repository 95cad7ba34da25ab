package org.openhorde.gateway.messaging;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openhorde.contracts.Topics;

/**
 * Pins that the gateway starts with the shipped default, an empty {@code horde.topic-prefix} ({@code ./horde up}'s
 * horde). Every other test and IT runs with a prefix, so nothing else would notice that an empty value, which the
 * configuration treats as missing, fails an injection that requires a value (the gateway once exited at start so).
 */
@QuarkusTest
@TestProfile(UnprefixedTopicsTest.Unprefixed.class)
class UnprefixedTopicsTest {

    /** The production value: the properties' {@code horde.topic-prefix=} (and the test profile's, emptied too). */
    public static class Unprefixed implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("horde.topic-prefix", "", "%test.horde.topic-prefix", "");
        }
    }

    @Inject
    UserChangesListener userChanges;

    @Test
    void theGatewayStartsAndFollowsTheUnprefixedTopics() {
        assertEquals(Topics.USERS_CHANGED, userChanges.topic());
        given().get("/q/health/live").then().statusCode(200);
    }
}
