package org.openhorde.kit.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** Pins which raw paths and queries the guard refuses, and with which rc; ordinary ones pass untouched. */
class RequestGuardTest {

    private static String rcOf(String path, String query) {
        var refusal = RequestGuard.refusal(path, query);
        return refusal == null ? null : refusal.rc();
    }

    @Test
    void ordinaryPathsAndQueriesPass() {
        assertNull(rcOf("/api/v2/workers/name/my%20worker", "name=a+b&type=image&empty=&flag"));
        assertNull(rcOf("/api/v2/generate/status/" + "a".repeat(1000), null));
        assertNull(rcOf("/", ""));
        assertNull(rcOf("/api/v2/users/%F0%9F%98%80", "q=%E2%80%AE"));
    }

    @Test
    void nulsAnywhereAreRefused() {
        assertEquals("NulByteInPayload", rcOf("/api/v2/workers/name/a%00b", null));
        assertEquals("NulByteInPayload", rcOf("/x", "name=%00"));
        assertEquals("NulByteInPayload", rcOf("/x", "na%00me=1"));
    }

    @Test
    void invalidPercentEncodingsAndOverlongValuesAreBadRequests() {
        assertEquals("BadRequest", rcOf("/api/v2/generate/status/%%00", null));
        assertEquals("BadRequest", rcOf("/api/v2/generate/status/%zz", null));
        assertEquals("BadRequest", rcOf("/api/v2/generate/status/fuzz%", null));
        assertEquals("BadRequest", rcOf("/x", "name=%%00"));
        assertEquals("BadRequest", rcOf("/x", "name=fuzz%"));
        assertEquals("BadRequest", rcOf("/api/v2/generate/status/" + "a".repeat(1001), null));
        assertEquals("BadRequest", rcOf("/x", "name=" + "a".repeat(1001)));
    }
}
