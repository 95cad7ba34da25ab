package org.openhorde.gateway.domain;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.openhorde.contracts.internal.PromptFilter;

/**
 * The AI Horde's prompt check ({@code horde/detection.py}), over the moderators' filters. The positive prompt (before
 * {@code ###}) is normalized (weights, punctuation, spaced-out letters and accents removed), then scored: one point
 * when a filter of the first group (types 10 and 11: terms about minors) matches, one more when a filter of the
 * second group (type 20: NSFW terms) matches. A score of 2 (a minor term together with an NSFW term) is refused, or,
 * when the request allows it ({@code replacement_filter}), sanitized: type 10 filters' matches replaced with their
 * replacement and a negative prompt against minors forced in front of the requester's own. Pure and immutable.
 */
public final class PromptScreen {

    public static final int FIRST_GROUP_MINORS = 10;
    public static final int FIRST_GROUP_OTHER = 11;
    public static final int SECOND_GROUP_NSFW = 20;
    /** The filter types that are scored, in the AI Horde's order (the ones {@code /filters/regex} lists). */
    public static final List<Integer> KNOWN_TYPES = List.of(FIRST_GROUP_MINORS, FIRST_GROUP_OTHER, SECOND_GROUP_NSFW);
    /** The score from which a prompt is refused or sanitized. */
    public static final int BLOCKING_SUSPICION = 2;
    /** The AI Horde's limit on a prompt it sanitizes (its positive part). */
    public static final int MAX_REPLACEABLE_PROMPT = 7000;
    /** Forced in front of a sanitized prompt's negative prompt, as the AI Horde does. */
    static final String FORCED_NEGATIVE = "child, infant, underage, immature, teenager, tween";

    /** Emoji of children and babies, which count as a type 10 match (the AI Horde checks them with filter 10). */
    private static final Pattern CHILD_EMOJI = Pattern.compile(
            "[\\x{1F466}\\x{1F467}\\x{1F476}\\x{1F9D2}\\x{1F47C}\\x{1F37C}\\x{1F6B8}\\x{1F6BC}\\x{1F931}\\x{1F46A}"
                    + "\\x{1F424}\\x{1F425}]");
    private static final Pattern WEIGHT = Pattern.compile("\\((.*?):\\d+\\.\\d+\\)");
    private static final Pattern PUNCTUATION = Pattern.compile("([^\\w\\s]|_)", Pattern.UNICODE_CHARACTER_CLASS);
    private static final Pattern SPACED_LETTERS = Pattern.compile("(\\s(\\w)){3,}\\b",
            Pattern.UNICODE_CHARACTER_CLASS);
    private static final Pattern SPACES = Pattern.compile("\\s+");
    private static final Pattern MARKS = Pattern.compile("\\p{M}+");

    private final Map<Integer, Pattern> byType;
    private final Map<Integer, String> regexByType;
    private final List<Replacement> replacements;

    private record Replacement(Pattern regex, String replacement) {
    }

    /** What the check found: the score and the matched texts, in the order found. */
    public record Suspicion(int score, List<String> matches) {
        public boolean blocking() {
            return score >= BLOCKING_SUSPICION;
        }
    }

    private PromptScreen(Map<Integer, Pattern> byType, Map<Integer, String> regexByType,
                         List<Replacement> replacements) {
        this.byType = byType;
        this.regexByType = regexByType;
        this.replacements = replacements;
    }

    public static PromptScreen none() {
        return of(List.of());
    }

    /** Compiles the filters: each type's regexes joined into one, ignoring case; a regex that fails is left out. */
    public static PromptScreen of(List<PromptFilter> filters) {
        Map<Integer, List<String>> grouped = new TreeMap<>();
        List<Replacement> replacements = new ArrayList<>();
        for (PromptFilter filter : filters) {
            if (compile(filter.regex()) == null) {
                continue;
            }
            grouped.computeIfAbsent(filter.filterType(), type -> new ArrayList<>()).add(filter.regex());
            if (filter.filterType() == FIRST_GROUP_MINORS) {
                replacements.add(new Replacement(compile(filter.regex()),
                        filter.replacement() == null ? "" : filter.replacement()));
            }
        }
        Map<Integer, Pattern> byType = new TreeMap<>();
        Map<Integer, String> regexByType = new TreeMap<>();
        grouped.forEach((type, regexes) -> {
            String joined = String.join("|", regexes);
            Pattern compiled = compile(joined);
            if (compiled != null) {
                byType.put(type, compiled);
                regexByType.put(type, joined);
            }
        });
        return new PromptScreen(byType, regexByType, List.copyOf(replacements));
    }

