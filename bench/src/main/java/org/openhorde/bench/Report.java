package org.openhorde.bench;

import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * One run against one server: every figure the bench measures. Written as JSON with snake_case keys; every key is
 * always present so that a report can be checked for completeness.
 */
record Report(
        String target,
        String startedAt,
        Settings settings,
        Lifecycles lifecycles,
        Probe idleWorkerProbe,
        Kudos kudos,
        Ceiling check,
        Ceiling bareVertx,
        Ceiling heartbeat,
        Errors errors,
        Map<String, Memory> rssMb,
        Cpu cpu,
        Statements sqlStatements,
        List<Overhead> gatewayOverhead,
        Map<String, Double> gatewayClientMeanMs) {

    record Settings(double durationS, double warmupS, int requesters, int inFlightPerRequester, double checkIntervalS,
                    int workers, int amount, int connections, double hammerS, int width, int height, int steps,
                    int imageBytes, String model) {
    }

    /**
     * Full image lifecycles: submit, pop, upload, submit, status done; {@code perSecond} counts those whose done
     * was observed inside the measured window.
     */
    record Lifecycles(long completed, double perSecond, long unfinished, Percentiles submitToFirstPopMs,
                      Percentiles endToEndMs) {
    }

    /**
     * Requests sent one at a time (the next {@code intervalS} after the previous was seen done) while the lifecycle
     * load runs, for a model that only one otherwise idle probe worker serves (issue 13's "with idle workers under
     * the background load"): from the submit sent ({@code submitToPopMs}) and from its 202 ({@code acceptedToPopMs}) until a pop answer handed it to the
     * worker, and from the worker's submit sent until a {@code check} polled right after its 200 said done
     * ({@code workerSubmitToDoneMs}); {@code checksNotDoneAfterSubmit} counts checks answered not done after that 200
     * (read-your-writes says none). Only probes sent inside the measured window count.
     */
    record Probe(double intervalS, long sent, long popped, long done, Percentiles submitToPopMs,
                 Percentiles acceptedToPopMs, Percentiles workerSubmitToDoneMs, long checksNotDoneAfterSubmit,
                 long unfinished) {
    }

    /**
     * Whether every requester's balance equals its starting kudos minus what its done requests consumed, and how
     * long after the last done that took; the ledger audit when kudos-service was given ("not checked" otherwise).
     */
    record Kudos(boolean settled, long settleLagMs, String ledgerInvariant) {
    }

    /** A closed loop of {@code connections} clients, each sending its next request when the previous answered. */
    record Ceiling(String path, int connections, long requests, double perSecond, Percentiles latencyMs) {
    }

    record Errors(long total, Map<String, Long> byCode) {
    }

    /** Resident memory in MB before the load and right after the lifecycle phase. */
    record Memory(double idle, double loaded) {
    }

    /**
     * CPU used during the measured window by each process of the horde (from {@code /proc}), per lifecycle completed
     * in that window; {@code shared} marks infrastructure that other hordes on the machine may use too. The horde's
     * total leaves out the rows that are not its own ({@code counted} false: other clients' PostgreSQL backends);
     * the machine's busy CPU in the same window shows how much else ran. {@code runQueueWaitS}: how long the
     * process's threads were ready to run but waited for a core (their {@code schedstat}), the time a saturated
     * machine adds to every latency (decision 0058).
     */
    record Cpu(boolean measured, double windowS, long lifecycles, Map<String, ProcessCpuFigure> processes,
               double hordeCpuS, double hordeMsPerLifecycle, double machineCpuS, double machineCoreS,
               double otherCpuS, double hordeRunQueueWaitS) {
    }

    record ProcessCpuFigure(double cpuS, double msPerLifecycle, boolean shared, boolean counted,
                            double runQueueWaitS) {
    }

    /**
     * SQL statements each service sent to PostgreSQL in the CPU window (each service owns one schema: job-service
     * {@code <env>_jobs}, kudos-service {@code <env>_kudos}, ...), from its {@code postgresql_processing_seconds}
     * timer, per lifecycle completed in the window; BEGIN and COMMIT are not counted.
     */
    record Statements(boolean measured, long lifecycles, Map<String, ServiceStatements> services, long total,
                      double perLifecycle) {
    }

    /** One service's statements in the window, per lifecycle, and their mean time as the service waited for them. */
    record ServiceStatements(long statements, double perLifecycle, double meanMs) {
    }

    /**
     * One public gateway route in the measured window: its mean time, the mean time per call of the internal calls
     * it makes, and the difference (the gateway's own overhead), from the services' timers.
     */
    record Overhead(String route, long calls, double gatewayMeanMs, double downstreamMeanMs, double overheadMs,
                    Map<String, Double> downstreamMs, OverheadPerCall perCall) {
    }

    /**
     * The gateway's own time call by call, from its {@code horde_gateway_overhead_seconds} histogram in the window
     * (decision 0058): p50 and p99 interpolated inside fixed buckets, and the share of calls within the 5 ms target;
     * {@code measured} false for a server without that histogram.
     */
    record OverheadPerCall(boolean measured, long samples, double p50Ms, double p99Ms, double within5MsPercent) {
    }

    record Percentiles(double p50, double p99, double max, long count) {

        /** From a histogram of microseconds. */
        static Percentiles of(Histogram micros) {
            if (micros.getTotalCount() == 0) {
                return new Percentiles(0, 0, 0, 0);
            }
            return new Percentiles(ms(micros.getValueAtPercentile(50)), ms(micros.getValueAtPercentile(99)),
                    ms(micros.getMaxValue()), micros.getTotalCount());
        }

        private static double ms(long micros) {
            return Math.round(micros / 10.0) / 100.0;
        }
    }
}
