package org.openhorde.jobs.rest;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.openhorde.contracts.events.JobSubmitted;
import org.openhorde.contracts.internal.PopResult;
import org.openhorde.contracts.internal.WorkerPop;
import org.openhorde.jobs.HordeSamples;
import org.openhorde.jobs.QueueProbe;
import org.openhorde.jobs.SpecBuilder.Pop;
import org.openhorde.jobs.SpecBuilder.Request;
import org.openhorde.jobs.TestGateway;

/**
 * Pins every matching rule of a pop: a worker that fails the rule does not get the request and counts it under the
 * rule's AI Horde {@code skipped} reason; an otherwise identical worker that passes it gets the request.
 */
@QuarkusTest
class PopMatchingTest {

    @Inject
    TestGateway gateway;

    @Inject
    QueueProbe probe;

    /** Queues the request; the refused worker skips it for {@code reason}, the accepted one then gets it. */
    private void assertRule(Request request, Pop refused, Pop accepted, String reason) {
        JobSubmitted submitted = request.submitted();
        gateway.publish(submitted);
        probe.awaitQueued(List.of(submitted.requestId()));

        PopResult skipped = drain(refused.build(), submitted.requestId());
        assertTrue(skipped.skipped().getOrDefault(reason, 0) >= 1,
                "counted under '" + reason + "': " + skipped.skipped());

        PopResult taken = popUntil(accepted.build(), submitted.requestId());
        assertEquals(submitted.requestId(), taken.requestId(), "the worker passing '" + reason + "' gets it");
    }

    /**
     * Pops until the worker gets nothing, failing if it ever gets {@code never}. Other helpers' tests share the
     * topics, so requests for any model (which every worker may take) can be queued here too; they are drained.
     */
    private PopResult drain(WorkerPop pop, UUID never) {
        for (int i = 0; i < 200; i++) {
            PopResult result = gateway.popResult(pop);
            assertNotEquals(never, result.requestId(), "the worker must not get this request");
            if (result.empty()) {
                return result;
            }
        }
        throw new AssertionError("the queue never ran dry for " + pop.pop().name());
    }

    /** Pops until the worker gets {@code wanted}, failing if it runs dry first (foreign any-model requests may come first). */
    private PopResult popUntil(WorkerPop pop, UUID wanted) {
        for (int i = 0; i < 200; i++) {
            PopResult result = gateway.popResult(pop);
            assertFalse(result.empty(), "the worker ran dry before it got " + wanted + ": " + result.skipped());
            if (wanted.equals(result.requestId())) {
                return result;
            }
        }
        throw new AssertionError("never got " + wanted);
    }

    private void assertRule(UnaryOperator<Request> request, UnaryOperator<Pop> refused, UnaryOperator<Pop> accepted,
                            String reason) {
        String model = HordeSamples.model();
        assertRule(request.apply(new Request(model)), refused.apply(new Pop(model)), accepted.apply(new Pop(model)),
                reason);
    }

    @Test
    void models() {
        String model = HordeSamples.model();
        assertRule(new Request(model), new Pop(HordeSamples.model()), new Pop(model), "models");
    }

    @Test
    void maxPixels() {
        assertRule(r -> r.size(1024, 1024), p -> p.maxPixels(512L * 512), p -> p.maxPixels(1024L * 1024),
                "max_pixels");
    }

    @Test
    void nsfw() {
        assertRule(Request::nsfw, p -> p.nsfw(false), p -> p.nsfw(true), "nsfw");
    }

    @Test
    void img2img() {
        assertRule(r -> r.source("img2img"), p -> p.img2img(false), p -> p.img2img(true), "img2img");
    }

    @Test
    void painting() {
        assertRule(r -> r.source("inpainting"), p -> p.painting(false).img2img(true), p -> p.painting(true),
                "painting");
    }

    @Test
    void postProcessing() {
        assertRule(r -> r.postProcessing("GFPGAN"), p -> p.postProcessing(false), p -> p.postProcessing(true),
                "post-processing");
    }

