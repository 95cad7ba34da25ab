package org.openhorde.jobs.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.openhorde.contracts.internal.PopRequest;
import org.openhorde.contracts.internal.WorkerSummary;
import org.openhorde.jobs.domain.Worker;

/** Workers: created by their first pop, checked in by every later one. */
@ApplicationScoped
public class WorkerRepository {

    /**
     * Creates the worker or records its check-in, in one statement so that two first pops under one name cannot
     * both create it. Empty when the name belongs to another owner's worker.
     */
    public Uni<Optional<Worker>> checkIn(SqlClient client, long ownerUserId, PopRequest pop) {
        Tuple values = Tuple.tuple(Arrays.asList(UUID.randomUUID(), pop.name(), ownerUserId,
                pop.models().toArray(String[]::new), pop.maxPixels(), pop.nsfw(), pop.threads(), pop.bridgeAgent(),
                pop.allowImg2img(), pop.allowPainting(), pop.allowUnsafeIpaddr(), pop.allowPostProcessing(),
                pop.allowControlnet(), pop.allowSdxlControlnet(), pop.allowLora()));
        return client.preparedQuery("""
                        insert into workers (id, name, owner_user_id, models, max_pixels, nsfw, threads, bridge_agent,
                                             allow_img2img, allow_painting, allow_unsafe_ipaddr, allow_post_processing,
                                             allow_controlnet, allow_sdxl_controlnet, allow_lora)
                        values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
                        on conflict (name) do update
                           set models = excluded.models, max_pixels = excluded.max_pixels, nsfw = excluded.nsfw,
                               threads = excluded.threads, bridge_agent = excluded.bridge_agent,
                               allow_img2img = excluded.allow_img2img, allow_painting = excluded.allow_painting,
                               allow_unsafe_ipaddr = excluded.allow_unsafe_ipaddr,
                               allow_post_processing = excluded.allow_post_processing,
                               allow_controlnet = excluded.allow_controlnet,
                               allow_sdxl_controlnet = excluded.allow_sdxl_controlnet,
                               allow_lora = excluded.allow_lora, last_check_in = now()
                         where workers.owner_user_id = excluded.owner_user_id
                        returning id
                        """)
                .execute(values)
                .map(rows -> rows.size() == 0 ? Optional.empty()
                        : Optional.of(new Worker(rows.iterator().next().getUUID("id"), pop.name(), ownerUserId,
                                List.copyOf(pop.models()), pop.maxPixels(), pop.nsfw())));
    }

    /** Counts a delivered image and the centikudos it earned. */
    public Uni<Void> credit(SqlClient client, UUID workerId, long reward) {
        return client.preparedQuery("""
                        update workers set fulfilments = fulfilments + 1, kudos_earned = kudos_earned + $2
                         where id = $1
                        """)
                .execute(Tuple.of(workerId, reward))
                .replaceWithVoid();
    }

    /** Counts a job the worker gave back or let time out. */
    public Uni<Void> countAbort(SqlClient client, UUID workerId) {
        return client.preparedQuery("update workers set aborted_jobs = aborted_jobs + 1 where id = $1")
                .execute(Tuple.of(workerId))
                .replaceWithVoid();
    }

    public Uni<List<WorkerSummary>> ownedBy(SqlClient client, long ownerUserId, Duration onlineWindow) {
        return client.preparedQuery("""
                        select id, name, owner_user_id,
                               last_check_in > now() - make_interval(secs => $2::bigint) as online
                          from workers where owner_user_id = $1 order by name
                        """)
                .execute(Tuple.of(ownerUserId, onlineWindow.toSeconds()))
                .map(rows -> {
                    List<WorkerSummary> workers = new ArrayList<>();
                    for (Row row : rows) {
                        workers.add(new WorkerSummary(row.getUUID("id"), row.getString("name"),
                                row.getLong("owner_user_id"), row.getBoolean("online")));
                    }
                    return workers;
                });
    }
}
