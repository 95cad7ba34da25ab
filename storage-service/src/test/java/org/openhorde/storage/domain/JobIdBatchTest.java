package org.openhorde.storage.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Pins how many presigned URLs one call may ask for. */
class JobIdBatchTest {

    private static List<UUID> ids(int count) {
        return Stream.generate(UUID::randomUUID).limit(count).toList();
    }

    @Test
    void oneToTwentyIdsAreFine() {
        assertEquals(Optional.empty(), JobIdBatch.problem(ids(1)));
        assertEquals(Optional.empty(), JobIdBatch.problem(ids(20)));
    }

    @Test
    void noneOrMoreThanTwentyAreRefused() {
        assertTrue(JobIdBatch.problem(null).isPresent());
        assertTrue(JobIdBatch.problem(List.of()).isPresent());
        assertEquals(Optional.of("jobIds must hold 1 to 20 job ids"), JobIdBatch.problem(ids(21)));
    }

    @Test
    void nullIdsAreRefused() {
        List<UUID> withNull = new ArrayList<>(Arrays.asList(UUID.randomUUID(), null));
        assertEquals(Optional.of("jobIds must not contain null"), JobIdBatch.problem(withNull));
    }
}
