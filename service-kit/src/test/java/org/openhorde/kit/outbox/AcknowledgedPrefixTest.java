package org.openhorde.kit.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Pins which sent outbox rows are marked published: only the acknowledged prefix, so order survives a failure. */
class AcknowledgedPrefixTest {

    private static final List<PendingEvent> BATCH = List.of(row(7), row(8), row(9), row(12));

    private static PendingEvent row(long id) {
        return new PendingEvent(id, "horde.jobs.claimed", "request-" + id, "{}");
    }

    @Test
    void aFullyAcknowledgedBatchIsPublishedWhole() {
        assertEquals(List.of(7L, 8L, 9L, 12L), AcknowledgedPrefix.ids(BATCH, List.of(true, true, true, true)));
    }

    @Test
    void rowsAfterTheFirstFailureStayUnpublishedEvenWhenTheirOwnSendSucceeded() {
        assertEquals(List.of(7L, 8L), AcknowledgedPrefix.ids(BATCH, List.of(true, true, false, true)));
    }

    @Test
    void aFailedFirstRowHoldsBackTheWholeBatch() {
        assertEquals(List.of(), AcknowledgedPrefix.ids(BATCH, List.of(false, true, true, true)));
    }

    @Test
    void anEmptyBatchPublishesNothing() {
        assertEquals(List.of(), AcknowledgedPrefix.ids(List.of(), List.of()));
    }

    @Test
    void answersThatDoNotMatchTheBatchAreABug() {
        assertThrows(IllegalArgumentException.class, () -> AcknowledgedPrefix.ids(BATCH, List.of(true)));
    }
}
