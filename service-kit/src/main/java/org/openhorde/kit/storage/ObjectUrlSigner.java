package org.openhorde.kit.storage;

import io.minio.GetPresignedObjectUrlArgs;
import io.minio.MinioClient;
import io.minio.errors.MinioException;
import io.minio.http.Method;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.time.Duration;

/**
 * Signs presigned S3 URLs (AWS signature V4) without ever opening a connection: a MinIO client that knows its region
 * signs locally, so any service holding the store's credentials computes the same URLs storage-service would. The
 * gateway signs its pops' upload and download URLs this way instead of asking storage-service per pop; storage-service
 * signs through the same class, so both hand out URLs of one form.
 *
 * <p>The endpoint is the one workers and clients reach (a presigned URL carries its host in the signature), which is
 * not necessarily the one the services use.
 */
public final class ObjectUrlSigner {

    private final MinioClient signer;

    public ObjectUrlSigner(String endpoint, String region, String accessKey, String secretKey) {
        if (region == null || region.isBlank()) {
            // Without a region the client asks the store for each bucket's location: a call per URL.
            throw new IllegalArgumentException("a region is required to sign URLs locally");
        }
        this.signer = MinioClient.builder().endpoint(endpoint).region(region).credentials(accessKey, secretKey)
                .build();
    }

    /** A URL that lets its holder {@code method} the object for {@code validity}, with no credentials of its own. */
    public String sign(Method method, String bucket, String key, Duration validity) {
        try {
            return signer.getPresignedObjectUrl(GetPresignedObjectUrlArgs.builder().method(method)
                    .bucket(bucket).object(key).expiry((int) validity.toSeconds()).build());
        } catch (MinioException | GeneralSecurityException | IOException e) {
            throw new IllegalStateException("presigning is local and should not fail", e);
        }
    }
}
