package org.openhorde.kudos.rest;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.jboss.resteasy.reactive.RestPath;
import org.openhorde.contracts.HordeException;
import org.openhorde.contracts.Rc;
import org.openhorde.contracts.internal.WorkerKudos;
import org.openhorde.kudos.domain.KudosCategory;
import org.openhorde.kudos.repository.WorkerStatsRepository;

/**
 * Internal API for the gateway's worker views: what a worker earned ({@code kudos_rewards}, {@code kudos_details}).
 * kudos-service does not know which workers exist (job-service does); a worker that never earned reads as zeros.
 */
@Path("/internal/workers")
@Produces(MediaType.APPLICATION_JSON)
public class InternalWorkerResource {

    private final Pool pool;
    private final WorkerStatsRepository workerStats;

    InternalWorkerResource(Pool pool, WorkerStatsRepository workerStats) {
        this.pool = pool;
        this.workerStats = workerStats;
    }

    @GET
    @Path("/{id}/kudos")
    public Uni<WorkerKudos> kudos(@RestPath String id) {
        UUID workerId;
        try {
            workerId = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new HordeException(Rc.WorkerNotFound, "Worker with ID '" + id + "' not found.");
        }
        return workerStats.stats(pool, workerId).map(stats -> {
            Map<String, Long> details = new LinkedHashMap<>();
            long total = 0;
            for (String category : KudosCategory.WORKER_DETAILS) {
                long amount = stats.getOrDefault(category, 0L);
                details.put(category, amount);
                total += amount;
            }
            return new WorkerKudos(workerId, total, details);
        });
    }
}
