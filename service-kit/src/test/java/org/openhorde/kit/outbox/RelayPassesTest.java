package org.openhorde.kit.outbox;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Pins the relay's one-pass-at-a-time rule: concurrent requests never run two passes, and none is ever lost. */
class RelayPassesTest {

    @Test
    void anIdleRelayRunsAPassForTheFirstRequestOnly() {
        RelayPasses passes = new RelayPasses();
        assertTrue(passes.request(), "nothing runs: the caller runs the pass");
        passes.beginPass();
        assertFalse(passes.request(), "a pass runs: the second caller leaves the work to it");
    }

    @Test
    void aPassWithoutRequestsMeanwhileLeavesTheRelayIdle() {
        RelayPasses passes = new RelayPasses();
        passes.request();
        passes.beginPass();
        assertFalse(passes.endPass());
        assertTrue(passes.request(), "idle again: the next request runs a pass");
    }

    @Test
    void aRequestDuringAPassMakesItGoRoundOnceMore() {
        RelayPasses passes = new RelayPasses();
        passes.request();
        passes.beginPass();
        assertFalse(passes.request());
        assertFalse(passes.request());
        assertTrue(passes.endPass(), "the requests that came during the pass get one more pass");
        passes.beginPass();
        assertFalse(passes.endPass(), "that pass served them all");
    }

    @Test
    void aRequestBeforeThePassReadItsBatchIsServedByThatPass() {
        RelayPasses passes = new RelayPasses();
        passes.request();
        passes.request();
        passes.beginPass();
        assertFalse(passes.endPass());
    }

    @Test
    void aFailedPassStillFreesTheRelay() {
        RelayPasses passes = new RelayPasses();
        passes.request();
        passes.beginPass();
        // the pass failed: the relay calls endPass all the same
        assertFalse(passes.endPass());
        assertTrue(passes.request());
    }
}
