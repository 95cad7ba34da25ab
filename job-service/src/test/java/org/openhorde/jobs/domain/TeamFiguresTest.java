package org.openhorde.jobs.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openhorde.contracts.internal.TeamDetails;

/** A team's figures are its image workers' sums; every member is listed; models count online workers. */
class TeamFiguresTest {

    private static final TeamFigures.Team TEAM = new TeamFigures.Team(UUID.randomUUID(), "Blue", "info", 7, "a#7");

    @Test
    void figuresSumTheImageWorkersOnly() {
        var a = new TeamFigures.Member(UUID.randomUUID(), "a", "image", true, 3, 600, 2_000_000, 1_000_000.0,
                List.of("sd", "flux"));
        var b = new TeamFigures.Member(UUID.randomUUID(), "b", "image", false, 2, 400, 1_000_000, 3_000_000.0,
                List.of("sd"));
        var scribe = new TeamFigures.Member(UUID.randomUUID(), "c", "text", true, 50, 9999, 0, null, List.of("llm"));
        TeamDetails details = TeamFigures.of(TEAM, List.of(a, b, scribe));
        assertEquals(3, details.workers().size());
        assertEquals(5, details.requestsFulfilled());
        assertEquals(1000, details.uptime());
        assertEquals(3.0, details.contributions(), 1e-9);
        assertEquals(2.0, details.performance(), 1e-9);
        assertEquals(4.0, details.speed(), 1e-9);
        assertEquals(List.of(new TeamDetails.TeamModel("flux", 1), new TeamDetails.TeamModel("sd", 1)),
                details.models());
        assertEquals("a#7", details.ownerAlias());
    }

    @Test
    void anEmptyTeamHasZeroes() {
        TeamDetails details = TeamFigures.of(TEAM, List.of());
        assertEquals(0, details.workers().size());
        assertEquals(0.0, details.performance());
        assertEquals(0, details.requestsFulfilled());
    }
}
