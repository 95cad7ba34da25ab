package org.openhorde.jobs.service;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;
import java.util.UUID;
import org.openhorde.contracts.HordeException;
import org.openhorde.contracts.Rc;
import org.openhorde.contracts.Topics;
import org.openhorde.contracts.economy.TextPricing;
import org.openhorde.contracts.events.WorkerRef;
import org.openhorde.contracts.events.WorkerUptimeRewarded;
import org.openhorde.contracts.internal.WorkerChange;
import org.openhorde.contracts.internal.WorkerDetails;
import org.openhorde.contracts.internal.WorkerPop;
import org.openhorde.contracts.internal.WorkerRemoval;
import org.openhorde.jobs.config.JobsConfig;
import org.openhorde.jobs.domain.Uptime;
import org.openhorde.jobs.domain.Worker;
import org.openhorde.jobs.domain.WorkerChangeRules;
import org.openhorde.jobs.repository.TeamRepository;
import org.openhorde.jobs.repository.WorkerRepository;
import org.openhorde.kit.outbox.OutboxRelay;
import org.openhorde.kit.outbox.OutboxRepository;

/**
 * The worker registry: who may run a worker under which name, check-ins with their uptime rewards, and the owner's
 * and moderators' changes.
 */
@ApplicationScoped
public class WorkerRegistry {

    public static final String IMAGE = "image";
    /** An interrogation worker ("alchemist"): pops interrogation forms from interrogation-service. */
    public static final String INTERROGATION = "interrogation";
    /** The AI Horde's uptime reward of an interrogation worker: 40 kudos per uptime mark, whatever it serves. */
    static final long INTERROGATION_UPTIME_REWARD = 40_00;

    private final Pool pool;
    private final WorkerRepository workers;
    private final TeamRepository teams;
    private final OutboxRepository outbox;
    private final OutboxRelay relay;
    private final JobsConfig config;

    WorkerRegistry(Pool pool, WorkerRepository workers, TeamRepository teams, OutboxRepository outbox,
                   OutboxRelay relay, JobsConfig config) {
        this.pool = pool;
        this.workers = workers;
        this.teams = teams;
        this.outbox = outbox;
        this.relay = relay;
        this.config = config;
    }

    /**
     * Checks an image worker in (registering it on its first pop), within the pop's transaction. An uptime reward it
     * earns goes to the outbox in the same transaction.
     */
    public Uni<Worker> checkIn(SqlClient conn, WorkerPop pop) {
        return checkIn(conn, pop, IMAGE);
    }

    /**
     * Checks a worker of {@code type} in. Names are unique across types: a name an image worker holds cannot be an
     * interrogation worker's, and the reverse (AI Horde {@code PolymorphicNameConflict}).
     */
    public Uni<Worker> checkIn(SqlClient conn, WorkerPop pop, String type) {
        return workers.checkInByName(conn, pop.pop().name(), pop.ownerAlias(), pop.ownerTrusted(), pop.pop(),
                        config.workerOnlineWindow().toMillis(), config.uptimeRewardInterval().toMillis())
                .flatMap(found -> found
                        .map(checkedIn -> checkedIn(conn, pop, checkedIn, type))
                        .orElseGet(() -> register(conn, pop, type)));
    }

    /** An interrogation worker's check-in, in a transaction of its own (its pop happens in interrogation-service). */
    public Uni<Worker> checkInInterrogationWorker(WorkerPop pop) {
        return pool.withTransaction(conn -> checkIn(conn, pop, INTERROGATION));
    }

    private Uni<Worker> register(SqlClient conn, WorkerPop pop, String type) {
        // As on the AI Horde, only a new worker's name and bridge agent are judged: a registered worker keeps popping.
        WorkerChangeRules.refuseProfaneRegistration(pop.pop().name(), pop.pop().bridgeAgent());
        return workers.lockOwnerAndCount(conn, pop.ownerUserId()).flatMap(count -> {
            if (!pop.ownerTrusted() && count >= config.maxWorkersUntrusted()) {
                throw new HordeException(Rc.TooManyWorkers, "You have reached the maximum of "
                        + config.maxWorkersUntrusted() + " workers an untrusted user may run.");
            }
            if (count >= config.maxWorkersTrusted()) {
                throw new HordeException(Rc.TooManyWorkersTrusted, "You have reached the maximum of "
                        + config.maxWorkersTrusted() + " workers a trusted user may run. Please contact the operators"
                        + " of this horde to adjust it.");
            }
            return workers.create(conn, type, pop.ownerUserId(), pop.ownerAlias(), pop.ownerTrusted(), pop.pop());
        }).flatMap(created -> {
            if (created.isEmpty()) {
                // A concurrent first pop registered the name; check in against its registration instead.
                return checkIn(conn, pop, type);
            }
            Uptime fresh = new Uptime(0, 0, 0);
            return workers.checkIn(conn, created.get(), pop.ownerAlias(), pop.ownerTrusted(), pop.pop(), fresh)
                    .replaceWith(Worker.checkedIn(created.get(), pop.ownerUserId(), pop.ownerTrusted(), pop.pop(),
                            false, null, false, null));
        });
    }

