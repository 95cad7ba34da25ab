package org.openhorde.jobs.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.openhorde.contracts.Topics;
import org.openhorde.contracts.economy.TextPricing;
import org.openhorde.contracts.events.JobCompleted;
import org.openhorde.contracts.events.JobSubmitted;
import org.openhorde.contracts.events.Requester;
import org.openhorde.contracts.events.TextParams;
import org.openhorde.contracts.events.TextRequestSpec;
import org.openhorde.contracts.internal.JobSubmission;
import org.openhorde.contracts.internal.PopRequest;
import org.openhorde.contracts.internal.PopResult;
import org.openhorde.contracts.internal.SubmissionResult;
import org.openhorde.contracts.internal.WorkerPop;
import org.openhorde.jobs.HordeSamples;
import org.openhorde.jobs.TestGateway;
import org.openhorde.jobs.TopicTail;

/**
 * Text requests on the one queue: a scribe gets only text requests and an image worker never does; the text match
 * rules (max_length, max_context_length, soft prompt, validated backends) keep a scribe off requests it cannot serve
 * and name their AI Horde skip reasons; a delivery is priced from its text and announced with the text.
 */
@QuarkusTest
class TextQueueTest {

    private static final String VALIDATED = "AI Horde Worker:27:test";

    @Inject
    TestGateway gateway;

    private static JobSubmitted textRequest(String model, int maxLength, int maxContextLength, String softprompt,
                                            boolean validatedBackends, int n) {
        TextParams params = new TextParams(n, maxContextLength, maxLength, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null, null, null, null, null, null, null, null);
        TextRequestSpec spec = new TextRequestSpec("x".repeat(400), params, List.of(model), false, false, true,
                List.of(), false, softprompt, validatedBackends, null);
        long requesterId = HordeSamples.owner();
        List<UUID> jobIds = IntStream.range(0, n).mapToObj(i -> UUID.randomUUID()).toList();
        return new JobSubmitted(UUID.randomUUID(), JobSubmitted.TYPE, JobSubmitted.VERSION, Instant.now(),
                UUID.randomUUID(), new Requester(requesterId, "requester#" + requesterId, false, false, 100_000),
                null, jobIds, TextPricing.estimate(List.of(model), maxLength, maxContextLength),
                TextPricing.TAX_PER_JOB, false, "test:1:openhorde", spec);
    }

    private static WorkerPop scribe(long owner, String name, String model, int maxLength, int maxContextLength,
                                    List<String> softprompts, String bridgeAgent, int amount) {
        return new WorkerPop(owner, "owner#" + owner, false, PopRequest.text(name, List.of(), false, List.of(model),
                bridgeAgent, 1, false, amount, List.of(), maxLength, maxContextLength, softprompts));
    }

    @Test
    void aScribeGetsTextRequestsAndAnImageWorkerOfTheSameModelNever() {
        String model = "test-" + UUID.randomUUID() + "-13B";
        JobSubmitted request = textRequest(model, 80, 1024, null, true, 1);
        gateway.queue(request).statusCode(204);

        PopResult image = gateway.popResult(HordeSamples.pop(HordeSamples.owner(), HordeSamples.workerName(), model,
                1));
        assertTrue(image.empty(), "an image worker serving the model does not get a text request");

        PopResult text = gateway.popResult(scribe(HordeSamples.owner(), HordeSamples.workerName(), model, 512, 2048,
                List.of(), VALIDATED, 1));
        assertEquals(request.requestId(), text.requestId());
        assertNull(text.spec());
        assertEquals(request.textSpec().prompt(), text.textSpec().prompt());
        assertEquals(model, text.model());
    }

    @Test
    void theTextRulesKeepAScribeOffWhatItCannotServeAndNameTheReason() {
        String model = "test-" + UUID.randomUUID() + "-7B";
        // A fresh owner per scribe: an untrusted owner may run only 4 workers.
        gateway.queue(textRequest(model, 200, 4096, "my-softprompt", true, 1)).statusCode(204);

        assertSkipped(scribe(HordeSamples.owner(), HordeSamples.workerName(), model, 100, 8192, List.of("my-softprompt"), VALIDATED,
                1), "max_length");
        assertSkipped(scribe(HordeSamples.owner(), HordeSamples.workerName(), model, 512, 2048, List.of("my-softprompt"), VALIDATED,
                1), "max_context_length");
        assertSkipped(scribe(HordeSamples.owner(), HordeSamples.workerName(), model, 512, 8192, List.of("other"), VALIDATED, 1),
                "matching_softprompt");
        assertSkipped(scribe(HordeSamples.owner(), HordeSamples.workerName(), model, 512, 8192, List.of("my-softprompt"),
                "my-own-backend:1:test", 1), "bridge_version");

        PopResult taken = gateway.popResult(scribe(HordeSamples.owner(), HordeSamples.workerName(), model, 512, 8192,
                List.of("my-softprompt"), VALIDATED, 1));
        assertTrue(!taken.empty(), "the scribe passing every rule gets it");
    }

    private void assertSkipped(WorkerPop pop, String reason) {
        PopResult result = gateway.popResult(pop);
        assertTrue(result.empty(), "not handed to a scribe failing '" + reason + "'");
        assertTrue(result.skipped().getOrDefault(reason, 0) >= 1, reason + " counted: " + result.skipped());
    }

    @Test
    void aDeliveryIsPricedFromItsTextAndAnnouncedWithItOnce() {
        String model = "test-" + UUID.randomUUID() + "-13B";
        long owner = HordeSamples.owner();
        JobSubmitted request = textRequest(model, 80, 1024, null, true, 2);
        try (TopicTail completed = gateway.tail(Topics.JOBS_COMPLETED)) {
            gateway.queue(request).statusCode(204);
            PopResult popped = gateway.popResult(scribe(owner, HordeSamples.workerName(), model, 512, 2048, List.of(),
                    VALIDATED, 2));
            assertEquals(2, popped.jobIds().size(), "a scribe's amount batches the request's generations");

            String text = "y".repeat(200);
            SubmissionResult result = gateway.read(gateway.submit(new JobSubmission(owner, popped.jobIds().get(0),
                    "ok", "42", false, text)).statusCode(200).extract().asString(), SubmissionResult.class);
            long expected = TextPricing.reward(model, request.textSpec().prompt(), text, 80, false, VALIDATED);
            assertEquals(expected, result.reward());
            assertEquals(653, expected, "50 tokens of a 13B model on a validated backend");

            JobCompleted event = completed.await(JobCompleted.class,
                    e -> popped.jobIds().get(0).equals(e.jobId()));
            assertEquals(text, event.text());
            assertEquals(expected, event.price());
            assertEquals(TextPricing.TAX_PER_JOB, event.tax());
            assertNull(event.generationKey(), "a text has no object in storage");

            gateway.submit(new JobSubmission(owner, popped.jobIds().get(0), "ok", "42", false, text))
                    .statusCode(400);
            assertNotEquals(popped.jobIds().get(0), popped.jobIds().get(1));
        }
    }
}
