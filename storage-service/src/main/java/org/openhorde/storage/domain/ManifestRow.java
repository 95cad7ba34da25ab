package org.openhorde.storage.domain;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * One shared image in the researchers' manifest: its sidecar's fields and where the image and the sidecar are in
 * the shared bucket.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ManifestRow(@JsonUnwrapped SharedImageMetadata metadata, String imageKey, String sidecarKey,
                          String contentType) {
}
