package org.openhorde.gateway.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/** Pins what a style does to a request: its template takes the user's prompts, its params replace theirs but n. */
class StyleApplicationTest {

    @Test
    void theTemplateTakesThePositiveAndTheNegativePrompt() {
        assertEquals("a fox, watercolor###ugly, blurry",
                StyleApplication.imagePrompt("{p}, watercolor###{np}, blurry", "a fox###ugly"));
        assertEquals("a fox, watercolor###, blurry",
                StyleApplication.imagePrompt("{p}, watercolor###{np}, blurry", "a fox"));
        // A template without its own ### gets the user's negative part marked as one.
        assertEquals("a fox, watercolor ###ugly", StyleApplication.imagePrompt("{p}, watercolor {np}", "a fox###ugly"));
        // Only the slots are filled: braces of the template and of the user's prompt stay as typed.
        assertEquals("{x} a {p} fox ###", StyleApplication.imagePrompt("{x} {p} ###{np}", "a {p} fox"));
        assertEquals("Write: a poem.", StyleApplication.textPrompt("Write: {p}.{np}", "a poem"));
    }

    @Test
    void theStylesParamsReplaceTheUsersButNAndUnsetSizes() {
        ModelGenerationInput style = new ModelGenerationInput("k_euler", new BigDecimal("6"), null, null, 768, null,
                12, 4, null, null, null, null, null, null, null, null, null, null, null, null, null, null);
        ModelGenerationInput user = new ModelGenerationInput("k_lms", new BigDecimal("9"), null, null, 512, 576,
                40, 2, "seed", null, null, null, null, null, null, null, null, null, null, null, null, null);
        ModelGenerationInput applied = StyleApplication.imageParams(style, user);
        assertEquals("k_euler", applied.samplerName());
        assertEquals(12, applied.steps());
        assertEquals(2, applied.n());
        assertEquals(768, applied.height());
        assertEquals(576, applied.width());
        assertNull(applied.seed());
        TextParamsInput text = StyleApplication.textParams(null, new TextParamsInput(3, null, 200, null, null, null,
                null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                null));
        assertEquals(3, text.n());
        assertNull(text.maxLength());
    }
}
