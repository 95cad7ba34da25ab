package org.openhorde.interrogations.service;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.openhorde.contracts.HordeException;
import org.openhorde.contracts.Rc;
import org.openhorde.contracts.Topics;
import org.openhorde.contracts.economy.Centikudos;
import org.openhorde.contracts.events.InterrogationFormCompleted;
import org.openhorde.contracts.events.InterrogationFormsPopped;
import org.openhorde.contracts.events.InterrogationSubmitted;
import org.openhorde.contracts.events.WorkerRef;
import org.openhorde.contracts.internal.InterrogationFigures;
import org.openhorde.contracts.internal.InterrogationIntake;
import org.openhorde.contracts.internal.InterrogationPop;
import org.openhorde.contracts.internal.InterrogationPopped;
import org.openhorde.contracts.internal.InterrogationReward;
import org.openhorde.contracts.internal.InterrogationStatus;
import org.openhorde.contracts.internal.InterrogationSubmission;
import org.openhorde.interrogations.config.InterrogationConfig;
import org.openhorde.contracts.economy.InterrogationForms;
import org.openhorde.interrogations.domain.FormState;
import org.openhorde.interrogations.repository.InterrogationRepository;
import org.openhorde.interrogations.repository.InterrogationRepository.FormRow;
import org.openhorde.kit.outbox.OutboxRelay;
import org.openhorde.kit.outbox.OutboxRepository;

/**
 * Interrogations from intake to settlement. Every change and the event announcing it commit in one transaction
 * (outbox); kudos-service settles {@link InterrogationFormCompleted} events once each.
 */
@ApplicationScoped
public class Interrogations {

    private final Pool pool;
    private final InterrogationRepository repository;
    private final OutboxRepository outbox;
    private final OutboxRelay relay;
    private final InterrogationConfig config;
    private final FormWebhooks webhooks;
    private final MeterRegistry metrics;

    Interrogations(Pool pool, InterrogationRepository repository, OutboxRepository outbox, OutboxRelay relay,
                   InterrogationConfig config, FormWebhooks webhooks, MeterRegistry metrics) {
        this.webhooks = webhooks;
        this.pool = pool;
        this.repository = repository;
        this.outbox = outbox;
        this.relay = relay;
        this.config = config;
        this.metrics = metrics;
    }

    /**
     * Stores the interrogation, its forms and its {@link InterrogationSubmitted} in one transaction: when this
     * returns, the interrogation is in the queue. Forms of a URL source whose result is cached are done at once.
     * The answer is built from what was written, not read back: an intake is the GenAlt flood's unit of work, and
     * its statements are BEGIN, the cache lookups (URL sources only), one insert of the interrogation with its
     * forms, the event, COMMIT (decision 0045).
     */
    public Uni<InterrogationStatus> accept(InterrogationIntake intake) {
        validate(intake);
        return pool.withTransaction(conn -> newForms(conn, intake)
                        .call(forms -> repository.insertWithForms(conn, intake, config.expiry(), forms))
                        .call(forms -> outbox.append(conn, Topics.INTERROGATIONS_SUBMITTED,
                                InterrogationSubmitted.of(intake.id(), intake.requesterUserId(),
                                        forms.stream().filter(form -> form.result() == null)
                                                .map(InterrogationRepository.NewForm::name).toList(),
                                        intake.tiles()))))
                .invoke(relay::nudge)
                .invoke(() -> metrics.counter("horde_interrogations_accepted_total").increment())
                .map(forms -> new InterrogationStatus(intake.id(), intake.requesterUserId(),
                        FormState.overall(forms.stream().map(InterrogationRepository.NewForm::state).toList()),
                        forms.stream().map(form -> new InterrogationStatus.FormStatus(form.id(), form.name(),
                                form.state().wire(), form.result())).toList()));
    }

    /** The forms as they will be stored: a URL source's cached results (one lookup per form) make them done. */
    private Uni<List<InterrogationRepository.NewForm>> newForms(SqlClient conn, InterrogationIntake intake) {
        List<InterrogationRepository.NewForm> forms = new ArrayList<>();
        Uni<Void> chain = Uni.createFrom().voidItem();
        int position = 0;
        for (InterrogationIntake.Form form : intake.forms()) {
            int at = position++;
            long kudos = Centikudos.ofKudos(InterrogationForms.kudos(form.name(), intake.tiles()));
            Uni<Map<String, Object>> cached = intake.sourceUrl() == null ? Uni.createFrom().nullItem()
                    : repository.cachedResult(conn, form.name(), intake.sourceUrl());
            chain = chain.chain(() -> cached).invoke(result -> {
                if (result != null) {
                    metrics.counter("horde_interrogations_cache_hits_total").increment();
                }
                forms.add(new InterrogationRepository.NewForm(UUID.randomUUID(), at, form.name(), form.payload(),
                        kudos, result));
            }).replaceWithVoid();
        }
        return chain.replaceWith(forms);
    }

