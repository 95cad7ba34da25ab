package org.openhorde.gateway.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
    void refusesALaneWithoutRoomAndALeaveWithoutAnEnter() {
        assertThrows(IllegalArgumentException.class, () -> new IntakeLane(0));
        assertThrows(IllegalStateException.class, () -> new IntakeLane(1).leave());
    }
}
