package org.openhorde.gateway.service;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.openhorde.contracts.HordeError;
import org.openhorde.contracts.HordeException;
import org.openhorde.contracts.Rc;
import org.openhorde.contracts.internal.UserAccount;
import org.openhorde.contracts.internal.WorkerChange;
import org.openhorde.contracts.internal.WorkerDetails;
import org.openhorde.gateway.client.InternalErrors;
import org.openhorde.gateway.client.JobService;
import org.openhorde.gateway.client.KudosLedger;
import org.openhorde.gateway.client.KudosService;
import org.openhorde.gateway.domain.ModifyWorkerInput;
import org.openhorde.gateway.domain.ModifyWorkerRules;
import org.openhorde.gateway.domain.ModifyWorkerRules.ModifiedWorker;
import org.openhorde.gateway.domain.Uuids;
import org.openhorde.gateway.domain.WorkerView;

/**
 * The AI Horde's worker views and changes: job-service owns the workers, kudos-service what they earned. Nothing is
 * cached (the AI Horde caches these for 30 s).
 */
@ApplicationScoped
public class WorkerDirectory {

    /** The AI Horde's worker types ({@code ?type=}). */
    public static final Set<String> TYPES = Set.of("image", "text", "interrogation");

    private final UserAccounts users;
    private final JobService jobs;
    private final KudosLedger kudos;

    WorkerDirectory(UserAccounts users, @RestClient JobService jobs, @RestClient KudosLedger kudos) {
        this.users = users;
        this.jobs = jobs;
        this.kudos = kudos;
    }

    /** The online workers; a moderator's key shows every worker's private fields, an owner's their own. */
    public Uni<List<WorkerView>> online(String type, String name, String apikey) {
        String wantedType = type == null || type.isBlank() ? null : type.strip();
        if (wantedType != null && !TYPES.contains(wantedType)) {
            throw new HordeException(Rc.BadRequest.httpStatus(), HordeError.validation(Map.of("type",
                    "The worker type to filter by: one of image, text, interrogation")));
        }
        return viewer(apikey).flatMap(viewer -> jobs.onlineWorkers(wantedType, blankToNull(name))
                .onFailure().transform(InternalErrors.unreachable(JobService.NAME))
                .flatMap(workers -> {
                    if (workers.isEmpty()) {
                        return Uni.createFrom().item(List.<WorkerView>of());
                    }
                    List<Uni<WorkerView>> views = workers.stream().map(worker -> view(worker, viewer)).toList();
                    return Uni.join().all(views).andFailFast();
                }));
    }

    public Uni<WorkerView> byId(String id, String apikey) {
        UUID workerId = workerId(id);
        return viewer(apikey).flatMap(viewer -> jobs.worker(workerId)
                .onFailure().transform(InternalErrors.unreachable(JobService.NAME))
                .flatMap(worker -> view(worker, viewer)));
    }

    public Uni<WorkerView> byName(String name, String apikey) {
        return viewer(apikey).flatMap(viewer -> jobs.workerByName(name)
                .onFailure().transform(InternalErrors.unreachable(JobService.NAME))
                .flatMap(worker -> view(worker, viewer)));
    }

    /** The input is checked before the key, as the AI Horde validates payloads first. */
    public Uni<ModifiedWorker> change(String id, ModifyWorkerInput input, String apikey) {
        UUID workerId = workerId(id);
        ModifyWorkerRules.check(input);
        return users.authenticate(apikey).flatMap(actor -> {
            WorkerChange change = ModifyWorkerRules.toChange(input, actor.id(), UserAccounts.moderates(actor));
            return jobs.changeWorker(workerId, change)
                    .onFailure().transform(InternalErrors.unreachable(JobService.NAME))
                    .map(worker -> ModifyWorkerRules.echo(change, worker.teamName()));
        });
    }

    /** The AI Horde's answer to a deletion. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @Schema(description = "The worker deleted.")
    public record DeletedWorker(
            @Schema(description = "The deleted worker's id.")
            String deletedId,
            @Schema(description = "The deleted worker's name.")
            String deletedName) {
    }

    public Uni<DeletedWorker> delete(String id, String apikey) {
        UUID workerId = workerId(id);
        return users.authenticate(apikey)
                .flatMap(actor -> jobs.removeWorker(workerId, actor.id(), UserAccounts.moderates(actor))
                .onFailure().transform(InternalErrors.unreachable(JobService.NAME))
                .map(worker -> new DeletedWorker(worker.id().toString(), worker.name())));
    }

    private Uni<WorkerView> view(WorkerDetails worker, Optional<UserAccount> viewer) {
        boolean privileged = viewer.map(user -> UserAccounts.moderates(user) || user.id() == worker.ownerUserId())
                .orElse(false);
        return kudos.workerKudos(worker.id())
                .onFailure().transform(InternalErrors.unreachable(KudosService.NAME))
                .map(earned -> WorkerView.of(worker, earned, privileged));
    }

    /** Who looks: an optional key; a key that names nobody shows the public view, as no key does. */
    private Uni<Optional<UserAccount>> viewer(String apikey) {
        if (apikey == null || apikey.isBlank()) {
            return Uni.createFrom().item(Optional.empty());
        }
        return users.authenticate(apikey).map(Optional::of)
                .onFailure(e -> e instanceof HordeException h && Rc.InvalidAPIKey.name().equals(h.error().rc()))
                .recoverWithItem(Optional.empty());
    }

    private static UUID workerId(String id) {
        return Uuids.parse(id).orElseThrow(() -> new HordeException(Rc.WorkerNotFound,
                "Worker with ID '" + id + "' not found."));
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
