package org.openhorde.gateway.service;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.openhorde.contracts.HordeException;
import org.openhorde.contracts.Rc;
import org.openhorde.contracts.internal.InterrogationIntake;
import org.openhorde.contracts.internal.InterrogationPop;
import org.openhorde.contracts.internal.InterrogationPopped;
import org.openhorde.contracts.internal.InterrogationStatus;
import org.openhorde.contracts.internal.InterrogationSubmission;
import org.openhorde.contracts.internal.SourceKeys;
import org.openhorde.contracts.internal.SourceUpload;
import org.openhorde.contracts.internal.UserAccount;
import org.openhorde.contracts.internal.WorkerDetails;
import org.openhorde.gateway.client.InternalErrors;
import org.openhorde.gateway.client.InterrogationService;
import org.openhorde.gateway.client.JobService;
import org.openhorde.gateway.client.PresignedUrls;
import org.openhorde.gateway.client.StorageService;
import org.openhorde.gateway.config.GatewayConfig;
import org.openhorde.gateway.domain.AnonymousFullness;
import org.openhorde.gateway.domain.IntakeLane;
import org.openhorde.gateway.domain.InterrogationInputRules;
import org.openhorde.gateway.repository.ActiveJobs;
import org.openhorde.gateway.repository.KnownInterrogations;

/**
 * Interrogations as AI Horde clients and alchemist workers use them. The source image is checked and stored by
 * storage-service exactly as an img2img source; interrogation-service commits the interrogation, its forms and its
 * event in one call, so a 202 means "in the queue".
 */
@ApplicationScoped
public class InterrogationRequests {

    private static final String R2 = "R2";
    /** An anonymous intake's place in the lane: still waiting, holding it, or its caller went away while waiting. */
    private static final int WAITING = 0;
    private static final int IN_LANE = 1;
    private static final int GONE = 2;
    /** The lane's backlog was full: the intake never entered it, so it has no place to give back. */
    private static final int REFUSED = 3;

    private final UserAccounts users;
    private final InterrogationService interrogations;
    private final JobService jobs;
    private final StorageService storage;
    private final PresignedUrls presigned;
    private final ActiveJobs activeJobs;
    private final KnownInterrogations known;
    private final HordeModes modes;
    private final GatewayConfig config;
    private final MeterRegistry metrics;
    private final IntakeLane anonymousLane;
    private final AnonymousFullness anonymousFullness;
    /** The refusal the anonymous user last got from Redis, repeated while {@link #anonymousFullness} holds. */
    private volatile String anonymousRefusal;
    private volatile long anonymousUserId = -1;

    InterrogationRequests(UserAccounts users, @RestClient InterrogationService interrogations,
                          @RestClient JobService jobs, @RestClient StorageService storage, PresignedUrls presigned,
                          ActiveJobs activeJobs, KnownInterrogations known, HordeModes modes, GatewayConfig config,
                          MeterRegistry metrics, Vertx vertx) {
        this.users = users;
        this.interrogations = interrogations;
        this.jobs = jobs;
        this.storage = storage;
        this.presigned = presigned;
        this.activeJobs = activeJobs;
        this.known = known;
        this.modes = modes;
        this.config = config;
        this.metrics = metrics;
        this.anonymousLane = anonymousLane(config, vertx);
        metrics.gauge("horde.gateway.interrogations.anonymous.waiting", anonymousLane, IntakeLane::waiting);
        this.anonymousFullness = new AnonymousFullness(config.anonymousFullHold());
    }

    /**
     * The lane's spacing caps how fast anonymous intakes start; its backlog holds at most what starts within
     * {@code anonymous-intake-max-wait}, so a waiting intake gets its answer within that time (decision 0052).
     */
    private static IntakeLane anonymousLane(GatewayConfig config, Vertx vertx) {
        long spacing = config.anonymousIntakeSpacing().toNanos();
        int maxWaiting = spacing == 0 ? Integer.MAX_VALUE
                : (int) Math.max(1, Math.min(Integer.MAX_VALUE, config.anonymousIntakeMaxWait().toNanos() / spacing));
        return new IntakeLane(config.anonymousIntakeLaneWidth(), spacing, maxWaiting, System::nanoTime,
                (delayNanos, task) -> vertx.setTimer(Math.max(1, (delayNanos + 999_999) / 1_000_000),
                        ignored -> task.run()));
    }

