package org.openhorde.storage.domain;

/**
 * What the storage-service recorded for a delivered job's image.
 *
 * @param sizeBytes   {@code null} when {@link ImageState#MISSING}
 * @param contentType as the store reports it; {@code null} when {@link ImageState#MISSING}
 */
public record StoredImage(String bucket, String objectKey, Long sizeBytes, String contentType, ImageState state) {

    public static StoredImage stored(String bucket, String objectKey, StoredObject object) {
        return new StoredImage(bucket, objectKey, object.sizeBytes(), object.contentType(), ImageState.STORED);
    }

    public static StoredImage missing(String bucket, String objectKey) {
        return new StoredImage(bucket, objectKey, null, null, ImageState.MISSING);
    }
}