    /**
     * A registered worker's check-in, already written ({@link WorkerRepository#checkInByName}): refused (and so
     * rolled back with the caller's transaction) when the name is another type's or another owner's; an uptime reward
     * it earned goes to the outbox.
     */
    private Uni<Worker> checkedIn(SqlClient conn, WorkerPop pop, WorkerRepository.CheckedIn checkedIn, String type) {
        WorkerRepository.Registered registered = checkedIn.before();
        if (!type.equals(registered.type())) {
            throw new HordeException(Rc.PolymorphicNameConflict,
                    "This worker name is already in use by another worker type.");
        }
        if (registered.ownerUserId() != pop.ownerUserId()) {
            throw new HordeException(Rc.WrongCredentials, "Wrong credentials to submit as this worker.");
        }
        Uptime before = registered.uptime();
        Uptime after = checkedIn.after();
        Worker worker = Worker.checkedIn(registered.id(), pop.ownerUserId(), pop.ownerTrusted(), pop.pop(),
                registered.maintenance(), registered.maintenanceMsg(), registered.paused(), registered.speed());
        OptionalLong rewardedAt = after.rewardedSince(before);
        if (rewardedAt.isEmpty()) {
            return Uni.createFrom().item(worker);
        }
        boolean alchemist = INTERROGATION.equals(type);
        WorkerUptimeRewarded reward = uptimeReward(worker.ref(), after.rewards(), rewardedAt.getAsLong(),
                alchemist ? INTERROGATION_UPTIME_REWARD
                        : worker.text() ? TextPricing.uptimeReward(worker.models().get(0), worker.maxContextLength(),
                        pop.pop().bridgeAgent())
                        : Uptime.imageReward(worker.models(), worker.allowLora()),
                alchemist);
        return outbox.append(conn, Topics.WORKERS_UPTIME_REWARDED, reward)
                .invoke(relay::nudge)
                .replaceWith(worker);
    }

    /**
     * The event of a worker's {@code ordinal}-th uptime reward. Its id is derived from the worker and the ordinal, so a
     * replayed check-in can only ever produce the same event (and kudos-service pays a worker once per uptime mark).
     * An alchemist's reward bypasses escrow, as on the AI Horde ({@code uptime_reward_bypasses_eval}).
     */
    static WorkerUptimeRewarded uptimeReward(WorkerRef worker, int ordinal, long uptimeSeconds, long reward,
                                             boolean bypassesEscrow) {
        UUID eventId = UUID.nameUUIDFromBytes(("worker-uptime-reward:" + worker.id() + ":" + ordinal)
                .getBytes(StandardCharsets.UTF_8));
        return new WorkerUptimeRewarded(eventId, WorkerUptimeRewarded.TYPE, WorkerUptimeRewarded.VERSION,
                Instant.now(), worker, uptimeSeconds, reward, bypassesEscrow);
    }

    public Uni<WorkerDetails> details(UUID id) {
        return workers.details(pool, id, config.workerOnlineWindow()).map(found -> found
                .orElseThrow(() -> notFound(id.toString())));
    }

    public Uni<WorkerDetails> detailsByName(String name) {
        return workers.detailsByName(pool, name, config.workerOnlineWindow()).map(found -> found
                .orElseThrow(() -> new HordeException(Rc.WorkerNotFound, "Worker with name '" + name
                        + "' not found.")));
    }

    public Uni<List<WorkerDetails>> online(String type, String name) {
        return workers.online(pool, type, name, config.workerOnlineWindow());
    }

    /** Applies an owner's or moderator's change; returns the worker as it is afterwards. */
    public Uni<WorkerDetails> change(UUID id, WorkerChange change) {
        return pool.withTransaction(conn -> workers.lockOwner(conn, id).flatMap(owner -> {
            long ownerUserId = owner.orElseThrow(() -> notFound(id.toString()));
            WorkerChangeRules.authorize(change, ownerUserId);
            Uni<Boolean> taken = change.name() == null ? Uni.createFrom().item(false)
                    : workers.nameTaken(conn, change.name(), id);
            return taken.flatMap(isTaken -> {
                if (isTaken) {
                    throw new HordeException(Rc.WorkerNameAlreadyExists,
                            "A worker with this name already exists. Please choose another.");
                }
                return workers.modify(conn, id, change.maintenance(),
                        WorkerChangeRules.maintenanceMessage(change), change.paused(), change.info(), change.name())
                        .call(() -> change.team() == null ? Uni.createFrom().voidItem() : joinTeam(conn, id,
                                change.team()));
            });
        })).chain(() -> details(id));
    }

    /** {@code ""} leaves the worker's team; a team id joins that team (404 {@code TeamNotFound} if there is none). */
    private Uni<Void> joinTeam(SqlClient conn, UUID workerId, String team) {
        if (team.isBlank()) {
            return workers.setTeam(conn, workerId, null);
        }
        UUID teamId = TeamService.teamId(team);
        return teams.exists(conn, teamId).flatMap(exists -> {
            if (!exists) {
                throw TeamService.notFound(team);
            }
            return workers.setTeam(conn, workerId, teamId);
        });
    }

    /** Deletes a worker for its owner or a moderator; returns it as it was. */
    public Uni<WorkerDetails> remove(UUID id, WorkerRemoval removal) {
        return details(id).flatMap(worker -> pool.withTransaction(conn -> workers.lockOwner(conn, id)
                .flatMap(owner -> {
                    long ownerUserId = owner.orElseThrow(() -> notFound(id.toString()));
                    WorkerChangeRules.authorizeRemoval(removal, ownerUserId);
                    return workers.delete(conn, id);
                })).replaceWith(worker));
    }

    private static HordeException notFound(String id) {
        return new HordeException(Rc.WorkerNotFound, "Worker with ID '" + id + "' not found.");
    }
}
