package org.openhorde.ratings.domain;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import org.apache.parquet.example.data.Group;

/**
 * The export's file formats: a row's Parquet record and JSON line ({@link ExportParts} writes the parts), the
 * manifest's JSON, checksums. Parquet is uncompressed on purpose: every Parquet compression
 * codec goes through Hadoop's configuration classes, which we do not ship (decision 0033); dictionary encoding keeps
 * the repetitive columns (dataset, bucket, client agent, rater hash) small anyway.
 */
public final class ExportFiles {

    /** Timestamps as ISO-8601 strings, nulls written: a line per row with every column. */
    public static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private ExportFiles() {
    }

    /** One part's Parquet file of {@code rows} (what {@link ExportParts} writes, for a list in hand). */
    public static byte[] parquet(List<ExportRow> rows) {
        return whole(rows).parquet();
    }

    /** One part's JSONL file of {@code rows}: a line per row. */
    public static byte[] jsonl(List<ExportRow> rows) {
        return whole(rows).jsonl();
    }

    private static ExportParts.Part whole(List<ExportRow> rows) {
        ExportParts.Part[] part = new ExportParts.Part[1];
        ExportParts parts = new ExportParts(Integer.MAX_VALUE, Long.MAX_VALUE, finished -> part[0] = finished);
        rows.forEach(parts::add);
        parts.finish();
        return part[0];
    }

    public static byte[] json(Object value) {
        try {
            return JSON.writeValueAsString(value).getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("export records always serialise", e);
        }
    }

    /** Indented, for the files people open (the manifest, the latest pointer). */
    public static byte[] prettyJson(Object value) {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(value).getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("export records always serialise", e);
        }
    }

    public static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(sha256Digest().digest(bytes));
    }

    /** A fresh SHA-256 digest, for content streamed through it. */
    public static MessageDigest sha256Digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    static Group group(Group group, ExportRow row) {
        group.add("rating_id", row.ratingId());
        group.add("image_id", row.imageId());
        group.add("dataset_id", row.datasetId());
        group.add("dataset_name", row.datasetName());
        group.add("bucket", row.bucket());
        group.add("object_key", row.objectKey());
        if (row.model() != null) {
            group.add("model", row.model());
        }
        group.add("rater_hash", row.raterHash());
        group.add("rating", row.rating());
        if (row.artifacts() != null) {
            group.add("artifacts", row.artifacts().intValue());
        }
        group.add("rated_at", row.ratedAt().toEpochMilli());
        group.add("rater_kudos", row.raterKudos());
        group.add("rater_account_age_seconds", row.raterAccountAgeSeconds());
        group.add("rater_images_generated", row.raterImagesGenerated());
        group.add("rater_ratings_given", row.raterRatingsGiven());
        group.add("rater_trusted", row.raterTrusted());
        group.add("rater_client_agent", row.raterClientAgent());
        if (row.raterSecondsSincePrevious() != null) {
            group.add("rater_seconds_since_previous", row.raterSecondsSincePrevious().longValue());
        }
        group.add("rater_control_failed", row.raterControlFailed());
        group.add("image_times_rated", row.imageTimesRated());
        return group;
    }
}
