package org.openhorde.kit.outbox;

import java.util.ArrayList;
import java.util.List;

/**
 * Which rows of a sent batch may be marked published: the longest prefix the broker acknowledged. A row after the
 * first failure stays unpublished even if its own send succeeded, so that the next pass sends it again after the
 * failed one and consumers never see an aggregate's events overtake each other for good.
 */
final class AcknowledgedPrefix {

    private AcknowledgedPrefix() {
    }

    /**
     * @param batch the rows in the order they were sent
     * @param acknowledged per row, whether the broker acknowledged it (same order, same size)
     * @return the ids of the acknowledged prefix, in order
     */
    static List<Long> ids(List<PendingEvent> batch, List<Boolean> acknowledged) {
        if (batch.size() != acknowledged.size()) {
            throw new IllegalArgumentException(
                    "one acknowledgement per row: " + batch.size() + " rows, " + acknowledged.size() + " answers");
        }
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < batch.size() && acknowledged.get(i); i++) {
            ids.add(batch.get(i).id());
        }
        return ids;
    }
}
