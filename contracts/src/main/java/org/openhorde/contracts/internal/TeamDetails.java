package org.openhorde.contracts.internal;

import java.util.List;
import java.util.UUID;

/**
 * A team as job-service knows it, with the figures of its current workers (AI Horde {@code TeamDetails}); kudos come
 * from kudos-service, the creator's alias from the gateway.
 *
 * @param ownerAlias     the creator's {@code username#id} when the team was created
 * @param contributions  megapixelsteps the team's workers generated
 * @param performance    the mean speed of its workers, megapixelsteps per second
 * @param speed          the sum of its workers' speeds
 */
public record TeamDetails(UUID id, String name, String info, long ownerUserId, String ownerAlias, long requestsFulfilled,
                          double contributions, long uptime, double performance, double speed,
                          List<TeamWorker> workers, List<TeamModel> models) {

    /** A member, as the AI Horde lists it in a team ({@code WorkerDetailsLite}). */
    public record TeamWorker(UUID id, String name, String type, boolean online) {
    }

    /** How many of the team's workers serve a model. */
    public record TeamModel(String name, long count) {
    }
}
