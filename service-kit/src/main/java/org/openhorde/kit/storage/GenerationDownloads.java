package org.openhorde.kit.storage;

import io.minio.http.Method;
import java.time.Duration;
import java.util.UUID;
import org.eclipse.microprofile.config.Config;
import org.openhorde.contracts.ObjectKeys;

/**
 * Presigned download URLs of delivered images (a generation, or a post-processor form's product, both kept under
 * {@link ObjectKeys#generation}), for a service that must name one outside a status: a webhook's {@code img} or
 * {@code result}. Reads the same {@code horde.storage.*} keys (and {@code HORDE_STORAGE_*} variables) as
 * storage-service and the gateway, so that all sign for the same store, bucket and validity. Not a bean: only the
 * services that send webhooks carry the MinIO signer on their class path.
 */
public final class GenerationDownloads {

    private final ObjectUrlSigner signer;
    private final String bucket;
    private final Duration validity;

    public GenerationDownloads(ObjectUrlSigner signer, String bucket, Duration validity) {
        this.signer = signer;
        this.bucket = bucket;
        this.validity = validity;
        // The MinIO client loads some hundred classes on its first signature: pay for it now, not on an event loop.
        signer.sign(Method.GET, bucket, "warm-up.webp", validity);
    }

    public static GenerationDownloads fromConfig(Config config) {
        String endpoint = config.getValue("horde.storage.endpoint", String.class);
        String signed = config.getOptionalValue("horde.storage.public-endpoint", String.class)
                .filter(url -> !url.isBlank()).orElse(endpoint);
        String env = config.getOptionalValue("horde.env", String.class).orElse("horde");
        return new GenerationDownloads(new ObjectUrlSigner(signed,
                config.getOptionalValue("horde.storage.region", String.class).orElse("us-east-1"),
                config.getValue("horde.storage.access-key", String.class),
                config.getValue("horde.storage.secret-key", String.class)),
                config.getOptionalValue("horde.storage.buckets.generations", String.class)
                        .orElse(env + "-generations"),
                config.getOptionalValue("horde.storage.presigned-url-validity", Duration.class)
                        .orElse(Duration.ofSeconds(1800)));
    }

    /** Where the image delivered for this job (or post-processor form) can be fetched. */
    public String url(UUID jobOrFormId) {
        return signer.sign(Method.GET, bucket, ObjectKeys.generation(jobOrFormId), validity);
    }
}
