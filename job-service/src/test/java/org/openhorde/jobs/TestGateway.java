package org.openhorde.jobs;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.inject.Singleton;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.openhorde.contracts.Topics;
import org.openhorde.contracts.events.JobSubmitted;
import org.openhorde.contracts.internal.JobSubmission;
import org.openhorde.contracts.internal.PopResult;
import org.openhorde.contracts.internal.WorkerPop;

/**
 * Plays the gateway's part in @QuarkusTests: publishes accepted requests to the real Kafka (as the app's Jackson
 * JSON) and calls the internal pop and submit endpoints.
 */
@Singleton
public final class TestGateway {

    public static final String BOOTSTRAP = "127.0.0.1:9092";

    private static KafkaProducer<String, String> producer;

    private final ObjectMapper json;
    private final String topicPrefix;

    TestGateway(ObjectMapper json, @ConfigProperty(name = "horde.topic-prefix") String topicPrefix) {
        this.json = json;
        this.topicPrefix = topicPrefix;
    }

    public void publish(JobSubmitted event) {
        try {
            producer().send(new ProducerRecord<>(topicPrefix + Topics.JOBS_SUBMITTED, event.aggregateKey(),
                    json.writeValueAsString(event))).get();
        } catch (JsonProcessingException | ExecutionException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Hands the request to job-service's intake the way the gateway does (internal REST, not the topic). */
    public ValidatableResponse queue(Object request) {
        return given().contentType(ContentType.JSON).body(request instanceof String body ? body : write(request))
                .post("/internal/requests").then();
    }

    public TopicTail tail(String topic) {
        return new TopicTail(BOOTSTRAP, topicPrefix + topic, json);
    }

    public ValidatableResponse pop(WorkerPop pop) {
        return given().contentType(ContentType.JSON).body(write(pop)).post("/internal/pop").then();
    }

    /** An interrogation worker's check-in as the gateway makes it (its forms where an image worker has models). */
    public ValidatableResponse interrogationCheckIn(WorkerPop pop) {
        return given().contentType(ContentType.JSON).body(write(pop)).post("/internal/workers/interrogation-check-in")
                .then();
    }

    public PopResult popResult(WorkerPop pop) {
        return read(pop(pop).statusCode(200).extract().asString(), PopResult.class);
    }

    /** Pops until the worker gets work: intake is asynchronous, so a request is poppable shortly after it was published. */
    public PopResult awaitWork(WorkerPop pop) {
        AtomicReference<PopResult> result = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
            result.set(popResult(pop));
            return !result.get().empty();
        });
        return result.get();
    }

    /**
     * Pops until {@code requestId}'s job comes out: another test's any-model request, popped there and given back by
     * the test profile's 2-second claim time to live, matches every worker and may come out first.
     */
    public PopResult awaitWorkFor(WorkerPop pop, UUID requestId) {
        AtomicReference<PopResult> result = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
            result.set(popResult(pop));
            return requestId.equals(result.get().requestId());
        });
        return result.get();
    }

    public ValidatableResponse submit(long owner, UUID jobId, String state, String seed) {
        return submit(new JobSubmission(owner, jobId, state, seed, false));
    }

    public ValidatableResponse submit(JobSubmission submission) {
        return given().contentType(ContentType.JSON).body(write(submission)).post("/internal/submit").then();
    }

    public <T> T read(String body, Class<T> type) {
        try {
            return json.readValue(body, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private String write(Object body) {
        try {
            return json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static synchronized KafkaProducer<String, String> producer() {
        if (producer == null) {
            producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP,
                    ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer());
            Runtime.getRuntime().addShutdownHook(new Thread(producer::close));
        }
        return producer;
    }
}