    /**
     * The 429 an anonymous interrogation gets without being read, while this gateway found the anonymous user at its
     * limit a moment ago; null when it must go the whole way (decision 0039).
     */
    public HordeException anonymousRefusalAtOnce() {
        String refusal = anonymousRefusal;
        if (refusal == null || !anonymousFullness.isFull(System.nanoTime())) {
            return null;
        }
        metrics.counter("horde.gateway.interrogations", "outcome", "too_many_prompts_at_once").increment();
        return new HordeException(Rc.TooManyPrompts, refusal);
    }

    /**
     * Maintenance and the key first, then the user's concurrency (one slot per form; 429 {@code TooManyPrompts}),
     * then the source (storage-service's limits and rc codes, and the tiles), then the synchronous commit. The cheap
     * refusals come before anything reaches another service; an anonymous intake then waits for its turn in the
     * anonymous lane, so that a flood reaches the services a few at a time.
     */
    public Uni<UUID> accept(InterrogationInputRules.Accepted request, String apikey) {
        UUID id = UUID.randomUUID();
        List<UUID> slots = slotIds(id, request.forms().size());
        return modes.refuseNewRequestsInMaintenance()
                .chain(() -> users.authenticate(apikey))
                .invoke(UserAccounts::requireNotDeleted)
                .flatMap(requester -> takeSlots(requester, slots)
                        // deferred: nothing reaches storage-service before the intake's turn in the lane
                        .chain(() -> inLane(requester, Uni.createFrom().deferred(() -> storage.storeSources(id,
                                        new SourceUpload(request.sourceImage(), null)))
                                .onFailure().transform(InternalErrors.unreachable(StorageService.NAME))
                                .chain(source -> interrogations.accept(intake(id, requester, request, source))
                                        .onFailure().transform(InternalErrors.unreachable(InterrogationService.NAME)))))
                        .call(() -> known.remember(id))
                        .onFailure().call(() -> activeJobs.release(requester.id(), slots)
                                .onFailure().recoverWithNull()))
                .invoke(() -> metrics.counter("horde.gateway.interrogations", "outcome", "accepted").increment())
                .replaceWith(id);
    }

    /**
     * Runs an anonymous user's intake in the anonymous lane (subscribing when its turn comes, leaving when it ends
     * however it ends); a registered user's runs at once. The turn resumes on the request's own Vert.x context, not
     * on the thread of the intake that left the lane.
     */
    private <T> Uni<T> inLane(UserAccount requester, Uni<T> intake) {
        if (!requester.anonymous()) {
            return intake;
        }
        return Uni.createFrom().deferred(() -> {
            // Exactly one of "our turn came" and "the caller went away first" wins; whoever finds the other one
            // already happened gives the place back, so a place is neither kept by a gone caller nor given twice.
            AtomicInteger place = new AtomicInteger(WAITING);
            return Uni.createFrom().<Void>emitter(turn -> {
                        Context context = Vertx.currentContext();
                        boolean queued = anonymousLane.enter(() -> {
                            if (!place.compareAndSet(WAITING, IN_LANE)) {
                                anonymousLane.leave();
                            } else if (context == null) {
                                turn.complete(null);
                            } else {
                                context.runOnContext(ignored -> turn.complete(null));
                            }
                        });
                        if (!queued && place.compareAndSet(WAITING, REFUSED)) {
                            turn.fail(laneFull(requester));
                        }
                    })
                    .chain(() -> intake)
                    .onTermination().invoke(() -> {
                        if (place.get() != REFUSED && !place.compareAndSet(WAITING, GONE)) {
                            anonymousLane.leave();
                        }
                    });
        });
    }