    /** The gateway validated already; these are the service's own guarantees, whoever calls it. */
    private static void validate(InterrogationIntake intake) {
        if (intake == null || intake.id() == null || intake.forms() == null || intake.forms().isEmpty()
                || intake.sourceImageKey() == null || intake.requesterAlias() == null) {
            throw new HordeException(Rc.BadRequest, "id, forms, sourceImageKey and requesterAlias are required.");
        }
        Set<String> names = new LinkedHashSet<>();
        for (InterrogationIntake.Form form : intake.forms()) {
            if (form == null || !InterrogationForms.known(form.name())) {
                throw new HordeException(Rc.BadRequest, "Unknown form " + (form == null ? null : form.name()));
            }
            if (!names.add(form.name())) {
                throw new HordeException(Rc.BadRequest, "Form " + form.name() + " appears twice.");
            }
        }
        if (intake.tiles() < 1 || intake.tiles() > 255) {
            throw new HordeException(Rc.SourceImageResolutionExceeded,
                    "Image is too large. Please send a smaller image.");
        }
    }

    public Uni<InterrogationStatus> status(UUID id) {
        return repository.forms(pool, id, false).map(forms -> {
            if (forms.isEmpty()) {
                throw notFound(id);
            }
            return status(id, forms);
        });
    }

    /**
     * Cancels every unfinished form: a processing one is settled as if delivered (the worker did the work, the AI
     * Horde pays it), a waiting one simply ends. Answers the status afterwards.
     */
    public Uni<InterrogationStatus> cancel(UUID id) {
        return pool.withTransaction(conn -> repository.forms(conn, id, true).flatMap(forms -> {
                    if (forms.isEmpty()) {
                        throw notFound(id);
                    }
                    Uni<Void> chain = Uni.createFrom().voidItem();
                    for (FormRow form : forms) {
                        if (form.state() == FormState.PROCESSING) {
                            chain = chain.chain(() -> repository.finish(conn, form.id(), FormState.CANCELLED, null))
                                    .chain(() -> settle(conn, form, "cancelled"));
                        } else if (form.state() == FormState.WAITING) {
                            chain = chain.chain(() -> repository.finish(conn, form.id(), FormState.CANCELLED, null));
                        }
                    }
                    return chain.chain(() -> repository.forms(conn, id, false));
                }))
                .invoke(relay::nudge)
                .map(forms -> status(id, forms));
    }

    /** Hands out up to {@code amount} forms the worker can do; each form goes to exactly one worker. */
    public Uni<InterrogationPopped> pop(InterrogationPop pop) {
        if (pop == null || pop.workerId() == null || pop.workerName() == null || pop.forms() == null) {
            throw new HordeException(Rc.BadRequest, "workerId, workerName and forms are required.");
        }
        int amount = Math.max(1, Math.min(pop.amount(), config.maxPopAmount()));
        List<String> names = pop.forms().stream().filter(InterrogationForms::known).distinct().toList();
        return pool.withTransaction(conn -> (names.isEmpty() ? Uni.createFrom().item(List.<FormRow>of())
                        : repository.claim(conn, names, pop.maxTiles(), pop.ownerTrusted(), pop.maintenance(),
                        pop.ownerUserId(), amount, pop.workerId(), pop.workerName(), config.giveBackAfter(),
                        config.slowWorkerSecondsPerForm()))
                .flatMap(claimed -> claimed.isEmpty() ? skipped(conn, pop, names)
                        : repository.touch(conn, claimed.stream().map(FormRow::interrogationId).distinct().toList(),
                        config.expiry())
                        // The gateway signs the pop's URLs itself (decision 0046): storage-service learns of the
                        // pop from this event, keeps the sources and records the post-processors' images.
                        .chain(() -> outbox.append(conn, Topics.INTERROGATIONS_FORMS_POPPED,
                                InterrogationFormsPopped.of(pop.workerId(), claimed.stream()
                                        .map(form -> new InterrogationFormsPopped.Form(form.id(),
                                                form.interrogationId(), form.sourceImageKey(),
                                                InterrogationForms.postProcessor(form.name())))
                                        .toList())))
                        .replaceWith(popped(claimed))))
                .invoke(popped -> {
                    if (!popped.forms().isEmpty()) {
                        relay.nudge();
                    }
                })
                .invoke(popped -> metrics.counter("horde_interrogations_pops_total", "outcome",
                        popped.forms().isEmpty() ? "empty" : "forms").increment());
    }

    private static InterrogationPopped popped(List<FormRow> claimed) {
        return new InterrogationPopped(claimed.stream()
                .map(form -> new InterrogationPopped.Form(form.id(), form.name(), form.payload(),
                        form.sourceImageKey(), InterrogationForms.postProcessor(form.name())))
                .toList(), Map.of());
    }

    /**
     * Nothing for this worker: why, as the AI Horde's {@code skipped}. Its own keys ({@code worker_id},
     * {@code untrusted}, {@code bridge_version}) are always there, 0 when nothing was skipped for them (OpenHorde's
     * interrogations never ask for a worker or a bridge version); OpenHorde adds the reasons its query filters by.
     */
    private Uni<InterrogationPopped> skipped(SqlClient conn, InterrogationPop pop, List<String> names) {
        return repository.skipped(conn, names, pop.maxTiles(), pop.ownerTrusted(), pop.workerId(),
                config.slowWorkerSecondsPerForm()).map(counts -> {
                    Map<String, Integer> skipped = new java.util.TreeMap<>();
                    skipped.put("worker_id", 0);
                    skipped.put("untrusted", 0);
                    skipped.put("bridge_version", 0);
                    skipped.putAll(counts);
                    return new InterrogationPopped(List.of(), skipped);
                });
    }

