package org.openhorde.interrogations.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.openhorde.contracts.economy.InterrogationForms;

/** The AI Horde's overall-state rule and form prices. */
class FormStateTest {

    @Test
    void overallStateFollowsTheAiHorde() {
        assertEquals("faulted", FormState.overall(List.of(FormState.FAULTED, FormState.FAULTED)));
        assertEquals("done", FormState.overall(List.of(FormState.DONE, FormState.DONE)));
        assertEquals("processing", FormState.overall(List.of(FormState.DONE, FormState.PROCESSING,
                FormState.WAITING)));
        assertEquals("waiting", FormState.overall(List.of(FormState.DONE, FormState.WAITING)));
        assertEquals("partial", FormState.overall(List.of(FormState.DONE, FormState.CANCELLED)));
        assertEquals("partial", FormState.overall(List.of(FormState.DONE, FormState.FAULTED)));
    }

    @Test
    void formsArePricedAsOnTheAiHorde() {
        assertEquals(1, InterrogationForms.kudos("caption", 4));
        assertEquals(1, InterrogationForms.kudos("nsfw", 4));
        assertEquals(3, InterrogationForms.kudos("interrogation", 4));
        assertEquals(12, InterrogationForms.kudos("GFPGAN", 4));
        assertEquals(2, InterrogationForms.tax(true));
        assertEquals(1, InterrogationForms.tax(false));
        assertEquals(1, InterrogationForms.tiles(512, 512));
        assertEquals(4, InterrogationForms.tiles(513, 1024));
    }
}
