package org.openhorde.ratings.domain;

import static org.apache.parquet.schema.LogicalTypeAnnotation.stringType;
import static org.apache.parquet.schema.LogicalTypeAnnotation.timestampType;
import static org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.BINARY;
import static org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.BOOLEAN;
import static org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.DOUBLE;
import static org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.INT32;
import static org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.INT64;

import java.util.List;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimeUnit;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Types;

/**
 * The research export's columns, in order: the Parquet schema and the data card's column table are both made from
 * this one list, so they cannot drift apart. {@link #SCHEMA_VERSION} changes whenever a column is added, removed or
 * changes meaning.
 */
public final class ExportColumns {

    /** Version 1: the columns below (decision 0033). */
    public static final int SCHEMA_VERSION = 1;

    /** One column: its name, its type as readers see it, whether it can be null, what it means. */
    public record Column(String name, String type, boolean nullable, String meaning) {
    }

    public static final List<Column> COLUMNS = List.of(
            new Column("rating_id", "string (UUID)", false, "The rating's id; unique in an export."),
            new Column("image_id", "string (UUID)", false,
                    "The rated image's id. For a shared generation it is the generation's id (the AI Horde's procgen id)."),
            new Column("dataset_id", "string (UUID)", false, "The dataset the image belongs to."),
            new Column("dataset_name", "string", false,
                    "The dataset's name: `horde-shared` for shared generations, the sample or an imported dataset's name otherwise."),
            new Column("bucket", "string", false, "The S3 bucket holding the image."),
            new Column("object_key", "string", false,
                    "The image's object key in `bucket` (for shared generations, next to its `.json` sidecar with prompt and parameters)."),
            new Column("model", "string", true, "The model that generated the image; null for dataset images without one."),
            new Column("rater_hash", "string (hex SHA-256)", false,
                    "The rater: SHA-256 of the horde's secret export salt, `:` and the user id (`anonymous` for every anonymous rater). "
                            + "Stable across ratings and exports of one horde, so ratings can be grouped per rater; not reversible without the salt."),
            new Column("rating", "int32", false, "The aesthetic rating: 1 = dislike ... 10 = like."),
            new Column("artifacts", "int32", true,
                    "The artifacts score: 0 = flawless ... 5 = garbage; null when the rater gave none. Note: oriented opposite to `rating`."),
            new Column("rated_at", "timestamp (UTC, milliseconds)", false, "When the rating was given."),
            new Column("rater_kudos", "double", false,
                    "The rater's kudos at the moment of rating; -50 marks anonymous raters (as the AI Horde's export does)."),
            new Column("rater_account_age_seconds", "int64", false, "Seconds since the rater's account was created (0 for anonymous)."),
            new Column("rater_images_generated", "int64", false,
                    "Images the rater had requested and received at the moment of rating (the AI Horde's `usage_requests`)."),
            new Column("rater_ratings_given", "int64", false, "Ratings the rater had given before this one."),
            new Column("rater_trusted", "boolean", false, "Whether the horde trusted the rater at the moment of rating."),
            new Column("rater_client_agent", "string", false,
                    "The rating client's `Client-Agent` header (`unknown:0:unknown` when missing); unknown clients are more suspicious."),
            new Column("rater_seconds_since_previous", "int64", true,
                    "Seconds since the rater's previous rating; null for a first rating and for anonymous raters."),
            new Column("rater_control_failed", "int32", false,
                    "Control (known-answer) images failed minus passed by the rater so far; 0 until control images exist."),
            new Column("image_times_rated", "int32", false,
                    "Accepted ratings of this image at export time (the AI Horde's `ratings_count`)."));

    public static final MessageType SCHEMA = Types.buildMessage()
            .required(BINARY).as(stringType()).named("rating_id")
            .required(BINARY).as(stringType()).named("image_id")
            .required(BINARY).as(stringType()).named("dataset_id")
            .required(BINARY).as(stringType()).named("dataset_name")
            .required(BINARY).as(stringType()).named("bucket")
            .required(BINARY).as(stringType()).named("object_key")
            .optional(BINARY).as(stringType()).named("model")
            .required(BINARY).as(stringType()).named("rater_hash")
            .required(INT32).named("rating")
            .optional(INT32).named("artifacts")
            .required(INT64).as(timestampType(true, TimeUnit.MILLIS)).named("rated_at")
            .required(DOUBLE).named("rater_kudos")
            .required(INT64).named("rater_account_age_seconds")
            .required(INT64).named("rater_images_generated")
            .required(INT64).named("rater_ratings_given")
            .required(BOOLEAN).named("rater_trusted")
            .required(BINARY).as(stringType()).named("rater_client_agent")
            .optional(INT64).named("rater_seconds_since_previous")
            .required(INT32).named("rater_control_failed")
            .required(INT32).named("image_times_rated")
            .named("rating");

    private ExportColumns() {
    }
}
