package org.openhorde.gateway.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class IntakeLaneTest {

    @Test
    void letsWidthIntakesThroughAndQueuesTheRestInArrivalOrder() {
        IntakeLane lane = new IntakeLane(2);
        List<Integer> started = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            int n = i;
            lane.enter(() -> started.add(n));
        }
        assertEquals(List.of(1, 2), started);
        assertEquals(2, lane.inFlight());
        assertEquals(3, lane.waiting());

        lane.leave();
        assertEquals(List.of(1, 2, 3), started, "the longest waiter takes the freed place");
        lane.leave();
        lane.leave();
        assertEquals(List.of(1, 2, 3, 4, 5), started);
        assertEquals(2, lane.inFlight(), "places were handed over, never freed, while someone waited");
        assertEquals(0, lane.waiting());

        lane.leave();
        lane.leave();
        assertEquals(0, lane.inFlight());
        lane.enter(() -> started.add(6));
        assertEquals(6, started.get(started.size() - 1), "an empty lane runs at once");
    }

    @Test
    void startsNoCloserThanTheSpacingAndRefusesBeyondTheBacklog() {
        long[] now = {1_000};
        List<long[]> timers = new ArrayList<>(); // {due, index into tasks}
        List<Runnable> tasks = new ArrayList<>();
        IntakeLane lane = new IntakeLane(1, 100, 2, () -> now[0], (delay, task) -> {
            timers.add(new long[] {now[0] + delay, tasks.size()});
            tasks.add(task);
        });
        List<Integer> started = new ArrayList<>();
        assertTrue(lane.enter(() -> started.add(1)));
        assertEquals(List.of(1), started, "the first start is not delayed");
        assertTrue(lane.enter(() -> started.add(2)));
        assertTrue(lane.enter(() -> started.add(3)));
        assertFalse(lane.enter(() -> started.add(4)), "the backlog holds two");
        assertEquals(2, lane.waiting());

        now[0] += 30;
        lane.leave(); // intake 1 done after 30: intake 2 may start only 100 after intake 1 did
        assertEquals(List.of(1), started);
        assertEquals(1, timers.size());
        assertEquals(1_100, timers.get(0)[0], "due at the spacing after the previous start");
        now[0] = 1_100;
        tasks.get(0).run();
        assertEquals(List.of(1, 2), started);

        now[0] = 1_500; // long after: intake 3 starts at once when 2 leaves
        lane.leave();
        assertEquals(List.of(1, 2, 3), started);
        assertEquals(1, timers.size());
        lane.leave();
        assertEquals(0, lane.inFlight());
        assertTrue(lane.enter(() -> started.add(5)), "room again");
        assertEquals(2, timers.size(), "but no sooner than the spacing after intake 3");
        assertEquals(1_600, timers.get(1)[0]);
    }

    @Test
    void refusesALaneWithoutRoomAndALeaveWithoutAnEnter() {
        assertThrows(IllegalArgumentException.class, () -> new IntakeLane(0));
        assertThrows(IllegalStateException.class, () -> new IntakeLane(1).leave());
    }
}
