package org.openhorde.gateway.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openhorde.gateway.domain.RateLimit;
import org.openhorde.gateway.domain.RateLimitPlan.Bucket;
import org.openhorde.gateway.service.RateLimiter.Limited;
import org.openhorde.gateway.service.RateLimiter.Verdict;

/** Pins the token buckets' script on the real Redis: size, refill, all-or-none, and the cost of one check. */
@QuarkusTest
class RateLimiterTest {

    @Inject
    RateLimiter limiter;

    private static Bucket bucket(String spec) {
        return new Bucket("test:" + UUID.randomUUID(), RateLimit.parse(spec));
    }

    private Verdict take(Bucket... buckets) {
        return limiter.take(List.of(buckets), null).await().indefinitely();
    }

    @Test
    void aBucketHoldsItsSizeAndRefillsAtItsRate() throws InterruptedException {
        Bucket three = bucket("3/second@ip");
        for (int i = 0; i < 3; i++) {
            assertInstanceOf(RateLimiter.Admitted.class, take(three));
        }
        Limited limited = assertInstanceOf(Limited.class, take(three));
        assertTrue(limited.retryAfterMillis() > 0 && limited.retryAfterMillis() <= 334, limited.toString());
        Thread.sleep(limited.retryAfterMillis() + 20);
        assertInstanceOf(RateLimiter.Admitted.class, take(three));
        assertInstanceOf(Limited.class, take(three));
    }

    @Test
    void aRefusedRequestTakesNoTokenFromAnyBucket() {
        Bucket roomy = bucket("5/minute@ip");
        Bucket tight = bucket("1/minute@ip");
        assertInstanceOf(RateLimiter.Admitted.class, take(roomy, tight));
        Limited limited = assertInstanceOf(Limited.class, take(roomy, tight));
        assertEquals(tight.limit(), limited.limit());
        assertTrue(limited.retryAfterMillis() > 55_000, limited.toString());
        for (int i = 0; i < 4; i++) {
            assertInstanceOf(RateLimiter.Admitted.class, take(roomy), "token " + (i + 2) + " of 5");
        }
        assertInstanceOf(Limited.class, take(roomy));
    }

    @Test
    void oneCheckCostsOneRoundTrip() {
        Bucket bucket = bucket("1000000/second@ip");
        Bucket second = bucket("1000000/minute@ip-path");
        for (int i = 0; i < 200; i++) {
            take(bucket, second);
        }
        int calls = 2000;
        long started = System.nanoTime();
        for (int i = 0; i < calls; i++) {
            take(bucket, second);
        }
        double micros = (System.nanoTime() - started) / 1000.0 / calls;
        System.out.printf("rate-limit check (2 buckets, one script call): %.0f µs per call, sequential%n", micros);
        assertTrue(micros < 5_000, micros + " µs per check");
    }
}
