package org.openhorde.ratings.domain;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a dataset manifest in JSON Lines into {@link ManifestEntry}s, with the Parquet reader's rules: one JSON
 * object per line with {@code id} (string or integer), exactly one of {@code url} and {@code object_key}, and
 * metadata — a {@code metadata} object plus every other field under its own name. Blank lines are ignored.
 */
public final class JsonlManifest {

    private JsonlManifest() {
    }

    /** Every entry, in file order; an {@link IllegalArgumentException} naming the line for anything malformed. */
    public static List<ManifestEntry> read(byte[] jsonl) {
        String text = new String(jsonl, StandardCharsets.UTF_8);
        if (!text.isEmpty() && text.charAt(0) == '\uFEFF') {
            text = text.substring(1);
        }
        List<ManifestEntry> entries = new ArrayList<>();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (!lines[i].isBlank()) {
                entries.add(entry(lines[i], i + 1));
            }
        }
        return entries;
    }

    private static ManifestEntry entry(String line, int number) {
        JsonNode node;
        try {
            node = ExportFiles.JSON.readTree(line);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("manifest line " + number + " is not JSON");
        }
        if (!(node instanceof ObjectNode object)) {
            throw new IllegalArgumentException("manifest line " + number + " is not a JSON object");
        }
        JsonNode id = object.get(ParquetManifest.ID);
        if (id == null || !(id.isTextual() || id.isIntegralNumber()) || id.asText().isBlank()) {
            throw new IllegalArgumentException("manifest line " + number + " has no id (a string or an integer)");
        }
        String url = text(object, ParquetManifest.URL, number);
        String objectKey = text(object, ParquetManifest.OBJECT_KEY, number);
        boolean hasUrl = url != null && !url.isBlank();
        boolean hasKey = objectKey != null && !objectKey.isBlank();
        if (hasUrl == hasKey) {
            throw new IllegalArgumentException("manifest line " + number + " (id " + id.asText()
                    + ") needs exactly one of url and object_key");
        }
        Map<String, Object> metadata = new LinkedHashMap<>();
        JsonNode nested = object.get(ParquetManifest.METADATA);
        if (nested != null && !nested.isNull()) {
            if (!nested.isObject()) {
                throw new IllegalArgumentException("manifest line " + number + ": metadata is not a JSON object");
            }
            metadata.putAll(ExportFiles.JSON.convertValue(nested, Map.class));
        }
        for (Iterator<Map.Entry<String, JsonNode>> fields = object.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            switch (field.getKey()) {
                case ParquetManifest.ID, ParquetManifest.URL, ParquetManifest.OBJECT_KEY, ParquetManifest.METADATA -> {
                }
                default -> {
                    if (!field.getValue().isNull()) {
                        metadata.put(field.getKey(), ExportFiles.JSON.convertValue(field.getValue(), Object.class));
                    }
                }
            }
        }
        return new ManifestEntry(id.asText(), hasUrl ? url : null, hasKey ? objectKey : null, metadata);
    }

    private static String text(ObjectNode object, String field, int number) {
        JsonNode value = object.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new IllegalArgumentException("manifest line " + number + ": " + field + " is not a string");
        }
        return value.asText();
    }
}
