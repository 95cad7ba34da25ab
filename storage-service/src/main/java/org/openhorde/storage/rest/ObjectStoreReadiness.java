package org.openhorde.storage.rest;

import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.openhorde.storage.config.StorageConfig;
import org.openhorde.storage.repository.ObjectStore;

/** Not ready while the S3 store does not answer: every operation of this service needs it. */
@Readiness
@ApplicationScoped
public class ObjectStoreReadiness implements AsyncHealthCheck {

    static final String NAME = "object-store";

    private final ObjectStore store;
    private final String bucket;
    private final Duration timeout;

    @Inject
    ObjectStoreReadiness(ObjectStore store, StorageConfig config) {
        this(store, config.buckets().generations(), config.healthTimeout());
    }

    ObjectStoreReadiness(ObjectStore store, String bucket, Duration timeout) {
        this.store = store;
        this.bucket = bucket;
        this.timeout = timeout;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        return store.bucketExists(bucket)
                .ifNoItem().after(timeout).fail()
                .map(exists -> HealthCheckResponse.named(NAME).status(exists).withData("bucket", bucket).build())
                .onFailure().recoverWithItem(failure -> HealthCheckResponse.named(NAME).down()
                        .withData("bucket", bucket).withData("error", failure.toString()).build());
    }
}
