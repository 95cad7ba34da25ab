package org.openhorde.ratings.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The export's files as researchers read them: the Parquet part read back by DuckDB (a reader independent of
 * parquet-java, which writes it), the JSONL part line by line, and the data card naming every column.
 */
class ExportFilesTest {

    @TempDir
    Path dir;

    private static ExportRow row(int rating, Integer artifacts, String model, Long sincePrevious) {
        return new ExportRow(UUID.randomUUID().toString(), UUID.randomUUID().toString(),
                UUID.randomUUID().toString(), "horde-shared", "it-shared", "abc.webp", model,
                RaterHash.of("salt", 42), rating, artifacts, Instant.parse("2026-12-06T10:00:00.123Z"), -50.0, 3600,
                12, 3, true, "ExportFilesTest:1:openhorde", sincePrevious, 0, 2);
    }

    @Test
    void duckDbReadsTheParquetPartWithTheDocumentedColumnsTypesAndNulls() throws Exception {
        List<ExportRow> rows = List.of(row(9, 0, "stable_diffusion", 12L), row(1, null, null, null));
        Path part = dir.resolve("part-000001.parquet");
        Files.write(part, ExportFiles.parquet(rows));

        try (Connection duck = new org.duckdb.DuckDBDriver().connect("jdbc:duckdb:", new java.util.Properties()); Statement sql = duck.createStatement()) {
            List<String> names = new ArrayList<>();
            try (ResultSet columns = sql.executeQuery("describe select * from read_parquet('" + part + "')")) {
                while (columns.next()) {
                    names.add(columns.getString("column_name"));
                }
            }
            assertEquals(ExportColumns.COLUMNS.stream().map(ExportColumns.Column::name).toList(), names);

            try (ResultSet result = sql.executeQuery("select rating, artifacts, model, rater_seconds_since_previous, "
                    + "rated_at, rater_kudos, rater_trusted, rater_hash, epoch_ms(rated_at) as ms "
                    + "from read_parquet('" + part + "') order by rating desc")) {
                assertTrue(result.next());
                assertEquals(9, result.getInt("rating"));
                assertEquals(0, result.getInt("artifacts"));
                assertFalse(result.wasNull());
                assertEquals("stable_diffusion", result.getString("model"));
                assertEquals(12, result.getLong("rater_seconds_since_previous"));
                assertEquals(Instant.parse("2026-12-06T10:00:00.123Z").toEpochMilli(), result.getLong("ms"));
                assertEquals(-50.0, result.getDouble("rater_kudos"));
                assertTrue(result.getBoolean("rater_trusted"));
                assertEquals(RaterHash.of("salt", 42), result.getString("rater_hash"));
                assertTrue(result.next());
                assertEquals(1, result.getInt("rating"));
                result.getInt("artifacts");
                assertTrue(result.wasNull(), "no artifacts score is null, not 0");
                assertNull(result.getString("model"));
                assertFalse(result.next());
            }
        }
    }

    @Test
    void theJsonlPartHasOneLinePerRowWithEveryColumn() throws Exception {
        byte[] jsonl = ExportFiles.jsonl(List.of(row(5, 2, "m", 1L), row(6, null, null, null)));
        String[] lines = new String(jsonl, StandardCharsets.UTF_8).split("\n");
        assertEquals(2, lines.length);
        JsonNode second = ExportFiles.JSON.readTree(lines[1]);
        assertEquals(ExportColumns.COLUMNS.stream().map(ExportColumns.Column::name).toList(),
                iterable(second.fieldNames()));
        assertTrue(second.get("artifacts").isNull());
        assertEquals("2026-12-06T10:00:00.123Z", second.get("rated_at").asText());
    }

    @Test
    void theDataCardDocumentsEveryColumnTheScalesAndTheFilter() {
        ExportManifest manifest = new ExportManifest(ExportColumns.SCHEMA_VERSION, "e1", Instant.now(), "it-shared",
                ExportManifest.prefixOf(Instant.parse("2026-12-06T10:00:00Z")), 0, "x",
                ExportManifest.Filters.ACCEPTED_ONLY, List.of(), "p/datacard.md", ExportColumns.COLUMNS);
        assertEquals("exports/20261206T100000Z/", manifest.prefix());
        String card = DataCard.render(manifest);
        for (ExportColumns.Column column : ExportColumns.COLUMNS) {
            assertTrue(card.contains("`" + column.name() + "`"), column.name());
        }
        assertTrue(card.contains("1 = dislike … 10 = like"));
        assertTrue(card.contains("0 = flawless … 5 = garbage"));
        assertTrue(card.contains("accepted"));
        assertTrue(card.contains("SHA-256"));
    }

    @Test
    void theSchemaAndTheDocumentedColumnsAreTheSameList() {
        assertEquals(ExportColumns.COLUMNS.stream().map(ExportColumns.Column::name).toList(),
                ExportColumns.SCHEMA.getFields().stream().map(f -> f.getName()).toList());
        ExportColumns.COLUMNS.forEach(c -> assertEquals(c.nullable(),
                ExportColumns.SCHEMA.getType(c.name()).isRepetition(org.apache.parquet.schema.Type.Repetition.OPTIONAL),
                c.name()));
    }

    private static List<String> iterable(java.util.Iterator<String> names) {
        List<String> list = new ArrayList<>();
        names.forEachRemaining(list::add);
        return list;
    }
}
