package org.openhorde.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The text simulator: deterministic from prompt and seed, and as long as asked (the AI Horde's 4 chars a token). */
class SimulatedScribeTest {

    private final SimulatedScribe scribe = new SimulatedScribe(0);

    @Test
    void theSameJobAlwaysWritesTheSameText() throws InterruptedException {
        assertEquals(scribe.generate("Once upon a time", 7, 80), scribe.generate("Once upon a time", 7, 80));
    }

    @Test
    void anotherSeedOrPromptWritesAnotherText() throws InterruptedException {
        String text = scribe.generate("Once upon a time", 7, 80);
        assertNotEquals(text, scribe.generate("Once upon a time", 8, 80));
        assertNotEquals(text, scribe.generate("Twice upon a time", 7, 80));
    }

    @Test
    void theTextFillsTheRequestedTokensWithoutExceedingThem() throws InterruptedException {
        for (int maxLength : new int[] {16, 80, 512}) {
            int chars = scribe.generate("prompt", 1, maxLength).length();
            assertTrue(chars <= maxLength * 4 && chars > maxLength * 4 - 10, maxLength + " tokens: " + chars);
        }
    }

    @Test
    void aTextWorkerTakesItsOwnOptionsAndNoImageOnes() {
        WorkerOptions options = WorkerOptions.parse("--type", "text", "--api-key", "k", "--name", "scribe",
                "--max-length", "256", "--max-context-length", "4096", "--softprompts", "a,b");
        assertTrue(options.text());
        assertEquals(256, options.maxLength());
        assertEquals(4096, options.maxContextLength());
        assertEquals(WorkerOptions.DEFAULT_TEXT_MODEL, options.models().get(0));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> WorkerOptions.parse(
                "--type", "text", "--api-key", "k", "--name", "scribe", "--max-pixels", "4096"));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> WorkerOptions.parse(
                "--api-key", "k", "--name", "dreamer", "--max-length", "256"));
    }
}
