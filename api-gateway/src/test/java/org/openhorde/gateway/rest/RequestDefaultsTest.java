package org.openhorde.gateway.rest;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/**
 * Pins the defaults a client omitting a field gets, through the real request path: the AI Horde's request parser
 * defaults (not its swagger's) for {@code POST /generate/async}, as the {@code JobSubmitted} handed to job-service carries them,
 * and for {@code POST /generate/pop}, as job-service receives the pop.
 */
@QuarkusTest
@WithTestResource(InternalServicesStub.class)
class RequestDefaultsTest {

    /** Field of the published spec → what an omitted field becomes (AI Horde parsers and waiting prompt). */
    private static final Map<String, Object> ASYNC_DEFAULTS = asyncDefaults();

    /** Field of the pop job-service receives → what an omitted field becomes (AI Horde pop parsers). */
    private static final Map<String, Object> POP_DEFAULTS = popDefaults();

    @Inject
    ObjectMapper json;

    private static Map<String, Object> asyncDefaults() {
        Map<String, Object> defaults = new LinkedHashMap<>();
        defaults.put("nsfw", true);
        defaults.put("censorNsfw", true);
        defaults.put("models", "[\"stable_diffusion\"]");
        defaults.put("trustedWorkers", false);
        defaults.put("slowWorkers", true);
        defaults.put("workers", "[]");
        defaults.put("workerBlacklist", false);
        defaults.put("r2", true);
        defaults.put("sharedRequested", false);
        defaults.put("sourceProcessing", "img2img");
        defaults.put("replacementFilter", true);
        defaults.put("allowDowngrade", false);
        defaults.put("disableBatching", false);
        defaults.put("params.n", 1);
        defaults.put("params.width", 512);
        defaults.put("params.height", 512);
        defaults.put("params.steps", 30);
        defaults.put("params.samplerName", "k_euler_a");
        defaults.put("params.cfgScale", 5.0);
        defaults.put("params.karras", true);
        defaults.put("params.tiling", false);
        defaults.put("params.hiresFix", false);
        defaults.put("params.postProcessing", "[]");
        defaults.put("params.loras", "[]");
        defaults.put("params.tis", "[]");
        defaults.put("params.transparent", false);
        return defaults;
    }

    private static Map<String, Object> popDefaults() {
        Map<String, Object> defaults = new LinkedHashMap<>();
        defaults.put("nsfw", true);
        defaults.put("priorityUsernames", "[]");
        defaults.put("bridgeAgent", "unknown:0:unknown");
        defaults.put("threads", 1);
        defaults.put("requireUpfrontKudos", false);
        defaults.put("amount", 1);
        defaults.put("maxPixels", 512 * 512);
        defaults.put("blacklist", "[]");
        defaults.put("allowImg2img", true);
        defaults.put("allowPainting", true);
        defaults.put("allowUnsafeIpaddr", true);
        defaults.put("allowPostProcessing", true);
        defaults.put("allowControlnet", false);
        defaults.put("allowSdxlControlnet", false);
        defaults.put("allowLora", false);
        defaults.put("extraSlowWorker", false);
        defaults.put("limitMaxSteps", false);
        return defaults;
    }

    @Test
    void anAsyncRequestOmittingEveryOptionalFieldGetsTheAiHordeParserDefaults() throws Exception {
        String apikey = "stub:" + ThreadLocalRandom.current().nextLong(1_000_000, 1_000_000_000) + ":10000000:30";
        String requestId = given().contentType(ContentType.JSON).header("apikey", apikey)
                .body("{\"prompt\":\"the defaults of a lighthouse\"}")
                .post("/api/v2/generate/async").then().statusCode(202).extract().jsonPath().getString("id");

        JsonNode spec = published(requestId).get("spec");
        ASYNC_DEFAULTS.forEach((field, expected) -> assertField(spec, field, expected));
    }

    @Test
    void aPopOmittingEveryOptionalFieldReachesJobServiceWithTheAiHordeParserDefaults() throws Exception {
        String name = "defaults-worker-" + UUID.randomUUID();
        String apikey = "stub:" + ThreadLocalRandom.current().nextLong(1_000_000, 1_000_000_000) + ":0:30";
        given().contentType(ContentType.JSON).header("apikey", apikey)
                .body("{\"name\":\"" + name + "\",\"models\":[\"stable_diffusion\"]}")
                .post("/api/v2/generate/pop").then().statusCode(200);

        Optional<String> received = InternalServicesStub.POPS.stream().filter(body -> body.contains(name))
                .findFirst();
        assertTrue(received.isPresent(), "job-service received the pop");
        JsonNode pop = json.readTree(received.get()).get("pop");
        POP_DEFAULTS.forEach((field, expected) -> assertField(pop, field, expected));
    }

    /** The request as the gateway handed it to job-service for queueing. */
    private JsonNode published(String requestId) {
        String queued = InternalServicesStub.QUEUED.get(UUID.fromString(requestId));
        assertTrue(queued != null, "job-service was asked to queue the request");
        try {
            return json.readTree(queued);
        } catch (IOException unreadable) {
            throw new AssertionError("the queued JobSubmitted is not JSON", unreadable);
        }
    }

    /** Compares a (dotted) field with its default: numbers by value, lists by their JSON text. */
    private static void assertField(JsonNode root, String field, Object expected) {
        JsonNode node = root;
        for (String part : field.split("\\.")) {
            node = node.path(part);
        }
        String message = field + " in " + root;
        if (expected instanceof Boolean flag) {
            assertTrue(node.isBoolean(), message);
            assertEquals(flag, node.booleanValue(), message);
        } else if (expected instanceof Number number) {
            assertTrue(node.isNumber(), message);
            assertEquals(0, node.decimalValue().compareTo(new BigDecimal(number.toString())), message);
        } else if (expected instanceof String text && text.startsWith("[")) {
            assertEquals(text, node.toString(), message);
        } else {
            assertEquals(expected, node.asText(), message);
        }
    }
}
