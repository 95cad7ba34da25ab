package org.openhorde.ratings.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Pins the JSONL manifest's rules (the Parquet reader's): id, exactly one of url and object_key, metadata. */
class JsonlManifestTest {

    private static List<ManifestEntry> read(String text) {
        return DatasetManifest.read(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsIdsLocationsAndMetadataLineByLine() {
        List<ManifestEntry> entries = read("""
                {"id": "a", "url": "https://example.com/a.png", "metadata": {"caption": "a cat"}, "aesthetic": 6.5}

                {"id": 7, "object_key": "laion/7.jpg", "caption": null}
                """);
        assertEquals(2, entries.size());
        assertEquals(new ManifestEntry("a", "https://example.com/a.png", null,
                Map.of("caption", "a cat", "aesthetic", 6.5)), entries.get(0));
        assertEquals("7", entries.get(1).id());
        assertNull(entries.get(1).url());
        assertEquals("laion/7.jpg", entries.get(1).objectKey());
        assertTrue(entries.get(1).metadata().isEmpty(), "null fields are not metadata");
    }

    @Test
    void refusesMalformedLinesNamingTheLine() {
        assertMessage("line 2 is not JSON", "{\"id\": 1, \"url\": \"https://x/1\"}\n{nope");
        assertMessage("line 1 has no id", "{\"url\": \"https://x/1\"}");
        assertMessage("line 1 has no id", "{\"id\": {\"a\": 1}, \"url\": \"https://x/1\"}");
        assertMessage("needs exactly one of url and object_key", "{\"id\": 1}");
        assertMessage("needs exactly one of url and object_key",
                "{\"id\": 1, \"url\": \"https://x/1\", \"object_key\": \"k\"}");
        assertMessage("metadata is not a JSON object", "{\"id\": 1, \"url\": \"https://x/1\", \"metadata\": 3}");
        assertMessage("is not a JSON object", "[1, 2]");
        assertMessage("url is not a string", "{\"id\": 1, \"url\": 5}");
    }

    @Test
    void aParquetFileIsToldApartByItsMagic() {
        assertFalse(DatasetManifest.isParquet("{\"id\": 1}".getBytes(StandardCharsets.UTF_8)));
        assertTrue(DatasetManifest.isParquet("PAR1....PAR1".getBytes(StandardCharsets.US_ASCII)));
    }

    private static void assertMessage(String expected, String manifest) {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> read(manifest));
        assertTrue(refused.getMessage().contains(expected), refused.getMessage());
    }
}
