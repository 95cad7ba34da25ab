package org.openhorde.storage.messaging;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openhorde.contracts.ObjectKeys;
import org.openhorde.contracts.Topics;
import org.openhorde.contracts.events.ImageParams;
import org.openhorde.contracts.events.ImageRequestSpec;
import org.openhorde.contracts.events.JobCompleted;
import org.openhorde.contracts.events.JobOutcome;
import org.openhorde.contracts.events.JobSubmitted;
import org.openhorde.contracts.events.Requester;
import org.openhorde.contracts.events.WorkerRef;
import org.openhorde.storage.S3Http;
import org.openhorde.storage.TestImages;
import org.openhorde.storage.TestKafka;
import org.openhorde.storage.repository.ObjectStore;
import org.openhorde.storage.service.ManifestExporter;
import org.openhorde.storage.service.RetentionSweeper;

/**
 * Pins the shared dataset end to end over the real Kafka, S3 and PostgreSQL: a shared delivery is copied into the
 * shared bucket with its sidecar and announced once; an unshared one and one with a source image (even marked
 * shared) are not; the manifest lists every shared image; retention deletes the transient generation, never the
 * shared copy.
 */
@QuarkusTest
class SharingTest {

    private static final String SHARED = "test-shared";
    private static final String GENERATIONS = "test-generations";

    @Inject
    ObjectMapper json;

    @Inject
    ObjectStore store;

    @Inject
    ManifestExporter exporter;

    @Inject
    RetentionSweeper sweeper;

    @ConfigProperty(name = "horde.topic-prefix")
    String topicPrefix;

    private TestKafka kafka;

    @BeforeEach
    void open() {
        kafka = new TestKafka(json, topicPrefix);
    }

    @AfterEach
    void close() {
        kafka.close();
    }

    private static ImageRequestSpec spec(String prompt, boolean sharedRequested, UUID sourceOf) {
        ImageParams params = new ImageParams("k_dpmpp_2m", new BigDecimal("6.5"), null, null, 576, 448, 22, 1,
                "777", null, false, false, false, null, null, List.of("RealESRGAN_x4plus"), List.of(), List.of(),
                null, false, false, false);
        return new ImageRequestSpec(prompt, params, List.of("stable_diffusion"), false, false, false, true,
                List.of(), false, true, sharedRequested, sourceOf == null ? "img2img" : "inpainting",
                sourceOf == null ? null : ObjectKeys.sourceImage(sourceOf), null, true, false, false, null);
    }

    /** Publishes the request, uploads the job's image as a worker does, and publishes the delivery. */
    private byte[] deliver(UUID requestId, UUID jobId, ImageRequestSpec spec, boolean shared) throws Exception {
        Requester requester = new Requester(41, "sharer#41", false, false, 5_000, true, 17L);
        kafka.publish(Topics.JOBS_SUBMITTED, JobSubmitted.of(requestId, requester, spec, List.of(jobId), 1000,
                shared ? 100 : 300, shared, "sharing-test:1:me"));
        byte[] image = TestImages.png(6, 6, jobId.hashCode());
        String url = given().contentType("application/json").body("{\"jobIds\":[\"" + jobId + "\"]}")
                .post("/internal/generations/upload-urls").then().statusCode(200).extract().path("urls[0]");
        assertEquals(200, S3Http.put(url, image).statusCode());
        kafka.publish(Topics.JOBS_COMPLETED, JobCompleted.of(requestId, jobId, JobOutcome.DELIVERED,
                new Requester(41, "sharer#41", false, false, 5_000), new WorkerRef(UUID.randomUUID(), "w", 9),
                "stable_diffusion", "777", 1000, shared ? 100 : 300, shared, spec, ObjectKeys.generation(jobId)));
        return image;
    }

    private List<JsonNode> events(String topic, UUID jobId) throws Exception {
        return kafka.readAll(topic).stream().filter(e -> jobId.toString().equals(e.path("jobId").asText())).toList();
    }

