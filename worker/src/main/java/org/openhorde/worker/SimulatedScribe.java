package org.openhorde.worker;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * A SIMULATOR, not a language model: writes deterministic text of the requested length, drawn from a small word list
 * by a generator seeded with the prompt and the seed, so that the same job always gives the same text and the horde's
 * token counting and pricing see realistic lengths. Words are about four characters plus a space, so {@code
 * maxLength} tokens come out at about {@code 4 × maxLength} characters, the AI Horde's own token estimate.
 */
final class SimulatedScribe implements TextBackend {

    private static final String[] WORDS = {"the", "horde", "wrote", "a", "tale", "of", "lamp", "and", "sea", "while",
            "scribe", "kept", "its", "quiet", "watch", "over", "light", "cliff", "wave", "dusk", "long", "night",
            "ship", "came", "home", "near", "old", "keeper", "told", "story"};
    private static final int CHARS_PER_TOKEN = 4;

    private final double tokensPerSecond;

    /** @param tokensPerSecond a throttle, so the simulator can stand in for a slow backend; 0 is no limit */
    SimulatedScribe(double tokensPerSecond) {
        this.tokensPerSecond = tokensPerSecond;
    }

    @Override
    public String description() {
        return "scribe SIMULATOR (deterministic text from prompt and seed; no language model)";
    }

    @Override
    public String generate(String prompt, long seed, int maxLength) throws InterruptedException {
        SplittableRandom random = new SplittableRandom(seed * 31 + fingerprint(prompt));
        int wanted = maxLength * CHARS_PER_TOKEN;
        StringBuilder text = new StringBuilder(wanted + 16);
        while (text.length() < wanted) {
            String word = WORDS[random.nextInt(WORDS.length)];
            if (text.length() + 1 + word.length() > wanted) {
                break;
            }
            text.append(' ').append(word);
        }
        if (tokensPerSecond > 0) {
            Thread.sleep((long) (maxLength / tokensPerSecond * 1000));
        }
        return text.toString();
    }

    /** A stable 64-bit fingerprint of the prompt (FNV-1a), independent of the JVM's string hashing. */
    static long fingerprint(String prompt) {
        long hash = 0xcbf29ce484222325L;
        for (byte b : (prompt == null ? "" : prompt).getBytes(StandardCharsets.UTF_8)) {
            hash ^= b;
            hash *= 0x100000001b3L;
        }
        return hash;
    }
}
