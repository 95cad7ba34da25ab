package org.openhorde.kit.profanity;

import com.modernmt.text.profanity.dictionary.Dictionary;
import com.modernmt.text.profanity.dictionary.Profanity;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.stream.StreamSupport;

/**
 * Whether a name or note someone wants shown publicly (a username, a worker's name or info, a bridge agent, a team's
 * name or info) is profane, as the AI Horde refuses them ({@code is_profane}, answered with its {@code Profane*} rc
 * codes). The words come from ModernMT's maintained English dictionary ({@code com.modernmt.text:profanity-filter},
 * Apache-2.0), read once from its jar; a word matches as a whole word, ignoring case, so "Scunthorpe" or "classic"
 * are not profane. Plain Java and thread-safe: any service (job-service for workers, kudos-service or the gateway
 * for users and teams) calls {@link #isProfane} directly.
 */
public final class ProfaneText {

    /** The dictionary's language: the AI Horde's own check is English-only too. */
    static final String LANGUAGE = "en";

    /**
     * How sure the dictionary must be that a word is profane (its entries carry a score from 0 to 1); the library's
     * own default, which leaves out words that are mostly harmless in ordinary use.
     */
    static final float THRESHOLD = 0.3f;

    private static final String RESOURCE = "/com/modernmt/text/profanity/dictionary." + LANGUAGE;

    private static final Dictionary DICTIONARY = load();
    private static final Dictionary.Matcher MATCHER = DICTIONARY.matcher(THRESHOLD);

    private ProfaneText() {
    }

    /** True when {@code text} holds a word of the dictionary; null and blank texts are not profane. */
    public static boolean isProfane(String text) {
        if (text == null || text.isBlank()) {
            return false;
        }
        return MATCHER.matches(text.toLowerCase(Locale.ROOT));
    }

    /**
     * The words this check refuses, for tests that need a profane fixture without typing one into the code: read
     * from the library, the strongest first.
     */
    public static List<String> words() {
        return StreamSupport.stream(DICTIONARY.spliterator(), false)
                .filter(word -> word.score() >= THRESHOLD)
                .sorted((a, b) -> Float.compare(b.score(), a.score()))
                .map(Profanity::text)
                .toList();
    }

    private static Dictionary load() {
        try (InputStream in = Dictionary.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the profanity dictionary " + RESOURCE + " is missing from the classpath");
            }
            return Dictionary.read(LANGUAGE, in);
        } catch (IOException e) {
            throw new UncheckedIOException("the profanity dictionary could not be read", e);
        }
    }
}