    /**
     * The anonymous lane's backlog is full: refused like a full anonymous user (429 {@code TooManyPrompts}; its slots
     * are given back by the caller), and the next anonymous intakes are refused unread for a moment, as when the
     * anonymous user is full: the backlog drains at the lane's pace, not faster.
     */
    private HordeException laneFull(UserAccount requester) {
        metrics.counter("horde.gateway.interrogations", "outcome", "anonymous_lane_full").increment();
        String refusal = "The horde is busy with anonymous interrogations. "
                + "Please retry in a moment, or get a personal API key.";
        anonymousUserId = requester.id();
        anonymousRefusal = refusal;
        anonymousFullness.full(System.nanoTime());
        return new HordeException(Rc.TooManyPrompts, refusal);
    }

    private static InterrogationIntake intake(UUID id, UserAccount requester, InterrogationInputRules.Accepted request,
                                              SourceKeys source) {
        int tiles = InterrogationInputRules.tiles(source.width(), source.height());
        String sourceUrl = request.sourceImage().startsWith("https://") ? request.sourceImage() : null;
        return new InterrogationIntake(id, requester.id(), requester.alias(), requester.kudos(), request.forms(),
                source.imageKey(), sourceUrl, tiles, request.trustedWorkers(), request.slowWorkers(),
                request.webhook());
    }