    private void awaitStored(UUID jobId) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .until(() -> events(Topics.IMAGES_STORED, jobId), found -> !found.isEmpty());
    }

    private Optional<byte[]> object(String bucket, String key) {
        return store.get(bucket, key).await().indefinitely();
    }

    @Test
    void aSharedDeliveryIsCopiedWithItsSidecarAnnouncedAndListedInTheManifest() throws Exception {
        UUID requestId = UUID.randomUUID();
        UUID jobId = UUID.randomUUID();
        byte[] image = deliver(requestId, jobId, spec("a lighthouse at dusk ### blurry, text", true, null), true);

        List<JsonNode> shared = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .until(() -> events(Topics.IMAGES_SHARED, jobId), found -> !found.isEmpty());
        assertEquals(1, shared.size());
        assertEquals(SHARED, shared.get(0).path("bucket").asText());
        assertEquals(jobId + ".webp", shared.get(0).path("objectKey").asText());
        assertEquals(jobId + ".json", shared.get(0).path("sidecarKey").asText());
        assertArrayEquals(image, object(SHARED, jobId + ".webp").orElseThrow());

        JsonNode sidecar = json.readTree(new String(object(SHARED, jobId + ".json").orElseThrow(),
                StandardCharsets.UTF_8));
        assertEquals(jobId.toString(), sidecar.path("id").asText());
        assertEquals(requestId.toString(), sidecar.path("request_id").asText());
        assertEquals("a lighthouse at dusk", sidecar.path("prompt").asText());
        assertEquals("blurry, text", sidecar.path("negative_prompt").asText());
        assertEquals(576, sidecar.path("width").asInt());
        assertEquals(448, sidecar.path("height").asInt());
        assertEquals(22, sidecar.path("steps").asInt());
        assertEquals("k_dpmpp_2m", sidecar.path("sampler").asText());
        assertEquals(6.5, sidecar.path("cfg").asDouble());
        assertEquals(false, sidecar.path("karras").asBoolean());
        assertEquals("RealESRGAN_x4plus", sidecar.path("post_processing").get(0).asText());
        assertEquals("stable_diffusion", sidecar.path("model").asText());
        assertEquals("777", sidecar.path("seed").asText());
        assertEquals("pseudonymous", sidecar.path("user_type").asText());
        assertEquals(17, sidecar.path("images_requested").asLong());
        assertEquals(false, sidecar.path("censored").asBoolean());
        assertTrue(sidecar.path("created_at").asText().matches("\\d{4}-\\d\\d-\\d\\dT.*Z"), sidecar.toString());

        // The manifest: export until nothing is left, then find the image in a part the index lists.
        await().atMost(Duration.ofSeconds(30)).until(() -> exporter.exportPart().await().indefinitely() == 0);
        JsonNode index = json.readTree(object(SHARED, "manifest/index.json").orElseThrow());
        assertEquals(1, index.path("format_version").asInt());
        boolean listed = false;
        long rows = 0;
        for (JsonNode part : index.path("parts")) {
            rows += part.path("rows").asLong();
            assertTrue(object(SHARED, part.path("parquet").asText()).isPresent());
            String jsonl = new String(object(SHARED, part.path("jsonl").asText()).orElseThrow(), StandardCharsets.UTF_8);
            for (String line : jsonl.split("\n")) {
                JsonNode row = json.readTree(line);
                if (row.path("id").asText().equals(jobId.toString())) {
                    listed = true;
                    assertEquals(jobId + ".webp", row.path("image_key").asText());
                    assertEquals(jobId + ".json", row.path("sidecar_key").asText());
                    assertEquals("a lighthouse at dusk", row.path("prompt").asText());
                    assertEquals("pseudonymous", row.path("user_type").asText());
                }
            }
        }
        assertTrue(listed, "the shared image is in the manifest");
        assertEquals(index.path("total_rows").asLong(), rows);

        // Retention removes the transient generation; the shared copy and its sidecar stay.
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() -> {
            sweeper.sweepBatch().await().indefinitely();
            return object(GENERATIONS, jobId + ".webp").isEmpty();
        });
        assertArrayEquals(image, object(SHARED, jobId + ".webp").orElseThrow());
        assertTrue(object(SHARED, jobId + ".json").isPresent());
        // What storage recorded stays readable, and reading the deleted image inline says so instead of failing.
        given().contentType("application/json").body("{\"jobIds\":[\"" + jobId + "\"]}")
                .post("/internal/generations/base64").then().statusCode(200)
                .body("images[0].base64", nullValue())
                .body("images[0].url", nullValue());
    }

    @Test
    void unsharedAndSourceImageDeliveriesNeverReachTheSharedBucket() throws Exception {
        UUID requestId = UUID.randomUUID();
        UUID privateJob = UUID.randomUUID();
        deliver(requestId, privateJob, spec("a private cat", false, null), false);
        // An img2img request that an event wrongly marks shared: a source image is never shared, whatever it says.
        UUID img2imgRequest = UUID.randomUUID();
        UUID img2imgJob = UUID.randomUUID();
        deliver(img2imgRequest, img2imgJob, spec("my holiday photo", true, img2imgRequest), true);

        awaitStored(privateJob);
        awaitStored(img2imgJob);
        assertEquals(List.of(), events(Topics.IMAGES_SHARED, privateJob));
        assertEquals(List.of(), events(Topics.IMAGES_SHARED, img2imgJob));
        assertTrue(object(SHARED, privateJob + ".webp").isEmpty());
        assertTrue(object(SHARED, img2imgJob + ".webp").isEmpty());
        assertTrue(object(SHARED, img2imgJob + ".json").isEmpty());
    }
}
