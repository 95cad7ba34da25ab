package org.openhorde.storage.service;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;
import org.openhorde.storage.config.StorageConfig;
import org.openhorde.storage.domain.BucketNames;
import org.openhorde.storage.repository.ObjectStore;

/**
 * Makes sure the generations, sources and shared buckets exist before the service takes traffic, so a fresh store
 * needs no manual setup. Safe on every start and with several instances starting at once.
 */
@ApplicationScoped
public class BucketBootstrap {

    private static final Logger LOG = Logger.getLogger(BucketBootstrap.class);

    private final ObjectStore store;
    private final StorageConfig config;

    BucketBootstrap(ObjectStore store, StorageConfig config) {
        this.store = store;
        this.config = config;
    }

    void onStart(@Observes StartupEvent ignored) {
        List<String> created = ensureBuckets(config.buckets().all());
        LOG.infof("buckets ready at %s (created: %s)", config.endpoint(), created.isEmpty() ? "none" : created);
    }

    /** Returns the buckets this call created. */
    public List<String> ensureBuckets(List<String> buckets) {
        buckets.forEach(bucket -> BucketNames.problem(bucket).ifPresent(problem -> {
            throw new IllegalStateException(problem);
        }));
        // Worst case: the check and the create each wait out both timeouts.
        Duration patience = config.connectTimeout().plus(config.ioTimeout()).multipliedBy(2);
        List<String> created = new ArrayList<>();
        for (String bucket : buckets) {
            if (store.ensureBucket(bucket).await().atMost(patience)) {
                created.add(bucket);
            }
        }
        return created;
    }
}
