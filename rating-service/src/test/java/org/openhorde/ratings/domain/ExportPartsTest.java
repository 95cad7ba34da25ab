package org.openhorde.ratings.domain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
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
 * Pins the streaming export parts: a part is handed over as soon as it is full (by rows or by bytes), before the next
 * row is taken, so an export never holds more than one part; every row lands in exactly one part, in order, in both
 * formats; an export of no rows still has one (empty, readable) part.
 */
class ExportPartsTest {

    @TempDir
    Path dir;

    private static ExportRow row(int n) {
        return new ExportRow(UUID.randomUUID().toString(), UUID.randomUUID().toString(),
                UUID.randomUUID().toString(), "horde-shared", "it-shared", "image-" + n + ".webp", "model",
                RaterHash.of("salt", n), 1 + n % 10, null, Instant.parse("2026-12-06T10:00:00Z").plusSeconds(n),
                10.0, 3600, 12, 3, false, "ExportPartsTest:1", null, 0, 1);
    }

    @Test
    void partsAreHandedOverAsSoonAsTheyAreFullByRows() {
        List<ExportParts.Part> handed = new ArrayList<>();
        ExportParts parts = new ExportParts(10, Long.MAX_VALUE, handed::add);
        List<ExportRow> rows = new ArrayList<>();
        for (int n = 0; n < 25; n++) {
            rows.add(row(n));
            parts.add(rows.get(n));
            // Streaming: part k is out once row 10k + 1 arrives, not at the end.
            assertEquals(n / 10, handed.size(), "parts handed over after row " + n);
        }
        parts.finish();
        assertEquals(List.of(10L, 10L, 5L), handed.stream().map(ExportParts.Part::rows).toList());
        assertEquals(List.of(1, 2, 3), handed.stream().map(ExportParts.Part::number).toList());

        ByteArrayOutputStream all = new ByteArrayOutputStream();
        handed.forEach(part -> all.writeBytes(part.jsonl()));
        assertArrayEquals(ExportFiles.jsonl(rows), all.toByteArray(), "every row once, in order");
    }

    @Test
    void aPartClosesAtItsByteBudgetToo() {
        int lineBytes = ExportFiles.json(row(1)).length + 1;
        List<ExportParts.Part> handed = new ArrayList<>();
        ExportParts parts = new ExportParts(1_000, lineBytes * 3L, handed::add);
        for (int n = 0; n < 7; n++) {
            parts.add(row(n));
        }
        parts.finish();
        assertEquals(List.of(3L, 3L, 1L), handed.stream().map(ExportParts.Part::rows).toList());
        handed.forEach(part -> assertTrue(part.jsonl().length <= lineBytes * 3L + 3, "bounded part"));
    }

    @Test
    void eachPartsParquetHoldsItsRowsAndAnEmptyExportHasOneReadablePart() throws Exception {
        List<ExportParts.Part> handed = new ArrayList<>();
        ExportParts parts = new ExportParts(4, Long.MAX_VALUE, handed::add);
        for (int n = 0; n < 6; n++) {
            parts.add(row(n));
        }
        parts.finish();
        ExportParts empty = new ExportParts(4, Long.MAX_VALUE, handed::add);
        empty.finish();
        assertEquals(3, handed.size());
        assertEquals(0, handed.get(2).rows());
        assertEquals(0, handed.get(2).jsonl().length);

        try (Connection duck = new org.duckdb.DuckDBDriver().connect("jdbc:duckdb:", new java.util.Properties());
             Statement sql = duck.createStatement()) {
            List<Long> counts = new ArrayList<>();
            for (int i = 0; i < handed.size(); i++) {
                Path file = dir.resolve("part-" + i + ".parquet");
                Files.write(file, handed.get(i).parquet());
                try (ResultSet count = sql.executeQuery("select count(*), min(object_key) from read_parquet('"
                        + file + "')")) {
                    count.next();
                    counts.add(count.getLong(1));
                    if (i == 1) {
                        assertEquals("image-4.webp", count.getString(2), "the second part starts at row 4");
                    }
                }
            }
            assertEquals(List.of(4L, 2L, 0L), counts);
        }
        assertTrue(new String(handed.get(0).jsonl(), StandardCharsets.UTF_8).startsWith("{"));
    }
}
