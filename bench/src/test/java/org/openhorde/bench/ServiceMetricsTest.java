package org.openhorde.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The gateway's time against its downstream calls, from Prometheus timers read before and after the window. */
class ServiceMetricsTest {

    private static ServiceMetrics.Snapshot snapshot(String gateway, String kudos, String jobs) {
        Map<String, ServiceMetrics.Timer> timers = new HashMap<>();
        ServiceMetrics.parse("gateway", gateway, timers);
        ServiceMetrics.parse("kudos-service", kudos, timers);
        ServiceMetrics.parse("job-service", jobs, timers);
        return new ServiceMetrics.Snapshot(timers);
    }

    @Test
    void aSharedDownstreamRouteIsSharedOutByCallCount() {
        ServiceMetrics.Snapshot before = snapshot("", "", "");
        ServiceMetrics.Snapshot after = snapshot("""
                # TYPE http_server_requests_seconds summary
                http_server_requests_seconds_count{method="POST",outcome="SUCCESS",status="200",uri="/api/v2/generate/pop"} 80.0
                http_server_requests_seconds_sum{method="POST",outcome="SUCCESS",status="200",uri="/api/v2/generate/pop"} 4.0
                http_server_requests_seconds_count{method="POST",outcome="SUCCESS",status="202",uri="/api/v2/generate/async"} 20.0
                http_server_requests_seconds_sum{method="POST",outcome="SUCCESS",status="202",uri="/api/v2/generate/async"} 2.0
                http_client_requests_seconds_count{clientName="127.0.0.1",method="POST",outcome="SUCCESS",status="200",uri="/internal/pop"} 80.0
                http_client_requests_seconds_sum{clientName="127.0.0.1",method="POST",outcome="SUCCESS",status="200",uri="/internal/pop"} 2.4
                """, """
                http_server_requests_seconds_count{method="POST",outcome="SUCCESS",status="200",uri="/internal/users/authenticate"} 100.0
                http_server_requests_seconds_sum{method="POST",outcome="SUCCESS",status="200",uri="/internal/users/authenticate"} 1.0
                """, """
                http_server_requests_seconds_count{method="POST",outcome="SUCCESS",status="200",uri="/internal/pop"} 60.0
                http_server_requests_seconds_sum{method="POST",outcome="SUCCESS",status="200",uri="/internal/pop"} 1.2
                http_server_requests_seconds_count{method="POST",outcome="CLIENT_ERROR",status="404",uri="/internal/pop"} 20.0
                http_server_requests_seconds_sum{method="POST",outcome="CLIENT_ERROR",status="404",uri="/internal/pop"} 0.4
                """);
        List<Report.Overhead> rows = ServiceMetrics.overhead(before, after);
        assertEquals(2, rows.size());
        Report.Overhead pop = rows.get(0);
        assertEquals("POST /api/v2/generate/pop", pop.route());
        assertEquals(80, pop.calls());
        assertEquals(50.0, pop.gatewayMeanMs());
        // authenticate: 1 s over 100 calls, of which pops made 80 -> 10 ms a pop; /internal/pop 1.6 s / 80 = 20 ms
        assertEquals(30.0, pop.downstreamMeanMs());
        assertEquals(20.0, pop.overheadMs());
        Report.Overhead async = rows.get(1);
        assertEquals(100.0, async.gatewayMeanMs());
        assertEquals(10.0, async.downstreamMeanMs());
        assertEquals(Map.of("POST /internal/pop", 30.0), ServiceMetrics.clientTimers(before, after));
    }

    @Test
    void statementsPerLifecycleComeFromEachServicesSqlTimer() {
        ServiceMetrics.Snapshot before = snapshot("", "", """
                postgresql_processing_seconds_count{clientName="<default>",clientType="sql"} 100.0
                postgresql_processing_seconds_sum{clientName="<default>",clientType="sql"} 1.0
                """);
        ServiceMetrics.Snapshot after = snapshot("", """
                postgresql_processing_seconds_count{clientName="<default>",clientType="sql"} 50.0
                postgresql_processing_seconds_sum{clientName="<default>",clientType="sql"} 0.1
                """, """
                postgresql_processing_seconds_count{clientName="<default>",clientType="sql"} 300.0
                postgresql_processing_seconds_sum{clientName="<default>",clientType="sql"} 2.0
                """);
        Report.Statements sql = ServiceMetrics.statements(before, after, 20);
        assertEquals(true, sql.measured());
        // job-service: 200 statements in the window, 10 per lifecycle, 5 ms each; kudos-service counted from zero
        assertEquals(new Report.ServiceStatements(200, 10, 5), sql.services().get("job-service"));
        assertEquals(new Report.ServiceStatements(50, 2.5, 2), sql.services().get("kudos-service"));
        assertEquals(false, sql.services().containsKey("gateway"), "no database, no row");
        assertEquals(250, sql.total());
        assertEquals(12.5, sql.perLifecycle());
        // an unrelated timer of the same service is not a statement
        assertEquals(List.of(), ServiceMetrics.overhead(before, after));
    }

