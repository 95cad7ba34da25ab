package org.openhorde.ratings.domain;

import java.util.Map;

/**
 * One image of a dataset manifest, whichever format it came in (JSONL or Parquet): its id in the dataset, where
 * to fetch it from — a URL or an object key, exactly one of the two — and its metadata.
 */
public record ManifestEntry(String id, String url, String objectKey, Map<String, Object> metadata) {
}
