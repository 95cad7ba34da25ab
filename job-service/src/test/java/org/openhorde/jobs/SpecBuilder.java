package org.openhorde.jobs;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.openhorde.contracts.events.ExtraSourceImage;
import org.openhorde.contracts.events.ImageParams;
import org.openhorde.contracts.events.ImageRequestSpec;
import org.openhorde.contracts.events.JobSubmitted;
import org.openhorde.contracts.events.LoraSpec;
import org.openhorde.contracts.events.Requester;
import org.openhorde.contracts.internal.PopRequest;
import org.openhorde.contracts.internal.WorkerPop;

/** Requests and pops that differ from the defaults in exactly the field a matching test is about. */
public final class SpecBuilder {

    private SpecBuilder() {
    }

    /** A request for one model, built field by field. */
    public static final class Request {
        String prompt = "a lighthouse on a cliff at dusk";
        String model;
        int width = 512;
        int height = 512;
        int steps = 30;
        boolean nsfw;
        boolean trustedWorkers;
        boolean slowWorkers = true;
        boolean extraSlowWorkers;
        String sampler = "k_euler_a";
        List<String> workers = List.of();
        boolean workerBlacklist;
        String sourceProcessing = "img2img";
        String sourceImageKey;
        List<String> postProcessing = List.of();
        List<LoraSpec> loras = List.of();
        String controlType;
        boolean disableBatching;
        long requesterId = HordeSamples.owner();
        long requesterKudos = 100_000;
        int images = 1;
        List<ExtraSourceImage> extraSources = List.of();

        public Request(String model) {
            this.model = model;
        }

        public Request prompt(String value) { prompt = value; return this; }
        public Request size(int w, int h) { width = w; height = h; return this; }
        public Request steps(int value) { steps = value; return this; }
        public Request nsfw() { nsfw = true; return this; }
        public Request trustedWorkers() { trustedWorkers = true; return this; }
        public Request noSlowWorkers() { slowWorkers = false; return this; }
        public Request extraSlowWorkers() { extraSlowWorkers = true; return this; }
        public Request sampler(String value) { sampler = value; return this; }
        public Request workers(List<String> ids, boolean blacklist) { workers = ids; workerBlacklist = blacklist; return this; }
        public Request source(String processing) { sourceImageKey = "sources/" + UUID.randomUUID(); sourceProcessing = processing; return this; }
        public Request postProcessing(String name) { postProcessing = List.of(name); return this; }
        public Request lora(String name) { loras = List.of(new LoraSpec(name, BigDecimal.ONE, BigDecimal.ONE, null, false)); return this; }
        public Request controlType(String value) { controlType = value; return this; }
        public Request disableBatching() { disableBatching = true; return this; }
        public Request requester(long id, long kudos) { requesterId = id; requesterKudos = kudos; return this; }
        public Request images(int n) { images = n; return this; }
        public Request remix(int extras) {
            source("remix");
            extraSources = IntStream.range(0, extras).mapToObj(i -> new ExtraSourceImage("extra-" + i, BigDecimal.ONE)).toList();
            return this;
        }

        public ImageRequestSpec spec() {
            ImageParams params = new ImageParams(sampler, new BigDecimal("7.5"), null, null, width, height, steps,
                    images, null, null, false, false, false, null, null, postProcessing, loras, List.of(), controlType,
                    false, false, false);
            return new ImageRequestSpec(prompt, params, List.of(model), nsfw, false, trustedWorkers, slowWorkers,
                    workers, workerBlacklist, true, false, sourceProcessing, sourceImageKey, null, false, false,
                    disableBatching, null, extraSlowWorkers, extraSources);
        }

        /** Accepted now, priced 12.34 kudos per image plus 3 tax. */
        public JobSubmitted submitted() {
            Requester requester = new Requester(requesterId, "requester#" + requesterId, false, false, requesterKudos);
            List<UUID> jobIds = IntStream.range(0, images).mapToObj(i -> UUID.randomUUID()).toList();
            return new JobSubmitted(UUID.randomUUID(), JobSubmitted.TYPE, JobSubmitted.VERSION, Instant.now(),
                    UUID.randomUUID(), requester, spec(), jobIds, 1234, 300, false, "test:1:openhorde");
        }
    }

    /** A pop of one worker serving one model, built field by field. */
    public static final class Pop {
        long owner = HordeSamples.owner();
        boolean ownerTrusted;
        String name = HordeSamples.workerName();
        List<String> models;
        List<String> priorityUsernames = List.of();
        boolean nsfw;
        boolean requireUpfrontKudos;
        int amount = 1;
        long maxPixels = HordeSamples.WORKER_PIXELS;
        List<String> blacklist = List.of();
        boolean img2img = true;
        boolean painting = true;
        boolean postProcessing = true;
        boolean controlnet = true;
        boolean lora = true;
        boolean extraSlow;
        boolean limitMaxSteps;
        String bridgeAgent = "AI Horde Worker reGen:9.0.0:test";

        public Pop(String model) {
            models = List.of(model);
        }

        public Pop owner(long value, boolean trusted) { owner = value; ownerTrusted = trusted; return this; }
        public Pop name(String value) { name = value; return this; }
        public Pop models(List<String> value) { models = value; return this; }
        public Pop priorityUsernames(List<String> value) { priorityUsernames = value; return this; }
        public Pop nsfw(boolean value) { nsfw = value; return this; }
        public Pop requireUpfrontKudos() { requireUpfrontKudos = true; return this; }
        public Pop amount(int value) { amount = value; return this; }
        public Pop maxPixels(long value) { maxPixels = value; return this; }
        public Pop blacklist(List<String> value) { blacklist = value; return this; }
        public Pop img2img(boolean value) { img2img = value; return this; }
        public Pop painting(boolean value) { painting = value; return this; }
        public Pop postProcessing(boolean value) { postProcessing = value; return this; }
        public Pop controlnet(boolean value) { controlnet = value; return this; }
        public Pop lora(boolean value) { lora = value; return this; }
        public Pop extraSlow() { extraSlow = true; return this; }
        public Pop limitMaxSteps() { limitMaxSteps = true; return this; }
        public Pop bridgeAgent(String value) { bridgeAgent = value; return this; }

        public WorkerPop build() {
            PopRequest pop = new PopRequest(name, priorityUsernames, nsfw, models, bridgeAgent,
                    1, requireUpfrontKudos, amount, maxPixels, blacklist, img2img, painting, true, postProcessing,
                    controlnet, false, lora, extraSlow, limitMaxSteps);
            return new WorkerPop(owner, "owner#" + owner, ownerTrusted, pop);
        }
    }
}
