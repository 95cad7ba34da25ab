package org.openhorde.storage.messaging;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openhorde.contracts.ObjectKeys;
import org.openhorde.contracts.Topics;
import org.openhorde.contracts.events.ImageStored;
import org.openhorde.contracts.events.JobCompleted;
import org.openhorde.contracts.events.JobOutcome;
import org.openhorde.contracts.events.Requester;
import org.openhorde.contracts.events.WorkerRef;
import org.openhorde.storage.S3Http;
import org.openhorde.storage.TestImages;

/**
 * Pins what a completed job does here, end to end over the real Kafka, S3 store and PostgreSQL: an uploaded image is
 * recorded STORED and announced once; a missing one is recorded MISSING and not announced; replays change nothing.
 */
@QuarkusTest
class ImageVerificationTest {

    private static final String BOOTSTRAP = "127.0.0.1:9092";

    @ConfigProperty(name = "horde.topic-prefix")
    String topicPrefix;

    @Inject
    ObjectMapper json;

    @Inject
    MeterRegistry metrics;

    private KafkaProducer<String, String> producer;

    @BeforeEach
    void openProducer() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
    }

    @AfterEach
    void closeProducer() {
        producer.close();
    }

    private static JobCompleted delivered(UUID requestId, UUID jobId) {
        return completed(requestId, jobId, JobOutcome.DELIVERED, ObjectKeys.generation(jobId));
    }

    private static JobCompleted completed(UUID requestId, UUID jobId, JobOutcome outcome, String generationKey) {
        return JobCompleted.of(requestId, jobId, outcome, new Requester(7, "requester#7", false, false, 10_000),
                new WorkerRef(UUID.randomUUID(), "worker", 8), "stable_diffusion", "42", 650, 300, false, null,
                generationKey);
    }

    private void publish(JobCompleted event) throws Exception {
        producer.send(new ProducerRecord<>(topicPrefix + Topics.JOBS_COMPLETED, event.aggregateKey(), json.writeValueAsString(event))).get();
    }

    /** Uploads an image through a presigned URL, as a worker does. */
    private static byte[] upload(UUID jobId) {
        byte[] image = TestImages.png(3, 3, jobId.hashCode());
        String url = given().contentType("application/json").body("{\"jobIds\":[\"" + jobId + "\"]}")
                .post("/internal/generations/upload-urls")
                .then().statusCode(200).extract().path("urls[0]");
        assertEquals(200, S3Http.put(url, image).statusCode());
        return image;
    }

    /** Every ImageStored on the topic so far, read from the beginning up to the current end. */
    private List<ImageStored> imagesStored() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP);
        List<ImageStored> events = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer =
                     new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topicPrefix + Topics.IMAGES_STORED).stream()
                    .map(info -> new TopicPartition(topicPrefix + Topics.IMAGES_STORED, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(partition -> consumer.position(partition) < end.get(partition))) {
                for (var record : consumer.poll(Duration.ofMillis(500))) {
                    events.add(read(record.value()));
                }
            }
        }
        return events;
    }

    private ImageStored read(String payload) {
        try {
            return json.readValue(payload, ImageStored.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private List<ImageStored> imagesStoredFor(UUID jobId) {
        return imagesStored().stream().filter(event -> event.jobId().equals(jobId)).toList();
    }

    /** Waits until the job's ImageStored is on the topic. Events of one request share a partition, in order. */
    private ImageStored awaitImageStored(UUID jobId) {
        return await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .until(() -> imagesStoredFor(jobId), events -> !events.isEmpty()).get(0);
    }

    /** A delivered job of the same request, published after the events under test: once it is announced, they were handled. */
    private void publishMarkerAndAwaitIt(UUID requestId) throws Exception {
        UUID markerJob = UUID.randomUUID();
        upload(markerJob);
        publish(delivered(requestId, markerJob));
        awaitImageStored(markerJob);
    }

    private double storedCount(String state) {
        Counter counter = metrics.find("horde.storage.images").tag("state", state).counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void anUploadedImageIsRecordedStoredAndAnnounced() throws Exception {
        UUID requestId = UUID.randomUUID();
        UUID jobId = UUID.randomUUID();
        byte[] image = upload(jobId);
        double storedBefore = storedCount("stored");

        publish(delivered(requestId, jobId));

        ImageStored stored = awaitImageStored(jobId);
        assertEquals(requestId, stored.requestId());
        assertEquals("test-generations", stored.bucket());
        assertEquals(jobId + ".webp", stored.objectKey());
        assertEquals(image.length, stored.sizeBytes());
        assertEquals(ImageStored.TYPE, stored.type());
        given().get("/internal/generations/" + jobId)
                .then().statusCode(200)
                .body("state", equalTo("STORED"))
                .body("bucket", equalTo("test-generations"))
                .body("objectKey", equalTo(jobId + ".webp"))
                .body("sizeBytes", equalTo(image.length));
        assertTrue(storedCount("stored") >= storedBefore + 1);
    }

    @Test
    void aDeliveryWithoutAnImageIsRecordedMissingAndNotAnnounced() throws Exception {
        UUID requestId = UUID.randomUUID();
        UUID jobId = UUID.randomUUID();
        double missingBefore = storedCount("missing");

        publish(delivered(requestId, jobId));
        publishMarkerAndAwaitIt(requestId);

        given().get("/internal/generations/" + jobId)
                .then().statusCode(200)
                .body("state", equalTo("MISSING"))
                .body("objectKey", equalTo(jobId + ".webp"));
        assertEquals(List.of(), imagesStoredFor(jobId));
        assertTrue(storedCount("missing") >= missingBefore + 1);
    }

    @Test
    void replaysAndRepeatedReportsChangeNothing() throws Exception {
        UUID requestId = UUID.randomUUID();
        UUID jobId = UUID.randomUUID();
        upload(jobId);
        JobCompleted event = delivered(requestId, jobId);

        publish(event);
        awaitImageStored(jobId);
        publish(event);
        // The same job reported again under a new event id.
        publish(delivered(requestId, jobId));
        publishMarkerAndAwaitIt(requestId);

        assertEquals(1, imagesStoredFor(jobId).size());
        given().get("/internal/generations/" + jobId).then().statusCode(200).body("state", equalTo("STORED"));
    }

    @Test
    void outcomesWithoutAnImageRecordNothing() throws Exception {
        UUID requestId = UUID.randomUUID();
        UUID faulted = UUID.randomUUID();
        UUID cancelled = UUID.randomUUID();

        publish(completed(requestId, faulted, JobOutcome.FAULTED, null));
        publish(completed(requestId, cancelled, JobOutcome.CANCELLED, null));
        publishMarkerAndAwaitIt(requestId);

        given().get("/internal/generations/" + faulted).then().statusCode(404);
        given().get("/internal/generations/" + cancelled).then().statusCode(404);
    }
}
