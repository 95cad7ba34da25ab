package org.openhorde.gateway.rest;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code horde_gateway_overhead_seconds} counts each public call once, with the time the gateway waited for the
 * internal services taken out: pops that job-service (stubbed over HTTP) answers only after a second land in the
 * histogram's sub-second buckets, while the route's server timer shows the whole second.
 */
@QuarkusTest
@WithTestResource(InternalServicesStub.class)
class GatewayOverheadTest {

    private static final String ROUTE = "POST /api/v2/generate/pop";
    private static final int POPS = 3;

    @Test
    void aPopsOwnTimeLeavesOutTheTimeJobServiceTook() {
        String name = InternalServicesStub.SLOW_WORKER + "-" + UUID.randomUUID();
        String apikey = "stub:" + ThreadLocalRandom.current().nextLong(1_000_000, 1_000_000_000) + ":0:30";
        // A fresh gateway's first pop loads and compiles its code: that one is not what is measured here.
        pop(name, apikey);

        double countBefore = overhead("_count", null);
        double withinHalfSecondBefore = overhead("_bucket", "0.5");
        double popSecondsBefore = popServerSeconds();

        for (int i = 0; i < POPS; i++) {
            pop(name, apikey);
        }

        assertEquals(POPS, overhead("_count", null) - countBefore, "each pop counted once");
        // Each took over a second in all (the stub's delay), but the gateway's own part of it is far below.
        assertTrue(popServerSeconds() - popSecondsBefore >= POPS * InternalServicesStub.SLOW_POP.toMillis() / 1000.0,
                "the route's server timer holds the whole time");
        assertEquals(POPS, overhead("_bucket", "0.5") - withinHalfSecondBefore,
                "every pop's own time is under half a second: job-service's second was taken out");
    }

    private static void pop(String name, String apikey) {
        given().contentType(ContentType.JSON).header("apikey", apikey)
                .body("{\"name\":\"" + name + "\",\"models\":[\"stable_diffusion\"]}")
                .post("/api/v2/generate/pop").then().statusCode(200);
    }

    /** A series of the overhead histogram for the pop route: its count, or the bucket of bound {@code le}. */
    private static double overhead(String suffix, String le) {
        String labels = le == null ? "\\{route=\"" + Pattern.quote(ROUTE) + "\"}"
                : "\\{[^}]*le=\"" + Pattern.quote(le) + "\"[^}]*route=\"" + Pattern.quote(ROUTE) + "\"[^}]*}"
                + "|\\{[^}]*route=\"" + Pattern.quote(ROUTE) + "\"[^}]*le=\"" + Pattern.quote(le) + "\"[^}]*}";
        return series("horde_gateway_overhead_seconds" + suffix + "(?:" + labels + ")");
    }

    private static double popServerSeconds() {
        return series("http_server_requests_seconds_sum\\{[^}]*uri=\"/api/v2/generate/pop\"[^}]*}");
    }

    /** The sum of every series matching {@code nameAndLabels} (0 when none has been written yet). */
    private static double series(String nameAndLabels) {
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher m = Pattern.compile("(?m)^(?:" + nameAndLabels + ")\\s+(\\S+)$").matcher(metrics);
        double sum = 0;
        while (m.find()) {
            sum += Double.parseDouble(m.group(1));
        }
        return sum;
    }
}
