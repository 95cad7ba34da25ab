package org.openhorde.gateway.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.openhorde.gateway.domain.RateLimit.Scope;

/** Pins how limits are written in configuration and described in a 429, as flask-limiter describes them. */
class RateLimitTest {

    @Test
    void theAiHordesAsyncLimitsParse() {
        List<RateLimit> limits = RateLimit.parseAll(
                "90/minute@ip-path, 2/second@ip-path,2/second@apikey-path,60/second@anonymous-apikey-path");
        assertEquals(List.of(new RateLimit(90, 60_000, Scope.IP_PATH), new RateLimit(2, 1_000, Scope.IP_PATH),
                new RateLimit(2, 1_000, Scope.APIKEY_PATH), new RateLimit(60, 1_000, Scope.ANONYMOUS_APIKEY_PATH)),
                limits);
        assertEquals("2 per 1 second", limits.get(1).describe());
        assertEquals("90 per 1 minute", limits.get(0).describe());
        assertEquals(new RateLimit(90, 3_600_000, Scope.IP), RateLimit.parse("90/hour@ip"));
        assertEquals(new RateLimit(5, 86_400_000, Scope.IP), RateLimit.parse("5/DAY@ip"));
    }

    @Test
    void blankMeansNoLimitOfItsOwn() {
        assertTrue(RateLimit.parseAll("").isEmpty());
        assertTrue(RateLimit.parseAll(null).isEmpty());
    }

    @Test
    void aTypoFailsInsteadOfSilentlyLimitingNothing() {
        assertThrows(IllegalArgumentException.class, () -> RateLimit.parse("2/second"));
        assertThrows(IllegalArgumentException.class, () -> RateLimit.parse("2/fortnight@ip"));
        assertThrows(IllegalArgumentException.class, () -> RateLimit.parse("two/second@ip"));
        assertThrows(IllegalArgumentException.class, () -> RateLimit.parse("2/second@everyone"));
        assertThrows(IllegalArgumentException.class, () -> RateLimit.parse("0/second@ip"));
    }
}
