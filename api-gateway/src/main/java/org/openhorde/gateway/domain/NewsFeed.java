package org.openhorde.gateway.domain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Reads the operator's news file (the AI Horde's {@code news.json}: an array of pieces) into the feed clients get,
 * newest first. A piece the operator got wrong (no title or text, a date that is not {@code YYYY-MM-DD}) is left out
 * and named in {@link Parsed#problems()}, so one typo does not take the whole feed down; a file that is not a JSON
 * array at all is refused as a whole, so that the gateway keeps serving the last good feed instead.
 */
public final class NewsFeed {

    /** The importance the AI Horde's pieces carry when the operator names none. */
    public static final String DEFAULT_IMPORTANCE = "Information";

    public record Parsed(List<NewsPiece> pieces, List<String> problems) {
    }

    private NewsFeed() {
    }

    public static Parsed parse(byte[] json, ObjectMapper mapper) throws IOException {
        JsonNode root = mapper.readTree(json);
        if (root == null || !root.isArray()) {
            throw new IOException("the news file must hold a JSON array of news pieces");
        }
        List<NewsPiece> pieces = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (int index = 0; index < root.size(); index++) {
            JsonNode node = root.get(index);
            String problem = problemOf(node);
            if (problem != null) {
                problems.add("piece " + index + ": " + problem);
                continue;
            }
            pieces.add(new NewsPiece(node.get("date_published").asText(), node.get("newspiece").asText(),
                    text(node, "importance", DEFAULT_IMPORTANCE), strings(node, "tags"), node.get("title").asText(),
                    strings(node, "more_info_urls")));
        }
        // ISO dates sort as text; equal dates keep the file's order (the operator's own order within a day)
        pieces.sort(Comparator.comparing(NewsPiece::datePublished).reversed());
        return new Parsed(List.copyOf(pieces), List.copyOf(problems));
    }

    private static String problemOf(JsonNode node) {
        if (node == null || !node.isObject()) {
            return "not an object";
        }
        for (String field : List.of("date_published", "newspiece", "title")) {
            JsonNode value = node.get(field);
            if (value == null || !value.isTextual() || value.asText().isBlank()) {
                return "'" + field + "' must be a non-empty string";
            }
        }
        try {
            LocalDate.parse(node.get("date_published").asText());
        } catch (DateTimeParseException e) {
            return "'date_published' must be a date like 2026-12-06";
        }
        for (String field : List.of("tags", "more_info_urls")) {
            JsonNode value = node.get(field);
            if (value != null && !value.isNull() && !(value.isArray() && allText(value))) {
                return "'" + field + "' must be a list of strings";
            }
        }
        JsonNode importance = node.get("importance");
        if (importance != null && !importance.isNull() && !importance.isTextual()) {
            return "'importance' must be a string";
        }
        return null;
    }

    private static boolean allText(JsonNode array) {
        for (JsonNode element : array) {
            if (!element.isTextual()) {
                return false;
            }
        }
        return true;
    }

    private static String text(JsonNode node, String field, String fallback) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() || value.asText().isBlank() ? fallback : value.asText();
    }

    private static List<String> strings(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return List.of();
        }
        List<String> strings = new ArrayList<>();
        value.forEach(element -> strings.add(element.asText()));
        return List.copyOf(strings);
    }
}
