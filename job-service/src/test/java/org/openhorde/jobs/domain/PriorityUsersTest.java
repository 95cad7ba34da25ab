package org.openhorde.jobs.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Pins who a worker serves first: its owner, then the users its priority_usernames name by id. */
class PriorityUsersTest {

    @Test
    void theOwnerAndTheIdsOfTheAliases() {
        assertEquals(List.of(7L, 12L, 3L), PriorityUsers.ids(7, List.of("alice#12", "bob#with#hash#3", "alice#12")));
    }

    @Test
    void whatNamesNobodyIsIgnored() {
        assertEquals(List.of(7L), PriorityUsers.ids(7, Arrays.asList("nohash", null, "x#y")));
        assertEquals(List.of(7L), PriorityUsers.ids(7, null));
    }
}
