package org.openhorde.gateway.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openhorde.contracts.HordeException;
import org.openhorde.contracts.internal.InterrogationIntake;

/** The AI Horde's interrogation input rules: known forms, duplicates dropped, defaults, tiles, pop and submit limits. */
class InterrogationInputRulesTest {

    private static InterrogationInput input(String... forms) {
        return new InterrogationInput(Arrays.stream(forms).map(name -> new InterrogationInput.Form(name, null))
                .toList(), "aGVsbG8=", null, null, null);
    }

    private static String rc(Runnable call) {
        return assertThrows(HordeException.class, call::run).error().rc();
    }

    @Test
    void duplicatesAreDroppedAndDefaultsAreTheAiHordes() {
        InterrogationInputRules.Accepted accepted = InterrogationInputRules.accept(
                input("caption", "nsfw", "caption", "GFPGAN"));
        assertEquals(List.of("caption", "nsfw", "GFPGAN"),
                accepted.forms().stream().map(InterrogationIntake.Form::name).toList());
        assertTrue(accepted.slowWorkers());
        assertEquals(false, accepted.trustedWorkers());
    }

    @Test
    void unknownFormsMissingSourcesAndHttpWebhooksAreBadRequests() {
        assertEquals("BadRequest", rc(() -> InterrogationInputRules.accept(input("telepathy"))));
        assertEquals("BadRequest", rc(() -> InterrogationInputRules.accept(input())));
        assertEquals("BadRequest", rc(() -> InterrogationInputRules.accept(
                new InterrogationInput(List.of(new InterrogationInput.Form("caption", null)), null, null, null,
                        null))));
        assertEquals("BadRequest", rc(() -> InterrogationInputRules.accept(
                new InterrogationInput(List.of(new InterrogationInput.Form("caption", null)), "aGk=", null, null,
                        "http://example.com/hook"))));
    }

    @Test
    void moreThan255TilesIsTooLarge() {
        assertEquals(255, InterrogationInputRules.tiles(512 * 15, 512 * 17));
        assertEquals("SourceImageResolutionExceeded", rc(() -> InterrogationInputRules.tiles(512 * 16, 512 * 16)));
        assertEquals(1, InterrogationInputRules.tiles(64, 64));
    }

    @Test
    void popsDefaultToCaptionAndEightyTilesAndCheckTheirLimits() {
        InterrogationInputRules.Pop pop = InterrogationInputRules.pop(
                new InterrogationPopInput("alchemist", null, null, null, null, null, null));
        assertEquals(List.of("caption"), pop.forms());
        assertEquals(80, pop.maxTiles());
        assertEquals(1, pop.amount());
        assertEquals("BadRequest", rc(() -> InterrogationInputRules.pop(
                new InterrogationPopInput("alchemist", null, List.of("caption"), 21, null, null, null))));
        assertEquals("BadRequest", rc(() -> InterrogationInputRules.pop(
                new InterrogationPopInput("alchemist", null, List.of("caption"), 1, null, null, 257))));
        assertEquals("BadRequest", rc(() -> InterrogationInputRules.pop(
                new InterrogationPopInput(null, null, List.of("caption"), 1, null, null, null))));
    }

    @Test
    void submitsNeedAResultUnlessFaultedAndAFormId() {
        assertEquals("InvalidJobID", rc(() -> InterrogationInputRules.submit(
                new InterrogationSubmitInput("nope", Map.of(), "ok"))));
        assertEquals("BadRequest", rc(() -> InterrogationInputRules.submit(
                new InterrogationSubmitInput("6a1c1b9e-1b5a-4a39-9f2a-0c8a1d1e2f3a", null, "ok"))));
        assertEquals("BadRequest", rc(() -> InterrogationInputRules.submit(
                new InterrogationSubmitInput("6a1c1b9e-1b5a-4a39-9f2a-0c8a1d1e2f3a", Map.of(), "maybe"))));
        assertEquals("faulted", InterrogationInputRules.submit(
                new InterrogationSubmitInput("6a1c1b9e-1b5a-4a39-9f2a-0c8a1d1e2f3a", null, "faulted")).state());
    }
}