    /**
     * One concurrency slot per form, named by the interrogation and the form's position, so that the status that
     * first sees the interrogation finished can give them back without remembering anything.
     */
    static List<UUID> slotIds(UUID interrogationId, int forms) {
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < forms; i++) {
            ids.add(UUID.nameUUIDFromBytes(("interrogation-slot:" + interrogationId + ":" + i)
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        }
        return ids;
    }

    private Uni<Void> releaseSlotsWhenFinished(InterrogationStatus status) {
        boolean finished = status.forms().stream()
                .noneMatch(form -> "waiting".equals(form.state()) || "processing".equals(form.state()));
        if (!finished) {
            return Uni.createFrom().voidItem();
        }
        if (status.requesterUserId() == anonymousUserId) {
            anonymousFullness.room();
        }
        return activeJobs.release(status.requesterUserId(), slotIds(status.id(), status.forms().size()))
                .onFailure().recoverWithNull();
    }

    private Uni<Void> takeSlots(UserAccount requester, List<UUID> slots) {
        return activeJobs.take(requester.id(), slots, requester.concurrency(), config.interrogationSlotLifetime())
                .onFailure().transform(e -> new HordeException(Rc.ServiceUnavailable,
                        "Requests cannot be accepted right now; please retry in a moment."))
                .flatMap(active -> {
                    if (active < 0) {
                        if (requester.anonymous()) {
                            anonymousFullness.room();
                        }
                        return Uni.createFrom().voidItem();
                    }
                    metrics.counter("horde.gateway.interrogations", "outcome", "too_many_prompts").increment();
                    String refusal = "Parallel requests (" + (active + slots.size()) + ") exceeded user limit ("
                            + requester.concurrency() + "). " + (requester.anonymous()
                            ? "Please wait for your current requests to finish, or get a personal API key."
                            : "Please wait for your current requests to finish before sending more.");
                    if (requester.anonymous() && active >= requester.concurrency()) {
                        // Every slot taken: no interrogation of any size fits, so the next ones may be refused
                        // unread for a moment.
                        anonymousUserId = requester.id();
                        anonymousRefusal = "Parallel requests (" + (active + 1) + ") exceeded user limit ("
                                + requester.concurrency() + "). "
                                + "Please wait for your current requests to finish, or get a personal API key.";
                        anonymousFullness.full(System.nanoTime());
                    }
                    return Uni.createFrom().failure(new HordeException(Rc.TooManyPrompts, refusal));
                });
    }

    /** The status; 404 without asking interrogation-service for ids the gateway does not know. */
    public Uni<InterrogationStatus> status(String id) {
        return status(id, false);
    }

    /**
     * As {@link #status(String)}; {@code knownAlready}: the fast path in front of the resource has just found the id
     * in Redis, so it is not read again.
     */
    public Uni<InterrogationStatus> status(String id, boolean knownAlready) {
        Uni<UUID> checked = knownAlready ? Uni.createFrom().item(() -> UUID.fromString(id)) : knownId(id);
        return checked.flatMap(uuid -> interrogations.status(uuid)
                .onFailure().transform(InternalErrors.unreachable(InterrogationService.NAME))
                .onFailure(this::notFound).call(() -> known.forget(uuid))
                .call(() -> known.remember(uuid))
                .call(this::releaseSlotsWhenFinished)
                .map(this::withDownloadUrls));
    }

    public Uni<InterrogationStatus> cancel(String id) {
        return knownId(id).flatMap(uuid -> interrogations.cancel(uuid)
                .onFailure().transform(InternalErrors.unreachable(InterrogationService.NAME))
                .onFailure(this::notFound).call(() -> known.forget(uuid))
                .call(this::releaseSlotsWhenFinished)
                .map(this::withDownloadUrls));
    }

    /**
     * Whether {@code id} names an interrogation this horde knows (one Redis read; false without one for a malformed
     * id). An unknown one is counted as such.
     */
    public Uni<Boolean> known(String id) {
        UUID uuid;
        try {
            uuid = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            return Uni.createFrom().item(Boolean.FALSE);
        }
        return known.known(uuid).invoke(isKnown -> {
            if (!isKnown) {
                metrics.counter("horde.gateway.interrogation.status", "answer", "unknown").increment();
            }
        });
    }

    public static HordeException interrogationNotFound(String id) {
        return notFound(id);
    }

    private Uni<UUID> knownId(String id) {
        UUID uuid;
        try {
            uuid = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            return Uni.createFrom().failure(notFound(id));
        }
        return known.known(uuid).flatMap(isKnown -> {
            if (!isKnown) {
                metrics.counter("horde.gateway.interrogation.status", "answer", "unknown").increment();
                return Uni.createFrom().failure(notFound(id));
            }
            return Uni.createFrom().item(uuid);
        });
    }

    private boolean notFound(Throwable e) {
        return e instanceof HordeException horde && Rc.RequestNotFound.name().equals(horde.error().rc());
    }

    private static HordeException notFound(String id) {
        return new HordeException(Rc.RequestNotFound, "Interrogation with ID '" + id + "' not found.");
    }

    /**
     * A post-processor's {@code "R2"} becomes a presigned download URL of the image its worker uploaded, signed here
     * like an image status's (decision 0046): no internal call.
     */
    private InterrogationStatus withDownloadUrls(InterrogationStatus status) {
        List<InterrogationStatus.FormStatus> uploaded = status.forms().stream()
                .filter(form -> form.result() != null && form.result().containsValue(R2)).toList();
        if (uploaded.isEmpty()) {
            return status;
        }
        List<String> urls = presigned.downloads(uploaded.stream().map(InterrogationStatus.FormStatus::id).toList())
                .urls();
        Map<UUID, String> byForm = new HashMap<>();
        for (int i = 0; i < uploaded.size(); i++) {
            byForm.put(uploaded.get(i).id(), urls.get(i));
        }
        return new InterrogationStatus(status.id(), status.requesterUserId(), status.state(), status.forms().stream()
                .map(form -> !byForm.containsKey(form.id()) ? form
                        : new InterrogationStatus.FormStatus(form.id(), form.form(), form.state(),
                        replaceR2(form.result(), byForm.get(form.id()))))
                .toList());
    }

    private static Map<String, Object> replaceR2(Map<String, Object> result, String url) {
        Map<String, Object> replaced = new LinkedHashMap<>();
        result.forEach((key, value) -> replaced.put(key, R2.equals(value) ? url : value));
        return replaced;
    }

    /** A popped form as the worker gets it: a presigned source URL, and an upload URL for a post-processor. */
    public record PoppedForm(UUID id, String form, Map<String, Object> payload, String sourceImage,
                             String r2Upload) {
    }

    /** The forms handed out (possibly none) and, when none, why: the AI Horde's {@code skipped}. */
    public record PopAnswer(List<PoppedForm> forms, WorkerDetails worker, Map<String, Integer> skipped) {
    }

    /** A paused worker's answer: nothing, and nothing skipped for a reason of its own. */
    private static final Map<String, Integer> NOTHING_SKIPPED = Map.of("worker_id", 0, "untrusted", 0,
            "bridge_version", 0);

    /**
     * The worker checks in with job-service's registry (names unique across worker types), then
     * interrogation-service hands out up to {@code amount} forms. A paused worker gets nothing; one in maintenance
     * only its owner's forms, and 403 {@code WorkerMaintenance} when there are none.
     */
    public Uni<PopAnswer> pop(InterrogationInputRules.Pop pop, String apikey) {
        return users.authenticate(apikey).flatMap(owner -> {
            UserAccounts.requireActiveWorkerOwner(owner);
            if (owner.anonymous()) {
                throw new HordeException(Rc.AnonForbiddenWorker,
                        "Anonymous user is forbidden from performing this operation");
            }
            return jobs.interrogationCheckIn(InterrogationInputRules.workerPop(owner, pop))
                    .onFailure().transform(InternalErrors.unreachable(JobService.NAME))
                    .flatMap(worker -> {
                        if (worker.paused()) {
                            return Uni.createFrom().item(new PopAnswer(List.of(), worker, NOTHING_SKIPPED));
                        }
                        return interrogations.pop(new InterrogationPop(worker.id(), worker.name(), owner.id(),
                                        owner.trusted(), worker.maintenance(), pop.forms(), pop.amount(),
                                        pop.maxTiles()))
                                .onFailure().transform(InternalErrors.unreachable(InterrogationService.NAME))
                                .flatMap(popped -> {
                                    if (popped.forms().isEmpty() && worker.maintenance()) {
                                        throw new HordeException(Rc.WorkerMaintenance, worker.maintenanceMsg() == null
                                                ? "This worker has been put into maintenance mode by its owner"
                                                : worker.maintenanceMsg());
                                    }
                                    return Uni.createFrom().item(new PopAnswer(withUrls(popped), worker,
                                            popped.skipped() == null ? Map.of() : popped.skipped()));
                                });
                    });
        }).invoke(answer -> metrics.counter("horde.gateway.interrogation.pops", "outcome",
                answer.forms().isEmpty() ? "empty" : "forms").increment());
    }

    /**
     * The pop's URLs, signed here as the image pop's are (decision 0046): the post-processors' upload URLs and one
     * source URL per distinct source (several forms of one interrogation share it). interrogation-service's
     * {@code InterrogationFormsPopped} tells storage-service to keep the sources and record the uploads.
     */
    private List<PoppedForm> withUrls(InterrogationPopped popped) {
        if (popped.forms().isEmpty()) {
            return List.of();
        }
        List<UUID> postProcessed = popped.forms().stream().filter(InterrogationPopped.Form::postProcessor)
                .map(InterrogationPopped.Form::id).toList();
        Map<UUID, String> uploads = new HashMap<>();
        if (!postProcessed.isEmpty()) {
            List<String> urls = presigned.uploads(postProcessed).urls();
            for (int i = 0; i < postProcessed.size(); i++) {
                uploads.put(postProcessed.get(i), urls.get(i));
            }
        }
        Map<String, String> sources = new HashMap<>();
        List<PoppedForm> forms = new ArrayList<>();
        for (InterrogationPopped.Form form : popped.forms()) {
            String sourceUrl = sources.computeIfAbsent(form.sourceImageKey(),
                    key -> presigned.sources(new SourceKeys(key, null)).imageUrl());
            forms.add(new PoppedForm(form.id(), form.form(), form.payload(), sourceUrl, uploads.get(form.id())));
        }
        return forms;
    }

    public Uni<Double> submit(InterrogationInputRules.Submit submit, String apikey) {
        return users.authenticate(apikey)
                .flatMap(owner -> interrogations.submit(new InterrogationSubmission(submit.formId(), owner.id(),
                                submit.result(), submit.state()))
                        .onFailure().transform(InternalErrors.unreachable(InterrogationService.NAME)))
                .invoke(() -> metrics.counter("horde.gateway.interrogation.submits", "state", submit.state())
                        .increment())
                .map(reward -> reward.reward());
    }
}
