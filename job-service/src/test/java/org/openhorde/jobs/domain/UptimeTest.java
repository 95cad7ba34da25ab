package org.openhorde.jobs.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Pins the AI Horde's uptime rule: online check-ins add up, every 600 s of it earns one reward. */
class UptimeTest {

    private static final long WINDOW = 300_000;
    private static final long INTERVAL = 600_000;

    @Test
    void onlineCheckInsAccumulateUntilARewardFallsDue() {
        Uptime uptime = new Uptime(0, 0, 0);
        for (int i = 0; i < 9; i++) {
            uptime = uptime.checkIn(60_000, WINDOW, true, INTERVAL);
        }
        assertEquals(540_000, uptime.uptimeMillis());
        assertEquals(0, uptime.rewards());
        Uptime rewarded = uptime.checkIn(60_000, WINDOW, true, INTERVAL);
        assertEquals(1, rewarded.rewards());
        assertEquals(600, rewarded.rewardedSince(uptime).getAsLong());
        assertTrue(rewarded.checkIn(60_000, WINDOW, true, INTERVAL).rewardedSince(rewarded).isEmpty(),
                "the next reward needs another full interval");
    }

    @Test
    void comingBackFromOfflineRestartsTheTimer() {
        Uptime uptime = new Uptime(500_000, 0, 0).checkIn(WINDOW + 1, WINDOW, true, INTERVAL);
        assertEquals(500_000, uptime.uptimeMillis(), "time offline is not uptime");
        assertEquals(500_000, uptime.lastRewardUptimeMillis(), "the timer restarts");
        assertEquals(0, uptime.checkIn(200_000, WINDOW, true, INTERVAL).rewards());
    }

    @Test
    void pausedOrInMaintenanceEarnsNothing() {
        Uptime uptime = new Uptime(599_000, 0, 0).checkIn(60_000, WINDOW, false, INTERVAL);
        assertEquals(599_000, uptime.uptimeMillis());
        assertEquals(0, uptime.rewards());
    }

    @Test
    void imageRewardIsFiftyPlusTwoPerModelPlusThirtyWithLora() {
        assertEquals(54_00, Uptime.imageReward(List.of("a", "b"), false));
        assertEquals(84_00, Uptime.imageReward(List.of("a", "b"), true));
    }
}
