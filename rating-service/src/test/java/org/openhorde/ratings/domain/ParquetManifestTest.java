package org.openhorde.ratings.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Parquet dataset manifests as operators make them (here with DuckDB, whose defaults match pyarrow's: snappy) read
 * into the importer's {@link ManifestEntry}s, and malformed ones refused with the row named.
 */
class ParquetManifestTest {

    @TempDir
    Path dir;

    private byte[] duckdb(String select, String compression) throws Exception {
        Path file = dir.resolve("manifest-" + compression + ".parquet");
        try (Connection duck = new org.duckdb.DuckDBDriver().connect("jdbc:duckdb:", new java.util.Properties()); Statement sql = duck.createStatement()) {
            sql.execute("COPY (" + select + ") TO '" + file + "' (FORMAT parquet, COMPRESSION " + compression + ")");
        }
        return Files.readAllBytes(file);
    }

    @ParameterizedTest
    @ValueSource(strings = {"uncompressed", "snappy", "zstd", "gzip"})
    void readsIdsUrlsObjectKeysAndMetadataWhateverTheCompression(String compression) throws Exception {
        byte[] manifest = duckdb("""
                select * from (values
                  ('a1', 'https://example.org/a1.png', null, '{"caption": "a cat", "aesthetic": 6.5}', 512),
                  ('a2', null, 'laion/a2.webp', null, 768)
                ) as t(id, url, object_key, metadata, width)""", compression);

        List<ManifestEntry> entries = ParquetManifest.read(manifest);

        assertEquals(2, entries.size());
        ManifestEntry first = entries.get(0);
        assertEquals("a1", first.id());
        assertEquals("https://example.org/a1.png", first.url());
        assertNull(first.objectKey());
        assertEquals(Map.of("caption", "a cat", "aesthetic", 6.5, "width", 512), first.metadata());
        ManifestEntry second = entries.get(1);
        assertEquals("laion/a2.webp", second.objectKey());
        assertNull(second.url());
        assertEquals(Map.of("width", 768), second.metadata());
    }

    @Test
    void integerIdsAndUuidColumnsReadAsText() throws Exception {
        byte[] manifest = duckdb("select 7::bigint as id, 'k/7.png' as object_key, "
                + "'6f1c2d4e-0000-4000-8000-000000000007'::uuid as source", "snappy");
        ManifestEntry entry = ParquetManifest.read(manifest).get(0);
        assertEquals("7", entry.id());
        assertEquals("6f1c2d4e-0000-4000-8000-000000000007", entry.metadata().get("source"));
    }

    @Test
    void aRowWithBothOrNeitherLocationIsRefusedByNumber() throws Exception {
        byte[] both = duckdb("select * from (values ('a', 'https://x/a.png', 'k/a.png'), ('b', null, null)) "
                + "as t(id, url, object_key)", "snappy");
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> ParquetManifest.read(both));
        assertTrue(refused.getMessage().contains("row 1"), refused.getMessage());
    }

    @Test
    void aManifestWithoutIdsOrLocationsOrWithNestedColumnsIsRefused() throws Exception {
        assertThrows(IllegalArgumentException.class,
                () -> ParquetManifest.read(duckdb("select 'https://x/a.png' as url", "snappy")));
        assertThrows(IllegalArgumentException.class,
                () -> ParquetManifest.read(duckdb("select 'a' as id, 3 as width", "snappy")));
        assertThrows(IllegalArgumentException.class, () -> ParquetManifest.read(
                duckdb("select 'a' as id, 'k' as object_key, {'w': 1} as size", "snappy")));
        assertThrows(IllegalArgumentException.class, () -> ParquetManifest.read("not parquet".getBytes()));
    }
}
