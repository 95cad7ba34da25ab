package org.openhorde.storage.service;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;
import org.openhorde.contracts.ObjectKeys;
import org.openhorde.contracts.events.InterrogationFormsPopped;
import org.openhorde.kit.inbox.InboxRepository;
import org.openhorde.storage.config.StorageConfig;
import org.openhorde.storage.repository.RetainedObjectRepository;

/**
 * What an interrogation pop means for the objects, now that the gateway signs the pop's URLs itself (decision 0046):
 * the popped forms' sources are kept {@code retention} longer, and each post-processor's image (the generation key of
 * its form id) is recorded for the retention sweep, kept {@code retention} from the pop. These are the effects the
 * pop's {@code sources/download-urls} and {@code generations/upload-urls} calls had. Exactly once per event (inbox).
 *
 * <p>Why a pop must still move the sources' deadline (an image request's need not, decision 0018): interrogation-service
 * refreshes an interrogation's expiry (20 min) on every pop and delivery, so an interrogation can be popped again long
 * after its arrival. A delivery comes at most {@code give-back-after} (3 min) after its pop, so an interrogation never
 * outlives its sources' last extension (pop + 30 min) while it can still be popped.
 */
@ApplicationScoped
public class InterrogationPops {

    private final Pool pool;
    private final InboxRepository inbox;
    private final RetainedObjectRepository retained;
    private final StorageConfig config;

    InterrogationPops(Pool pool, InboxRepository inbox, RetainedObjectRepository retained, StorageConfig config) {
        this.pool = pool;
        this.inbox = inbox;
        this.retained = retained;
        this.config = config;
    }

    /** Returns false for an event that was recorded before. */
    public Uni<Boolean> record(InterrogationFormsPopped event, String topic) {
        List<InterrogationFormsPopped.Form> forms = event.forms() == null ? List.of() : event.forms();
        List<String> sources = forms.stream().map(InterrogationFormsPopped.Form::sourceImageKey)
                .filter(key -> key != null).distinct().toList();
        List<UUID> postProcessed = forms.stream().filter(InterrogationFormsPopped.Form::postProcessor)
                .map(InterrogationFormsPopped.Form::formId).toList();
        List<String> uploads = postProcessed.stream().map(ObjectKeys::generation).toList();
        return pool.withTransaction(conn -> inbox.claim(conn, event.eventId(), topic, "recorded")
                .call(fresh -> !fresh ? Uni.createFrom().voidItem()
                        : (sources.isEmpty() ? Uni.createFrom().voidItem()
                                : retained.touch(conn, config.buckets().sources(), sources, config.retention())
                                        .replaceWithVoid())
                                .chain(() -> retained.keep(conn, config.buckets().generations(), uploads, null,
                                        postProcessed, config.retention()))));
    }
}