    @Test
    void theOverheadPerCallComesFromTheWindowsBucketsOfTheGatewaysHistogram() {
        String gatewayBefore = """
                http_server_requests_seconds_count{method="POST",outcome="SUCCESS",status="200",uri="/api/v2/generate/pop"} 100.0
                http_server_requests_seconds_sum{method="POST",outcome="SUCCESS",status="200",uri="/api/v2/generate/pop"} 1.0
                horde_gateway_overhead_seconds_bucket{route="POST /api/v2/generate/pop",le="0.001"} 50.0
                horde_gateway_overhead_seconds_bucket{route="POST /api/v2/generate/pop",le="0.005"} 100.0
                horde_gateway_overhead_seconds_bucket{route="POST /api/v2/generate/pop",le="0.01"} 100.0
                horde_gateway_overhead_seconds_bucket{route="POST /api/v2/generate/pop",le="+Inf"} 100.0
                """;
        // in the window: 100 calls, 40 within 1 ms, 50 in (1, 5], 8 in (5, 10], 2 beyond 10 ms
        String gatewayAfter = """
                http_server_requests_seconds_count{method="POST",outcome="SUCCESS",status="200",uri="/api/v2/generate/pop"} 200.0
                http_server_requests_seconds_sum{method="POST",outcome="SUCCESS",status="200",uri="/api/v2/generate/pop"} 2.0
                horde_gateway_overhead_seconds_bucket{route="POST /api/v2/generate/pop",le="0.001"} 90.0
                horde_gateway_overhead_seconds_bucket{route="POST /api/v2/generate/pop",le="0.005"} 190.0
                horde_gateway_overhead_seconds_bucket{route="POST /api/v2/generate/pop",le="0.01"} 198.0
                horde_gateway_overhead_seconds_bucket{route="POST /api/v2/generate/pop",le="+Inf"} 200.0
                horde_gateway_overhead_seconds_count{route="POST /api/v2/generate/pop"} 200.0
                """;
        ServiceMetrics.Snapshot before = withBuckets(gatewayBefore);
        ServiceMetrics.Snapshot after = withBuckets(gatewayAfter);
        Report.OverheadPerCall perCall = ServiceMetrics.overhead(before, after).get(0).perCall();
        assertEquals(true, perCall.measured());
        assertEquals(100, perCall.samples());
        // p50: the 50th call, 10 into the 50 of (1, 5] ms -> 1 + 4 * 10/50
        assertEquals(1.8, perCall.p50Ms());
        // p99: the 99th call lies beyond the 10 ms bound, in the open bucket: reported as that bound
        assertEquals(10.0, perCall.p99Ms());
        assertEquals(90.0, perCall.within5MsPercent());

        // a server without the histogram (another AI Horde, an older gateway): the means, and no per-call figures
        ServiceMetrics.Snapshot plainBefore = snapshot(gatewayBefore, "", "");
        ServiceMetrics.Snapshot plainAfter = snapshot(gatewayAfter, "", "");
        Report.Overhead plain = ServiceMetrics.overhead(plainBefore, plainAfter).get(0);
        assertEquals(10.0, plain.gatewayMeanMs());
        assertEquals(false, plain.perCall().measured());
    }

    private static ServiceMetrics.Snapshot withBuckets(String gateway) {
        Map<String, ServiceMetrics.Timer> timers = new HashMap<>();
        ServiceMetrics.parse("gateway", gateway, timers);
        Map<String, java.util.TreeMap<Double, Double>> buckets = new HashMap<>();
        ServiceMetrics.parseOverheadBuckets(gateway, buckets);
        return new ServiceMetrics.Snapshot(timers, buckets);
    }
}
