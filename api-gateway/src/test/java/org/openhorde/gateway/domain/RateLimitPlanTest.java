package org.openhorde.gateway.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Pins which buckets a request draws from: the AI Horde's keys by IP and endpoint, IP and path, API key and path. */
class RateLimitPlanTest {

    private static final List<RateLimit> ASYNC = RateLimit.parseAll(
            "90/minute@ip-path,2/second@ip-path,2/second@apikey-path,60/second@anonymous-apikey-path");

    @Test
    void aUserDrawsFromTheIpAndTheKeyBuckets() {
        List<RateLimitPlan.Bucket> buckets = RateLimitPlan.buckets(ASYNC, new RateLimitPlan.Call("198.51.100.1",
                "POST", "/api/v2/generate/async", "GenerateResource.async", false, "f00"));
        assertEquals(List.of("90/60000:198.51.100.1@POST@/api/v2/generate/async",
                "2/1000:198.51.100.1@POST@/api/v2/generate/async", "2/1000:f00@POST@/api/v2/generate/async"),
                buckets.stream().map(RateLimitPlan.Bucket::key).toList());
    }

    @Test
    void theAnonymousKeySharesOneGenerousBucket() {
        List<RateLimitPlan.Bucket> buckets = RateLimitPlan.buckets(ASYNC, new RateLimitPlan.Call("198.51.100.1",
                "POST", "/api/v2/generate/async", "GenerateResource.async", true, null));
        assertEquals("60/1000:anonymous@POST@/api/v2/generate/async", buckets.get(2).key());
        assertEquals(3, buckets.size());
        assertTrue(RateLimitPlan.isAnonymous(null));
        assertTrue(RateLimitPlan.isAnonymous(" 0000000000 "));
        assertFalse(RateLimitPlan.isAnonymous("a-real-key"));
    }

    @Test
    void ipPathLimitsArePerRequestIdWhileIpLimitsArePerEndpoint() {
        List<RateLimit> status = RateLimit.parseAll("10/minute@ip-path,90/minute@ip");
        var one = RateLimitPlan.buckets(status, new RateLimitPlan.Call("198.51.100.1", "GET",
                "/api/v2/generate/status/1", "GenerateResource.status", true, null));
        var other = RateLimitPlan.buckets(status, new RateLimitPlan.Call("198.51.100.1", "GET",
                "/api/v2/generate/status/2", "GenerateResource.status", true, null));
        assertNotEquals(one.get(0).key(), other.get(0).key());
        assertEquals(one.get(1).key(), other.get(1).key());
    }
}