    /**
     * A worker's delivery: {@code ok} finishes the form (settled through the outbox, its result cached for a URL
     * source); {@code faulted} gives it back, reward 0. A form that is not processing any more is a duplicate.
     */
    public Uni<InterrogationReward> submit(InterrogationSubmission submission) {
        if (submission == null || submission.formId() == null) {
            throw new HordeException(Rc.BadRequest, "formId is required.");
        }
        boolean faulted = "faulted".equals(submission.state());
        if (!faulted && submission.result() == null) {
            throw new HordeException(Rc.BadRequest, "result is required.");
        }
        // The delivered form, kept to post its webhook once the transaction committed.
        AtomicReference<FormRow> delivered = new AtomicReference<>();
        return pool.withTransaction(conn -> repository.lockForm(conn, submission.formId()).flatMap(found -> {
                    FormRow form = found.orElseThrow(() -> new HordeException(Rc.InvalidJobID,
                            "Interrogation Form with ID " + submission.formId() + " does not exist."));
                    if (form.ownerUserId() != null && form.ownerUserId() != submission.ownerUserId()) {
                        throw new HordeException(Rc.WrongCredentials, "Wrong credentials to submit as this worker.");
                    }
                    if (form.state() != FormState.PROCESSING) {
                        throw new HordeException(Rc.DuplicateGen, "Processing Form with ID " + form.id()
                                + " already submitted.");
                    }
                    if (faulted) {
                        return abort(conn, form).replaceWith(new InterrogationReward(0));
                    }
                    Map<String, Object> result = new HashMap<>(submission.result());
                    return repository.recordSpeed(conn, form.id(), config.speedSamples())
                            .chain(() -> repository.finish(conn, form.id(), FormState.DONE, result))
                            .chain(() -> repository.touch(conn, List.of(form.interrogationId()), config.expiry()))
                            .chain(() -> form.sourceUrl() == null ? Uni.createFrom().voidItem()
                                    : repository.cacheResult(conn, form.name(), form.sourceUrl(), result,
                                    InterrogationForms.postProcessor(form.name()) ? config.postProcessorCacheTtl()
                                            : config.resultCacheTtl()))
                            .chain(() -> settle(conn, form, "done"))
                            .invoke(() -> delivered.set(form))
                            .replaceWith(new InterrogationReward(Centikudos.toWireKudos(form.kudos())));
                }))
                .invoke(relay::nudge)
                .invoke(() -> {
                    if (delivered.get() != null) {
                        webhooks.delivered(delivered.get(), submission.result());
                    }
                })
                .invoke(reward -> metrics.counter("horde_interrogations_submits_total", "state",
                        faulted ? "faulted" : "ok").increment());
    }

    /**
     * A worker gave up or ran out of time: back to the queue, or faulted once it was given back more than the allowed
     * times already (the AI Horde's {@code abort_count > 2}: three give-backs, the fourth abort faults).
     */
    Uni<Void> abort(SqlClient conn, FormRow form) {
        if (form.giveBacks() > config.maxGiveBacks()) {
            metrics.counter("horde_interrogations_forms_faulted_total").increment();
            return repository.finish(conn, form.id(), FormState.FAULTED, null);
        }
        metrics.counter("horde_interrogations_forms_given_back_total").increment();
        return repository.giveBack(conn, form.id());
    }

    private Uni<Void> settle(SqlClient conn, FormRow form, String outcome) {
        WorkerRef worker = new WorkerRef(form.workerId(), form.workerName(), form.ownerUserId());
        long tax = Centikudos.ofKudos(InterrogationForms.tax(form.slowWorkers()));
        return outbox.append(conn, Topics.INTERROGATIONS_FORM_COMPLETED, InterrogationFormCompleted.of(form.id(),
                form.interrogationId(), form.name(), outcome, form.requesterUserId(), worker, form.kudos(), tax));
    }

    public Uni<InterrogationFigures> figures() {
        return repository.figures(pool).map(counts -> new InterrogationFigures(counts[0], counts[1]));
    }

    private static InterrogationStatus status(UUID id, List<FormRow> forms) {
        List<InterrogationStatus.FormStatus> statuses = forms.stream()
                .map(form -> new InterrogationStatus.FormStatus(form.id(), form.name(), form.state().wire(),
                        form.state() == FormState.DONE ? form.result() : null))
                .toList();
        return new InterrogationStatus(id, forms.get(0).requesterUserId(),
                FormState.overall(forms.stream().map(FormRow::state).toList()), statuses);
    }

    private static HordeException notFound(UUID id) {
        return new HordeException(Rc.RequestNotFound, "Interrogation with ID '" + id + "' not found.");
    }
}
