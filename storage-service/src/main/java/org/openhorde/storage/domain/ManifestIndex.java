package org.openhorde.storage.domain;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import java.util.List;

/**
 * {@code manifest/index.json}: every part of the manifest, oldest first, and the total. A reader fetches the index,
 * then only the parts it has not seen: parts are append-only.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ManifestIndex(int formatVersion, long totalRows, Instant updatedAt, List<ManifestPart> parts) {

    public static final int FORMAT_VERSION = 1;

    public static ManifestIndex of(List<ManifestPart> parts, Instant updatedAt) {
        return new ManifestIndex(FORMAT_VERSION, parts.stream().mapToLong(ManifestPart::rows).sum(), updatedAt,
                List.copyOf(parts));
    }
}