    @Test
    void lora() {
        assertRule(r -> r.lora("76693"), p -> p.lora(false), p -> p.lora(true), "lora");
    }

    @Test
    void controlnet() {
        assertRule(r -> r.controlType("canny"), p -> p.controlnet(false), p -> p.controlnet(true), "controlnet");
    }

    @Test
    void trustedWorkersOnly() {
        assertRule(Request::trustedWorkers, p -> p.owner(HordeSamples.owner(), false),
                p -> p.owner(HordeSamples.owner(), true), "untrusted");
    }

    @Test
    void wordsTheWorkerBlacklistsInThePrompt() {
        assertRule(r -> r.prompt("A LightHouse on a cliff"), p -> p.blacklist(List.of("lighthouse")),
                p -> p.blacklist(List.of("castle")), "blacklist");
    }

    @Test
    void slowWorkersFalseKeepsExtraSlowWorkersAway() {
        assertRule(Request::noSlowWorkers, Pop::extraSlow, p -> p, "performance");
    }

    @Test
    void limitMaxStepsSkipsLongRequests() {
        assertRule(r -> r.steps(50), Pop::limitMaxSteps, p -> p, "step_count");
    }

    /** The AI Horde's own case: 8 steps are over Flux Schnell's (3 + 8) / 2, though under the default 30. */
    @Test
    void limitMaxStepsUsesTheModelsStepsFromTheModelReference() {
        String flux = "Flux.1-Schnell fp8 (Compact)";
        assertRule(new Request(flux).steps(8), new Pop(flux).limitMaxSteps(), new Pop(flux), "step_count");

        JobSubmitted withinLimit = new Request(flux).steps(5).submitted();
        gateway.publish(withinLimit);
        probe.awaitQueued(List.of(withinLimit.requestId()));
        popUntil(new Pop(flux).limitMaxSteps().build(), withinLimit.requestId());
    }

    @Test
    void limitMaxStepsTakesRequestsWithinTheDefaultLimit() {
        String model = HordeSamples.model();
        JobSubmitted submitted = new Request(model).steps(30).submitted();
        gateway.publish(submitted);
        probe.awaitQueued(List.of(submitted.requestId()));
        popUntil(new Pop(model).limitMaxSteps().build(), submitted.requestId());
    }

    /** 20 steps of a second-order sampler run as 40, over the default limit of 30. */
    @Test
    void limitMaxStepsCountsSecondOrderSamplersDouble() {
        assertRule(r -> r.steps(20).sampler("k_heun"), Pop::limitMaxSteps, p -> p, "step_count");
    }

    /**
     * A remix with extra source images only reaches workers whose bridge takes them (AI Horde capability
     * {@code extra_source_images}: reGen from version 5; here also the reference worker). The AI Horde filters such
     * requests out before it counts skip reasons, so no reason counts them.
     */
    @Test
    void extraSourceImagesOnlyReachBridgesThatTakeThem() {
        String model = HordeSamples.model();
        JobSubmitted remix = new Request(model).remix(2).submitted();
        gateway.publish(remix);
        probe.awaitQueued(List.of(remix.requestId()));
        drain(new Pop(model).bridgeAgent("AI Horde Worker reGen:4.2.0:https://example.org").build(), remix.requestId());
        drain(new Pop(model).bridgeAgent("Some Other Bridge:99:https://example.org").build(), remix.requestId());
        PopResult taken = popUntil(new Pop(model).bridgeAgent("AI Horde Worker reGen:5.0.1:x").build(),
                remix.requestId());
        assertEquals(2, taken.spec().extraSources().size(), "the spec carries them to the gateway's pop answer");

        JobSubmitted another = new Request(model).remix(1).submitted();
        gateway.publish(another);
        probe.awaitQueued(List.of(another.requestId()));
        popUntil(new Pop(model).bridgeAgent("OpenHorde Reference Worker:1.0:https://example.org").build(),
                another.requestId());

        // A remix without extra images needs nothing of the bridge, but allow_img2img like any source image.
        assertRule(new Request(model).remix(0), new Pop(model).img2img(false),
                new Pop(model).bridgeAgent("AI Horde Worker reGen:4.2.0:x"), "img2img");
    }

