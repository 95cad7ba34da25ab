package org.openhorde.storage.domain;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;

/** One part of the manifest, as {@code manifest/index.json} lists it. Parts are numbered from 1 and never rewritten. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ManifestPart(int part, int rows, String jsonl, String parquet, Instant exportedAt) {

    static final String PREFIX = "manifest/";
    public static final String INDEX_KEY = PREFIX + "index.json";

    public static String jsonlKey(int part) {
        return PREFIX + "part-" + String.format("%06d", part) + ".jsonl";
    }

    public static String parquetKey(int part) {
        return PREFIX + "part-" + String.format("%06d", part) + ".parquet";
    }
}
