package org.openhorde.ratings.domain;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/** A dataset manifest of either format, told apart by its bytes: a Parquet file starts with {@code PAR1}. */
public final class DatasetManifest {

    private static final byte[] PARQUET_MAGIC = "PAR1".getBytes(StandardCharsets.US_ASCII);

    private DatasetManifest() {
    }

    public static boolean isParquet(byte[] bytes) {
        return bytes.length >= 8 && Arrays.equals(bytes, 0, 4, PARQUET_MAGIC, 0, 4);
    }

    /** Every entry in file order; an {@link IllegalArgumentException} saying what is malformed and where. */
    public static List<ManifestEntry> read(byte[] bytes) {
        return isParquet(bytes) ? ParquetManifest.read(bytes) : JsonlManifest.read(bytes);
    }
}