    @Test
    void anExtraSlowWorkerOnlyTakesRequestsThatAdmitExtraSlowWorkers() {
        String model = HordeSamples.model();
        Pop extraSlow = new Pop(model).extraSlow();
        JobSubmitted plain = new Request(model).submitted();
        gateway.publish(plain);
        probe.awaitQueued(List.of(plain.requestId()));
        PopResult skipped = drain(extraSlow.build(), plain.requestId());
        assertTrue(skipped.skipped().get("performance") >= 1, skipped.skipped().toString());

        JobSubmitted admitting = new Request(model).extraSlowWorkers().submitted();
        gateway.publish(admitting);
        probe.awaitQueued(List.of(admitting.requestId()));
        PopResult taken = popUntil(extraSlow.build(), admitting.requestId());
        // %test: 2 s base, 2 s minimum; 512² × 30 steps: 2 + 30 × 2 = 62 s, three times for an extra slow worker
        assertEquals(62 * 3, taken.ttlSeconds(), "an extra slow worker holds a job three times as long");
    }

    /**
     * A worker measured below 0.5 megapixelsteps per second (512 × 512 × 30 pixelsteps in an hour) no longer gets
     * requests with {@code slow_workers: false}; one that has delivered nothing yet does, and so does it once it
     * delivers fast again.
     */
    @Test
    void slowWorkersFalseKeepsWorkersMeasuredSlowAway() {
        String model = HordeSamples.model();
        long owner = HordeSamples.owner();
        Pop slow = new Pop(model).owner(owner, false);
        JobSubmitted first = new Request(model).submitted();
        gateway.publish(first);
        probe.awaitQueued(List.of(first.requestId()));
        PopResult claimed = popUntil(slow.build(), first.requestId());
        probe.claimedSecondsAgo(claimed.jobIds().get(0), 3600);
        gateway.submit(owner, claimed.jobIds().get(0), "ok", "1").statusCode(200);

        assertRule(new Request(model).noSlowWorkers(), slow, new Pop(model), "performance");
    }

    @Test
    void requireUpfrontKudosSkipsRequestersWhoCannotPay() {
        // 0 kudos cannot cover 12.34 per image
        assertRule(r -> r.requester(HordeSamples.owner(), 0), Pop::requireUpfrontKudos, p -> p, "kudos");
    }

    @Test
    void requireUpfrontKudosTakesRequestersWhoCanPay() {
        String model = HordeSamples.model();
        JobSubmitted submitted = new Request(model).requester(HordeSamples.owner(), 1_000_000).submitted();
        gateway.publish(submitted);
        probe.awaitQueued(List.of(submitted.requestId()));
        popUntil(new Pop(model).requireUpfrontKudos().build(), submitted.requestId());
    }

    @Test
    void aWorkerWhitelistAdmitsOnlyItsWorkers() {
        String model = HordeSamples.model();
        Pop listed = new Pop(model);
        PopResult registered = gateway.popResult(listed.build());
        assertRule(new Request(model).workers(List.of(registered.workerId().toString()), false), new Pop(model),
                listed, "worker_id");
    }

    @Test
    void aWorkerBlacklistKeepsItsWorkersAway() {
        String model = HordeSamples.model();
        Pop banned = new Pop(model);
        PopResult registered = gateway.popResult(banned.build());
        assertRule(new Request(model).workers(List.of(registered.workerId().toString()), true), banned,
                new Pop(model), "worker_id");
    }

