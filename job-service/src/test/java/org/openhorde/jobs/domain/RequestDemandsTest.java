package org.openhorde.jobs.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.openhorde.jobs.SpecBuilder.Request;

/** Pins what a request demands of its worker, as copied into the matching columns at intake. */
class RequestDemandsTest {

    @Test
    void aPlainRequestDemandsNothingSpecial() {
        RequestDemands demands = RequestDemands.of(new Request("m").spec());
        assertFalse(demands.img2img() || demands.painting() || demands.postProcessing() || demands.lora()
                || demands.controlnet() || demands.trustedWorkers());
        assertTrue(demands.slowWorkers());
        assertEquals(30, demands.steps());
    }

    @Test
    void sourceProcessingDecidesBetweenImg2imgAndPainting() {
        assertTrue(RequestDemands.of(new Request("m").source("img2img").spec()).img2img());
        RequestDemands inpainting = RequestDemands.of(new Request("m").source("inpainting").spec());
        assertTrue(inpainting.painting());
        assertFalse(inpainting.img2img());
        assertTrue(RequestDemands.of(new Request("m").source("outpainting").spec()).painting());
        RequestDemands remix = RequestDemands.of(new Request("m").remix(1).spec());
        assertTrue(remix.img2img(), "a remix works on its source image like img2img");
        assertTrue(remix.extraSourceImages());
        assertFalse(RequestDemands.of(new Request("m").remix(0).spec()).extraSourceImages());
    }

    @Test
    void extrasAndWorkerListsAreCopied() {
        RequestDemands demands = RequestDemands.of(new Request("m").postProcessing("GFPGAN").lora("1")
                .controlType("canny").trustedWorkers().noSlowWorkers().workers(List.of("w1"), true)
                .prompt("A Castle").spec());
        assertTrue(demands.postProcessing() && demands.lora() && demands.controlnet() && demands.trustedWorkers());
        assertFalse(demands.slowWorkers());
        assertEquals(List.of("w1"), demands.workerIds());
        assertTrue(demands.workerBlacklist());
        assertEquals("a castle", demands.promptLower());
    }

    @Test
    void stepsAreTheStepsTheGpuRuns() {
        assertEquals(40, RequestDemands.of(new Request("m").steps(20).sampler("k_heun").spec()).steps());
        assertEquals(40, RequestDemands.of(new Request("m").steps(12).sampler("k_dpm_adaptive").spec()).steps());
        assertEquals(20, RequestDemands.of(new Request("m").steps(20).sampler("k_euler").spec()).steps());
    }

    @Test
    void theStepLimitIsTheModelsMeanOfMinimumAndMaximumSteps() {
        assertEquals(30.0, RequestDemands.of(new Request("stable_diffusion").spec()).stepLimit());
        assertEquals(5.5, RequestDemands.of(new Request("Flux.1-Schnell fp8 (Compact)").spec()).stepLimit());
        assertEquals(4.5, ModelStepLimits.lowest(List.of("stable_diffusion", "DreamShaper XL")));
        assertEquals(null, ModelStepLimits.lowest(List.of()));
    }

    @Test
    void extraSlowWorkersAreAdmittedOnlyWhenTheRequestSaysSo() {
        assertFalse(RequestDemands.of(new Request("m").spec()).extraSlowWorkers());
        assertTrue(RequestDemands.of(new Request("m").extraSlowWorkers().spec()).extraSlowWorkers());
    }

    @Test
    void aWorkerIsTooSlowBelowHalfAMegapixelstepPerSecondAndNotBeforeItsFirstDelivery() {
        assertTrue(WorkerSpeed.tooSlow(499_999.0));
        assertFalse(WorkerSpeed.tooSlow(500_000.0));
        assertFalse(WorkerSpeed.tooSlow(null));
    }
}
