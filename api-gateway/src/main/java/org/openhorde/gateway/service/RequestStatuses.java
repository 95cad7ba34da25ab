package org.openhorde.gateway.service;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;
import org.openhorde.contracts.HordeException;
import org.openhorde.contracts.Rc;
import org.openhorde.contracts.internal.GenerationImage;
import org.openhorde.contracts.internal.ObjectUrlsRequest;
import org.openhorde.gateway.client.InternalErrors;
import org.openhorde.gateway.client.JobService;
import org.openhorde.gateway.client.PresignedUrls;
import org.openhorde.gateway.client.StorageService;
import org.openhorde.gateway.domain.JobProgress;
import org.openhorde.gateway.domain.RequestProgress;
import org.openhorde.gateway.domain.Uuids;
import org.openhorde.gateway.repository.RequestReadModel;

/**
 * The hot path every client polls: answered from the Redis read model alone. {@code status} signs the images' download
 * URLs itself; only an {@code r2: false} status asks storage for the images (base64), once per read, for all delivered
 * images together.
 */
@ApplicationScoped
public class RequestStatuses {

    private static final Logger LOG = Logger.getLogger(RequestStatuses.class);
    /** What the AI Horde shows as {@code img} of an {@code r2: false} image that is not in storage. */
    static final String MISSING_IMAGE = "N/A";
    /** About ten seconds of retries while job-service catches up with a request just accepted. */
    private static final int CANCEL_ATTEMPTS = 12;

    private final RequestReadModel readModel;
    private final StorageService storage;
    private final JobService jobs;
    private final PresignedUrls urls;

    RequestStatuses(RequestReadModel readModel, @RestClient StorageService storage, @RestClient JobService jobs,
                    PresignedUrls urls) {
        this.readModel = readModel;
        this.storage = storage;
        this.jobs = jobs;
        this.urls = urls;
    }

    /**
     * {@code DELETE /generate/status/{id}}: cancels the request and answers, like the AI Horde, with its status as it
     * was just before. job-service ends the waiting images (uncharged); images a worker holds are delivered and
     * settled as usual. Repeated cancels are harmless.
     */
    public Uni<RequestStatus> cancel(String id) {
        return progress(id, "Status").flatMap(before -> images(before)
                .call(() -> cancelled(before, Uuids.parse(id).orElseThrow()))
                .map(images -> new RequestStatus(before, images)));
    }

    /**
     * Cancels a text request the same way; its generations are in the read model itself, so nothing is asked of
     * storage. Answers with its progress as it was just before.
     */
    public Uni<RequestProgress> cancelText(String id) {
        return progress(id, "Status").call(before -> cancelled(before, Uuids.parse(id).orElseThrow()));
    }

    /** A request's progress and its delivered images, in the order of {@link RequestProgress#finishedJobs()}. */
    public record RequestStatus(RequestProgress progress, List<String> images) {
    }

    /**
     * The gateway answered 202 once Kafka had the request, so job-service may not have consumed it yet: a 404 from
     * it for a request the read model knows is retried for a few seconds.
     */
    private Uni<Void> cancelled(RequestProgress known, UUID requestId) {
        return Uni.createFrom().deferred(() -> jobs.cancel(requestId))
                .onFailure(RequestStatuses::isNotFound).retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(1))
                .atMost(CANCEL_ATTEMPTS)
                .onFailure().transform(InternalErrors.unreachable(JobService.NAME));
    }

    private static boolean isNotFound(Throwable e) {
        return e instanceof HordeException horde && Rc.RequestNotFound.name().equals(horde.error().rc());
    }

    /** @param view the endpoint's name in the AI Horde's 404 message: "Check" or "Status" */
    public Uni<RequestProgress> progress(String id, String view) {
        UUID requestId = Uuids.parse(id).orElseThrow(() -> notFound(id, view));
        return readModel.find(requestId)
                .onFailure().transform(e -> {
                    LOG.warnf("read model unavailable: %s", e.toString());
                    return new HordeException(Rc.ServiceUnavailable,
                            "Request statuses are unavailable right now; please retry in a moment.");
                })
                .map(found -> found.orElseThrow(() -> notFound(id, view)));
    }

    /**
     * The progress of a request held in this gateway's memory, answerable without I/O; empty for everything else
     * (not a canonical id, unknown, expired, forgotten), which {@link #progress} answers.
     */
    public Optional<RequestProgress> remembered(String id) {
        return Uuids.parse(id).flatMap(readModel::remembered);
    }

    /**
     * The finished images as the client asked for them, in the order of {@link RequestProgress#finishedJobs()}:
     * presigned download URLs ({@code r2: true}, the default), or the images themselves as base64 ({@code r2:
     * false}; storage-service sends a URL instead for an image too large to inline, and nothing for a missing one,
     * which the AI Horde shows as "N/A").
     */
    public Uni<List<String>> images(RequestProgress progress) {
        List<UUID> finished = progress.finishedJobs().stream().map(JobProgress::jobId).toList();
        if (finished.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        if (progress.r2()) {
            // Signed here: a status of an r2 request asks no other service (decision 0018).
            return Uni.createFrom().item(urls.downloads(finished).urls());
        }
        return storage.base64(new ObjectUrlsRequest(finished))
                .onFailure().transform(InternalErrors.unreachable(StorageService.NAME))
                .map(images -> images.images().stream().map(RequestStatuses::inline).toList());
    }

    private static String inline(GenerationImage image) {
        if (image.base64() != null) {
            return image.base64();
        }
        return image.url() != null ? image.url() : MISSING_IMAGE;
    }

    private static HordeException notFound(String id, String view) {
        return new HordeException(Rc.RequestNotFound, "Image Waiting Prompt (" + view + ") with ID '" + id
                + "' not found.");
    }
}
