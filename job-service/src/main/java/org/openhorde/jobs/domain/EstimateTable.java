package org.openhorde.jobs.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.openhorde.contracts.internal.RequestEstimate;

/**
 * The estimates of one queue snapshot, by request id, in a handful of primitive arrays (open addressing, linear
 * probing) instead of a map of objects. A snapshot of 100,000 requests replaced every few seconds as a
 * {@code HashMap<UUID, RequestEstimate>} left ~15 MB of old-generation garbage each time, and the full collections it
 * forced stopped every pop in the service for ~150 ms; as arrays it is ~5 MB in six objects. Built by one thread,
 * then only read.
 */
public final class EstimateTable {

    private static final byte EMPTY = 0;
    private static final byte POSSIBLE = 1;
    private static final byte IMPOSSIBLE = 2;

    private final long[] mostSignificant;
    private final long[] leastSignificant;
    private final int[] positions;
    private final int[] waitTimes;
    private final byte[] states;
    private final int mask;
    private int size;

    /** A table for up to {@code capacity} requests. */
    public EstimateTable(int capacity) {
        int slots = Integer.highestOneBit(Math.max(16, capacity * 2 - 1)) << 1;
        mostSignificant = new long[slots];
        leastSignificant = new long[slots];
        positions = new int[slots];
        waitTimes = new int[slots];
        states = new byte[slots];
        mask = slots - 1;
    }

    public static EstimateTable empty() {
        return new EstimateTable(0);
    }

    /** Records a request's estimate; false (and nothing changed) when the request already has one. */
    public boolean putIfAbsent(UUID requestId, int queuePosition, int waitTime, boolean possible) {
        if (size * 2 >= states.length) {
            throw new IllegalStateException("estimate table full: sized for " + states.length / 2 + " requests");
        }
        int slot = slotOf(requestId);
        if (states[slot] != EMPTY) {
            return false;
        }
        mostSignificant[slot] = requestId.getMostSignificantBits();
        leastSignificant[slot] = requestId.getLeastSignificantBits();
        positions[slot] = queuePosition;
        waitTimes[slot] = waitTime;
        states[slot] = possible ? POSSIBLE : IMPOSSIBLE;
        size++;
        return true;
    }

    /** The request's estimate, or null when the snapshot does not know it. */
    public RequestEstimate get(UUID requestId) {
        int slot = slotOf(requestId);
        return states[slot] == EMPTY ? null
                : new RequestEstimate(true, positions[slot], waitTimes[slot], states[slot] == POSSIBLE);
    }

    public int size() {
        return size;
    }

    /** Every estimate, in no particular order (for tests and diagnostics; allocates). */
    public List<RequestEstimate> values() {
        List<RequestEstimate> values = new ArrayList<>(size);
        for (int slot = 0; slot < states.length; slot++) {
            if (states[slot] != EMPTY) {
                values.add(new RequestEstimate(true, positions[slot], waitTimes[slot], states[slot] == POSSIBLE));
            }
        }
        return values;
    }

    /** The slot holding the request, or the empty slot where it belongs. */
    private int slotOf(UUID requestId) {
        long most = requestId.getMostSignificantBits();
        long least = requestId.getLeastSignificantBits();
        int slot = spread(most ^ least) & mask;
        while (states[slot] != EMPTY && (mostSignificant[slot] != most || leastSignificant[slot] != least)) {
            slot = (slot + 1) & mask;
        }
        return slot;
    }

    /** Mixes all 64 bits into the slot index, so that ids differing only in their high bits spread too. */
    private static int spread(long bits) {
        long mixed = bits * 0x9E3779B97F4A7C15L;
        return (int) (mixed ^ (mixed >>> 32));
    }

    @Override
    public String toString() {
        return "EstimateTable[" + size + " estimates]";
    }
}
