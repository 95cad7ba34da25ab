package org.openhorde.ratings.repository;

import io.minio.GetPresignedObjectUrlArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.http.Method;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.openhorde.ratings.config.Presigning;
import org.openhorde.ratings.config.RatingConfig;

/**
 * The research export's objects in storage-service's shared bucket (decision 0033): written under {@code exports/}
 * only, never anything else of that bucket; read by researchers through presigned URLs.
 */
@ApplicationScoped
public class ExportObjects {

    private final MinioClient minio;
    private final MinioClient presigning;
    private final RatingConfig config;

    ExportObjects(MinioClient minio, @Presigning MinioClient presigning, RatingConfig config) {
        this.minio = minio;
        this.presigning = presigning;
        this.config = config;
    }

    public String bucket() {
        return config.store().sharedBucket();
    }

    /** Blocking: call on a worker thread. */
    public void put(String key, byte[] bytes, String contentType) {
        try {
            minio.putObject(PutObjectArgs.builder().bucket(bucket()).object(key)
                    .stream(new ByteArrayInputStream(bytes), bytes.length, -1).contentType(contentType).build());
        } catch (IOException e) {
            throw new UncheckedIOException("writing " + key + " to the store failed", e);
        } catch (Exception e) {
            throw new IllegalStateException("writing " + key + " to the store failed: " + e, e);
        }
    }

    /** A presigned GET of an export object, for the public endpoint; local computation. */
    public String downloadUrl(String key) {
        try {
            return presigning.getPresignedObjectUrl(GetPresignedObjectUrlArgs.builder().method(Method.GET)
                    .bucket(bucket()).object(key).expiry((int) config.export().urlTtl().toSeconds()).build());
        } catch (Exception e) {
            throw new IllegalStateException("signing a URL is local and cannot fail: " + e, e);
        }
    }
}
