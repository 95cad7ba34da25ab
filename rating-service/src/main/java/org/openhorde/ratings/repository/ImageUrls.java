package org.openhorde.ratings.repository;

import io.minio.GetPresignedObjectUrlArgs;
import io.minio.MinioClient;
import io.minio.http.Method;
import jakarta.enterprise.context.ApplicationScoped;
import org.openhorde.ratings.config.Presigning;
import org.openhorde.ratings.config.RatingConfig;

/** Presigned download URLs of rateable images, computed locally (no round trip to the store). */
@ApplicationScoped
public class ImageUrls {

    private final MinioClient presigning;
    private final int ttlSeconds;

    ImageUrls(@Presigning MinioClient presigning, RatingConfig config) {
        this.presigning = presigning;
        this.ttlSeconds = (int) config.urlTtl().toSeconds();
    }

    public String downloadUrl(RateableImage image) {
        try {
            return presigning.getPresignedObjectUrl(GetPresignedObjectUrlArgs.builder().method(Method.GET)
                    .bucket(image.bucket).object(image.objectKey).expiry(ttlSeconds).build());
        } catch (Exception e) {
            throw new IllegalStateException("signing a URL is local and cannot fail: " + e, e);
        }
    }
}
