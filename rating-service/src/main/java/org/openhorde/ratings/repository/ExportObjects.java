package org.openhorde.ratings.repository;

import io.minio.GetPresignedObjectUrlArgs;
import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectsArgs;
import io.minio.Result;
import io.minio.messages.DeleteError;
import io.minio.messages.DeleteObject;
import io.minio.messages.Item;
import io.minio.http.Method;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.openhorde.ratings.config.Presigning;
import org.openhorde.ratings.config.RatingConfig;
import org.openhorde.ratings.domain.ExportManifest;

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

    /**
     * Deletes every object under {@code prefix} (an old export's parts, manifest and data card); blocking. Returns
     * how many there were. Only ever called with an {@code exports/<ts>/} prefix.
     */
    public int deletePrefix(String prefix) {
        if (!prefix.startsWith(ExportManifest.ROOT) || prefix.length() <= ExportManifest.ROOT.length()
                || !prefix.endsWith("/")) {
            throw new IllegalArgumentException("not an export's prefix: " + prefix);
        }
        try {
            List<DeleteObject> doomed = new ArrayList<>();
            for (Result<Item> item : minio.listObjects(ListObjectsArgs.builder().bucket(bucket()).prefix(prefix)
                    .recursive(true).build())) {
                doomed.add(new DeleteObject(item.get().objectName()));
            }
            if (doomed.isEmpty()) {
                return 0;
            }
            // removeObjects is lazy: the deletion happens while its results are read.
            for (Result<DeleteError> error : minio.removeObjects(RemoveObjectsArgs.builder().bucket(bucket())
                    .objects(doomed).build())) {
                DeleteError failed = error.get();
                throw new IllegalStateException("deleting " + failed.objectName() + " failed: " + failed.message());
            }
            return doomed.size();
        } catch (IllegalStateException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("deleting " + prefix + " failed: " + e, e);
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
