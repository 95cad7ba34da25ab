package org.openhorde.jobs.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.openhorde.contracts.internal.TeamDetails;
import org.openhorde.contracts.internal.TeamDetails.TeamModel;
import org.openhorde.contracts.internal.TeamDetails.TeamWorker;

/**
 * A team's figures from its current workers (the AI Horde's {@code Team.get_details}): every member is listed, but
 * only image workers add to the figures, as only they add to an AI Horde team's stats.
 */
public final class TeamFigures {

    private static final String IMAGE = "image";

    private TeamFigures() {
    }

    /** The team as stored: who made it and what it says about itself. */
    public record Team(UUID id, String name, String info, long ownerUserId, String ownerAlias) {
    }

    /**
     * One member, as the figures need it.
     *
     * @param pixelsteps         what it delivered, in pixelsteps
     * @param pixelstepsPerSecond its measured speed, or null before it delivered anything
     */
    public record Member(UUID id, String name, String type, boolean online, long fulfilments, long uptimeSeconds,
                         double pixelsteps, Double pixelstepsPerSecond, List<String> models) {
    }

    public static TeamDetails of(Team team, List<Member> members) {
        List<TeamWorker> workers = new ArrayList<>();
        Map<String, Long> modelCounts = new TreeMap<>();
        long fulfilled = 0;
        long uptime = 0;
        double pixelsteps = 0;
        double speedSum = 0;
        int measured = 0;
        for (Member member : members) {
            workers.add(new TeamWorker(member.id(), member.name(), member.type(), member.online()));
            if (!IMAGE.equals(member.type())) {
                continue;
            }
            fulfilled += member.fulfilments();
            uptime += member.uptimeSeconds();
            pixelsteps += member.pixelsteps();
            if (member.pixelstepsPerSecond() != null) {
                speedSum += member.pixelstepsPerSecond();
                measured++;
            }
            // The AI Horde counts a model once per online worker serving it.
            if (member.online()) {
                for (String model : member.models()) {
                    modelCounts.merge(model, 1L, Long::sum);
                }
            }
        }
        double performance = measured == 0 ? 0 : speedSum / measured / 1_000_000;
        List<TeamModel> models = modelCounts.entrySet().stream()
                .map(entry -> new TeamModel(entry.getKey(), entry.getValue())).toList();
        return new TeamDetails(team.id(), team.name(), team.info(), team.ownerUserId(), team.ownerAlias(), fulfilled,
                pixelsteps / 1_000_000, uptime, performance, speedSum / 1_000_000, workers, models);
    }
}