    @Test
    void theSkippedHistogramAlwaysHasTheAiHordeKeysAndLoopReasonsOnlyWhenCounted() {
        PopResult empty = drain(new Pop(HordeSamples.model()).build(), UUID.randomUUID());
        assertTrue(empty.skipped().keySet().containsAll(Set.of("models", "worker_id", "max_pixels", "img2img",
                "painting", "unsafe_ip", "nsfw", "lora", "post-processing", "controlnet", "performance", "untrusted",
                "bridge_version")), empty.skipped().toString());
        assertFalse(empty.skipped().containsKey("step_count"), "a worker without limit_max_steps skips nothing for it");
    }

    @Test
    void priorityUsersAreServedBeforeRicherRequesters() {
        String model = HordeSamples.model();
        long friend = HordeSamples.owner();
        JobSubmitted rich = new Request(model).requester(HordeSamples.owner(), 10_000_000).submitted();
        JobSubmitted friends = new Request(model).requester(friend, 0).submitted();
        gateway.publish(rich);
        gateway.publish(friends);
        probe.awaitQueued(List.of(rich.requestId(), friends.requestId()));

        PopResult first = gateway.popResult(new Pop(model).priorityUsernames(List.of("friend#" + friend)).build());
        assertEquals(friends.requestId(), first.requestId(), "the priority user's request first");
        popUntil(new Pop(model).build(), rich.requestId());
    }

    @Test
    void theOwnersRequestsComeFirst() {
        String model = HordeSamples.model();
        long owner = HordeSamples.owner();
        JobSubmitted rich = new Request(model).requester(HordeSamples.owner(), 10_000_000).submitted();
        JobSubmitted own = new Request(model).requester(owner, 0).submitted();
        gateway.publish(rich);
        gateway.publish(own);
        probe.awaitQueued(List.of(rich.requestId(), own.requestId()));

        assertEquals(own.requestId(), gateway.popResult(new Pop(model).owner(owner, false).build()).requestId());
    }

    @Test
    void bigImagesAreBatchedWithinTheWorkersPixelBudget() {
        String model = HordeSamples.model();
        JobSubmitted small = new Request(model).size(512, 512).images(4).submitted();
        gateway.publish(small);
        probe.awaitQueued(List.of(small.requestId()));
        // (1024² / 3.5 × 4) / 512² ≈ 4.6: all four 512² images fit
        assertEquals(4, popUntil(new Pop(model).amount(4).build(), small.requestId()).jobIds().size());

        JobSubmitted big = new Request(model).size(1024, 1024).images(4).submitted();
        gateway.publish(big);
        probe.awaitQueued(List.of(big.requestId()));
        // (1024² / 3.5 × 4) / 1024² ≈ 1.1: one 1024² image at a time
        PopResult batch = popUntil(new Pop(model).amount(4).build(), big.requestId());
        assertEquals(1, batch.jobIds().size());
    }

    @Test
    void disableBatchingHandsOutOneImageAtATime() {
        String model = HordeSamples.model();
        JobSubmitted submitted = new Request(model).images(3).disableBatching().submitted();
        gateway.publish(submitted);
        probe.awaitQueued(List.of(submitted.requestId()));
        assertEquals(1, popUntil(new Pop(model).amount(3).build(), submitted.requestId()).jobIds().size());
    }

    @Test
    void aWorkerInMaintenanceOnlyGetsItsOwnersRequests() {
        String model = HordeSamples.model();
        long owner = HordeSamples.owner();
        Pop worker = new Pop(model).owner(owner, false);
        PopResult registered = gateway.popResult(worker.build());
        WorkerAdmin.change(registered.workerId(), owner, false, true, "new drivers", null, null, null)
                .statusCode(200);

        JobSubmitted stranger = new Request(model).submitted();
        gateway.publish(stranger);
        probe.awaitQueued(List.of(stranger.requestId()));
        gateway.pop(worker.build()).statusCode(403)
                .body("rc", equalTo("WorkerMaintenance"))
                .body("message", equalTo("new drivers"));

        JobSubmitted own = new Request(model).requester(owner, 0).submitted();
        gateway.publish(own);
        probe.awaitQueued(List.of(own.requestId()));
        assertEquals(own.requestId(), gateway.popResult(worker.build()).requestId());
    }
}
