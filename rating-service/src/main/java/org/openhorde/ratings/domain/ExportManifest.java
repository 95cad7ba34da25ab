package org.openhorde.ratings.domain;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code exports/<ts>/manifest.json}: what one export holds — its parts with row counts, sizes and SHA-256 checksums,
 * the schema version and columns, the filters applied, when it was made — so a reader can verify what it fetched.
 *
 * @param contentSha256 SHA-256 of the JSONL parts' bytes in order: two exports with the same rows have the same one
 *                      (the exporter skips an export that would repeat the previous one)
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ExportManifest(
        int schemaVersion,
        String exportId,
        Instant createdAt,
        String bucket,
        String prefix,
        long rows,
        String contentSha256,
        Filters filters,
        List<Part> parts,
        String dataCard,
        List<ExportColumns.Column> columns) {

    public static final String ROOT = "exports/";
    /** The pointer to the newest export, rewritten after each one. */
    public static final String LATEST_KEY = ROOT + "latest.json";
    public static final String MANIFEST = "manifest.json";
    public static final String DATA_CARD = "datacard.md";

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    /** {@code exports/20261206T110312Z/}: sortable by name, one per export (exports are at least a second apart). */
    public static String prefixOf(Instant createdAt) {
        return ROOT + STAMP.format(createdAt) + "/";
    }

    public static String parquetName(int part) {
        return "part-" + String.format("%06d", part) + ".parquet";
    }

    public static String jsonlName(int part) {
        return "part-" + String.format("%06d", part) + ".jsonl";
    }

    /** Which ratings are in it. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Filters(String decision, String description) {

        public static final Filters ACCEPTED_ONLY = new Filters("accepted",
                "Only ratings whose decision is `accepted` at export time. Held and excluded ratings (bad input, a "
                        + "rater's repeated rating of one image, raters excluded by moderation, even retroactively) "
                        + "are left out; an excluded rater's rows disappear from the next export.");
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Part(int part, long rows, PartFile parquet, PartFile jsonl) {
    }

    /** @param name the file's name, which is also its name under {@code /api/v1/download/} */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record PartFile(String name, String key, long bytes, String sha256) {
    }

    /** The file names this export serves under {@code /api/v1/download/}. */
    public List<String> fileNames() {
        return Stream.concat(Stream.of(MANIFEST, DATA_CARD),
                parts.stream().flatMap(part -> Stream.of(part.parquet().name(), part.jsonl().name()))).toList();
    }

    /** {@code exports/latest.json}. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Latest(String exportId, Instant createdAt, String prefix, String manifest, String dataCard,
                         long rows) {
    }

    public Latest latest() {
        return new Latest(exportId, createdAt, prefix, prefix + MANIFEST, dataCard, rows);
    }
}