    /** The compiled pattern, or null when {@code regex} is not a valid regular expression. */
    public static Pattern compile(String regex) {
        try {
            return Pattern.compile(regex, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
        } catch (PatternSyntaxException | NullPointerException e) {
            return null;
        }
    }

    /** The joined regex of one type, as {@code GET /filters/regex} shows it; null when the type has none. */
    public String regexOf(int filterType) {
        return regexByType.get(filterType);
    }

    /** Scores the whole prompt, or (with {@code onlyType}) only against one filter type. */
    public Suspicion check(String prompt, Integer onlyType) {
        String positive = positive(prompt);
        String normalized = normalize(positive);
        List<String> matches = new ArrayList<>();
        int score = 0;
        for (List<Integer> group : List.of(List.of(FIRST_GROUP_MINORS, FIRST_GROUP_OTHER),
                List.of(SECOND_GROUP_NSFW))) {
            for (int type : group) {
                if (onlyType != null && onlyType != type) {
                    continue;
                }
                if (type == FIRST_GROUP_MINORS) {
                    Matcher emoji = CHILD_EMOJI.matcher(positive);
                    if (emoji.find()) {
                        matches.add(emoji.group());
                        score++;
                        break;
                    }
                }
                Pattern pattern = byType.get(type);
                Matcher found = pattern == null ? null : pattern.matcher(normalized);
                if (found != null && found.find()) {
                    matches.add(found.group());
                    score++;
                    break;
                }
            }
        }
        return new Suspicion(score, List.copyOf(matches));
    }

    /**
     * The sanitized prompt: type 10 matches replaced in the normalized positive prompt, the forced negative prompt in
     * front of the requester's own; null when nothing of the positive prompt is left (then it is refused).
     */
    public String sanitize(String prompt) {
        int split = prompt.indexOf("###");
        String positive = split < 0 ? prompt : prompt.substring(0, split);
        String negative = split < 0 ? "" : ", " + prompt.substring(split + 3);
        String cleaned = normalize(positive);
        for (Replacement replacement : replacements) {
            cleaned = replacement.regex().matcher(cleaned).replaceAll(Matcher.quoteReplacement(
                    replacement.replacement()));
        }
        if (cleaned.isBlank()) {
            return null;
        }
        return cleaned + "###" + FORCED_NEGATIVE + negative;
    }

    /** Whether the positive prompt is short enough to be sanitized. */
    public static boolean replaceable(String prompt) {
        return positive(prompt).length() <= MAX_REPLACEABLE_PROMPT;
    }

    static String positive(String prompt) {
        int split = prompt.indexOf("###");
        return split < 0 ? prompt : prompt.substring(0, split);
    }

    /** Removes the tricks one might use to slip past the filters: weights, punctuation, spaced letters, accents. */
    static String normalize(String prompt) {
        String text = WEIGHT.matcher(prompt).replaceAll("$1");
        text = PUNCTUATION.matcher(text).replaceAll(" ");
        Matcher spaced = SPACED_LETTERS.matcher(text);
        StringBuilder joined = new StringBuilder();
        while (spaced.find()) {
            String trimmed = spaced.group().strip();
            spaced.appendReplacement(joined, Matcher.quoteReplacement(
                    spaced.group().substring(0, spaced.group().indexOf(trimmed)) + SPACES.matcher(trimmed).replaceAll("")));
        }
        spaced.appendTail(joined);
        text = SPACES.matcher(joined.toString()).replaceAll(" ");
        return MARKS.matcher(Normalizer.normalize(text, Normalizer.Form.NFD)).replaceAll("");
    }
}
