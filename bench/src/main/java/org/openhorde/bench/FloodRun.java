package org.openhorde.bench;

import static org.openhorde.bench.BenchThreads.sleep;
import static org.openhorde.bench.BenchThreads.start;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * The GenAlt flood, replayed over HTTP only. Registered users keep a steady stream of image and interrogation
 * requests throughout; first alone (the unloaded phase), then while anonymous clients send thousands of
 * interrogations in bursts and 50 clients poll the status of interrogations that never existed or expired (the
 * loaded phase). It measures the registered users' submit and status latencies in both phases, counts 5xx,
 * connection errors and 429 {@code TooManyPrompts}, and checks that every registered request the horde accepted
 * finishes (which needs image and interrogation workers running) and is charged once.
 */
final class FloodRun {

    /**
     * What a one-form {@code caption} interrogation costs its requester in the AI Horde: the form's 1 kudo, plus 1
     * of horde tax, plus 1 more because {@code slow_workers} defaults to true (ai-horde-api.md §5.4).
     */
    static final long CAPTION_INTERROGATION_CENTIKUDOS = 300;
    static final String ANONYMOUS_KEY = "0000000000";
    private static final long STARTING_KUDOS = 1_000_000;
    private static final Duration SETTLE = Duration.ofSeconds(30);
    /** Anonymous interrogations whose state is sampled after the drain, to see whether they still wait. */
    private static final int PRIORITY_SAMPLE = 100;

    record Options(URI base, Path hordeHome, String operatorKey, URI kudosServiceUrl, int anonymous, int burst,
                   Duration burstInterval, int submitters, int pollers, Duration pollInterval, int registered,
                   Duration registeredInterval, Duration statusInterval, Duration warmup, Duration baseline,
                   Duration loaded, Duration drain, String imageModel, boolean cancelAnonymous, Map<String, Integer> infraPorts,
                   Path samplesOut) {
    }

    // ------------------------------------------------------------------ the report

    record Percentiles(double p50, double p99, long count) {
        static Percentiles of(Histogram micros) {
            if (micros.getTotalCount() == 0) {
                return new Percentiles(0, 0, 0);
            }
            return new Percentiles(ms(micros.getValueAtPercentile(50)), ms(micros.getValueAtPercentile(99)),
                    micros.getTotalCount());
        }

        private static double ms(long micros) {
            return Math.round(micros / 10.0) / 100.0;
        }
    }

    /** One latency, unloaded and loaded; {@code ratio} = loaded / unloaded (0 when there was nothing to compare). */
    record Comparison(String what, Percentiles unloaded, Percentiles loaded, double p50Ratio, double p99Ratio) {
        static Comparison of(String what, Histogram unloaded, Histogram loaded) {
            Percentiles u = Percentiles.of(unloaded);
            Percentiles l = Percentiles.of(loaded);
            return new Comparison(what, u, l, ratio(l.p50(), u.p50()), ratio(l.p99(), u.p99()));
        }

        private static double ratio(double loaded, double unloaded) {
            return unloaded <= 0 ? 0 : Math.round(loaded / unloaded * 100) / 100.0;
        }
    }

    record Anonymous(long sent, long accepted, long tooManyPrompts, long serverErrors, long connectionErrors,
                     long otherRefusals, Percentiles submitMs, long cancelled) {
    }

    record Polls(long total, long notFound, long serverErrors, long connectionErrors, long other, Percentiles latencyMs) {
    }

    record Registered(long submitted, long accepted, long refused, long finished, long faulted, long lost,
                      long serverErrors, long connectionErrors) {
    }

    /**
     * Kudos the registered users were charged against what their finished requests cost (images: the price their
     * {@code check} reports; interrogations: {@link #CAPTION_INTERROGATION_CENTIKUDOS} each).
     */
    record Kudos(double expected, double charged, boolean chargedOnce, String ledgerInvariant) {
    }

    /**
     * {@code latenciesWithin2x}: every submit and status p50 within 2x, and every p99 that {@code p99Judged} (each of
     * those rows stands on at least {@link #P99_MIN_SAMPLES} samples in both phases).
     */
    record Verdict(boolean noServerErrors, boolean noDroppedConnections, boolean latenciesWithin2x, boolean p99Judged,
                   boolean anonymousLimited, boolean nothingLost, boolean chargedOnce, String priority) {
    }

    /**
     * The fewest samples a p99 is judged on. Below it a p99 is the row's largest sample or two, and two phases with
     * no flood at all differ by up to 2x there (decision 0059's no-flood runs): the ratio would judge the noise.
     */
    static final int P99_MIN_SAMPLES = 100;

    /** The run's shape, for the report (no keys). */
    record Settings(int anonymous, int burst, double burstIntervalS, int submitters, int pollers, double pollIntervalS,
                    int registered, double registeredIntervalS, double statusIntervalS, double warmupS, double baselineS,
                    double loadedS, double drainS, String imageModel) {
        static Settings of(Options o) {
            return new Settings(o.anonymous(), o.burst(), s(o.burstInterval()), o.submitters(), o.pollers(),
                    s(o.pollInterval()), o.registered(), s(o.registeredInterval()), s(o.statusInterval()),
                    s(o.warmup()), s(o.baseline()), s(o.loaded()), s(o.drain()), o.imageModel());
        }

        private static double s(Duration d) {
            return d.toMillis() / 1000.0;
        }
    }

    /**
     * One process's CPU in each phase, in cores (CPU seconds per second of the phase): where the flood's cost lands.
     * {@code shared} marks infrastructure that other hordes on the machine may use too. {@code ...Waiting}: its
     * threads' run-queue wait per second of the phase, i.e. how many of them were ready to run but waiting for a core
     * on average (decision 0058): what a latency tail on a saturated machine is made of.
     */
    record PhaseCpu(double unloadedCores, double loadedCores, boolean shared, double unloadedWaiting,
                    double loadedWaiting) {
    }

    /**
     * CPU per process and phase (empty without a local horde home), the phases' lengths, the machine's busy cores
     * in each phase, and the horde's (every process above but other clients' PostgreSQL backends).
     */
    record Cpu(boolean measured, double unloadedSeconds, double loadedSeconds, Map<String, PhaseCpu> processes,
               double machineUnloadedCores, double machineLoadedCores, double hordeUnloadedCores,
               double hordeLoadedCores, double hordeUnloadedWaiting, double hordeLoadedWaiting) {
        static final Cpu NOT_MEASURED = new Cpu(false, 0, 0, Map.of(), 0, 0, 0, 0, 0, 0);
    }

    /**
     * How long the registered users' own client threads waited for a core, per measured call, in each phase: the
     * part of a measured latency that is the bench's scheduling rather than the horde's answer (-1: not measured).
     */
    record ClientWait(double unloadedMsPerCall, double loadedMsPerCall) {
        static final ClientWait NOT_MEASURED = new ClientWait(-1, -1);
    }

    /**
     * The registered users' gateway routes in each phase, from the services' {@code /q/metrics}: the gateway's own
     * time per call (p50/p99 of its overhead histogram, decision 0058) and the mean time in each internal service it
     * called, so that a loaded tail can be placed in the gateway or behind it. The loaded phase's interrogation
     * routes also count the anonymous intakes that went the whole way and the known ids' polls (empty: no metrics).
     */
    record RouteTimes(List<Report.Overhead> unloaded, List<Report.Overhead> loaded) {
        static final RouteTimes NOT_MEASURED = new RouteTimes(List.of(), List.of());
    }

    record FloodReport(String target, String startedAt, Settings settings, List<Comparison> latencies,
                       Anonymous anonymous, Polls polls, Registered registered, Kudos kudos, Verdict verdict,
                       Map<String, Long> errorsByCode, Cpu cpu, ClientWait registeredClientWait,
                       RouteTimes routeTimes) {
    }

    /** The gateway routes the registered users call, in the report's order. */
    static final List<String> REGISTERED_ROUTES = List.of("POST /api/v2/generate/async",
            "GET /api/v2/generate/check/{id}", "POST /api/v2/interrogate/async", "GET /api/v2/interrogate/status/{id}");

    // ------------------------------------------------------------------ state

    private enum Kind { IMAGE, INTERROGATION }

    private static final int UNLOADED = 0;
    private static final int LOADED = 1;
    private static final int DRAINING = 2;
    /** Before the unloaded phase: the registered users' stream runs unmeasured, so cold JVMs do not set the baseline. */
    private static final int WARMING_UP = 3;

    private final Options options;
    private final Progress progress;
    private final String runId = UUID.randomUUID().toString().substring(0, 8);
    private final String sourceImage;
    private volatile int phase = WARMING_UP;
    private volatile long drainUntilNanos = Long.MAX_VALUE;
    private volatile boolean pollersRun;

    /** [kind][operation][phase]: operation 0 submit, 1 status, 2 end to end. */
    private final Histogram[][][] latency = new Histogram[2][3][2];
    private final ErrorTally errors = new ErrorTally();
    private final LongAdder regSubmitted = new LongAdder();
    private final LongAdder regAccepted = new LongAdder();
    private final LongAdder regRefused = new LongAdder();
    private final LongAdder regFinished = new LongAdder();
    private final LongAdder regFaulted = new LongAdder();
    private final LongAdder regLost = new LongAdder();
    private final LongAdder regServerErrors = new LongAdder();
    private final LongAdder regConnectionErrors = new LongAdder();
    private final LongAdder anonSent = new LongAdder();
    private final LongAdder anonTooMany = new LongAdder();
    private final LongAdder anonServerErrors = new LongAdder();
    private final LongAdder anonConnectionErrors = new LongAdder();
    private final LongAdder anonOther = new LongAdder();
    private final Histogram anonSubmit = new ConcurrentHistogram(3);
    private final List<String> anonIds = new CopyOnWriteArrayList<>();
    private final LongAdder polls = new LongAdder();
    private final LongAdder pollNotFound = new LongAdder();
    private final LongAdder pollServerErrors = new LongAdder();
    private final LongAdder pollConnectionErrors = new LongAdder();
    private final LongAdder pollOther = new LongAdder();
    private final Histogram pollLatency = new ConcurrentHistogram(3);
    private final Map<String, AtomicLong> chargedByKey = new ConcurrentHashMap<>();
    private final ProcessCpu processCpu;
    /** Every measured registered call, only with {@code --samples-out}. */
    private final Queue<Sample> samples;
    /** CPU samples at the start of the unloaded phase, at the start of the loaded one and at its end. */
    private final ProcessCpu.Sample[] cpuAt = new ProcessCpu.Sample[3];
    /** The registered users' client threads (Linux thread ids), and their summed run-queue wait at the same points. */
    private final List<Integer> registeredThreadIds = new CopyOnWriteArrayList<>();
    private final long[] registeredWaitAt = {-1, -1, -1};
    /** The services' metrics at the same points (a service without {@code /q/metrics} is simply absent). */
    private final ServiceMetrics serviceMetrics;
    private final ServiceMetrics.Snapshot[] metricsAt = new ServiceMetrics.Snapshot[3];

    FloodRun(Options options, Progress progress) {
        this.options = options;
        this.progress = progress;
        for (Histogram[][] kind : latency) {
            for (Histogram[] operation : kind) {
                operation[0] = new ConcurrentHistogram(3);
                operation[1] = new ConcurrentHistogram(3);
            }
        }
        this.samples = options.samplesOut() == null ? null : new ConcurrentLinkedQueue<>();
        this.sourceImage = Base64.getEncoder().encodeToString(LoadRun.picture(64, 64));
        this.processCpu = options.hordeHome() == null || !ProcessCpu.available() ? null
                : new ProcessCpu(options.hordeHome(), options.infraPorts());
        // The internal services' ports are known only for a horde laid out by ./horde (a horde home).
        this.serviceMetrics = new ServiceMetrics(options.hordeHome() == null ? Map.of("gateway", options.base())
                : ServiceMetrics.hordeLayout(options.base()));
    }

    /**
     * At a phase boundary (0: the unloaded phase starts, 1: the loaded one, 2: it ends): each process's CPU, the
     * services' metrics and the registered clients' run-queue wait, which the report turns into per-phase figures.
     */
    private void samplePhaseBoundary(int at) {
        if (processCpu != null) {
            cpuAt[at] = processCpu.sample();
        }
        metricsAt[at] = serviceMetrics.read();
        registeredWaitAt[at] = registeredThreadsWait();
    }

    /** The registered clients' threads' summed run-queue wait (ns), or -1 when one of them cannot be read. */
    private long registeredThreadsWait() {
        if (registeredThreadIds.size() != options.registered()) {
            return -1;
        }
        long wait = 0;
        for (int tid : registeredThreadIds) {
            long w = ProcessCpu.ownThreadRunQueueWait(tid);
            if (w < 0) {
                return -1; // not Linux, or a registered thread ended early: its wait cannot be compared
            }
            wait += w;
        }
        return wait;
    }

    // ------------------------------------------------------------------ the run

    FloodReport run() throws Exception {
        String startedAt = Instant.now().toString();
        Http1 setup = Http1.forThisThread();
        List<String> keys = registeredUsers(setup);
        Map<String, Long> startingBalance = new LinkedHashMap<>();
        for (String key : keys) {
            startingBalance.put(key, balance(setup, key));
            chargedByKey.put(key, new AtomicLong());
        }

        List<Thread> registered = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            String key = keys.get(i);
            int n = i;
            registered.add(start("flood-registered-" + i, () -> registeredStream(n, key)));
        }
        if (options.warmup().toNanos() > 0) {
            long w0 = System.nanoTime();
            progress.phase("warm-up", w0, w0 + options.warmup().toNanos(), regFinished::sum, errors::total);
            sleep(options.warmup().toNanos());
            progress.done();
        }
        phase = UNLOADED;
        samplePhaseBoundary(0);
        long t0 = System.nanoTime();
        progress.phase("unloaded", t0, t0 + options.baseline().toNanos(), regFinished::sum, errors::total);
        sleep(options.baseline().toNanos());
        progress.done();

        long loadedStart = System.nanoTime(); // before the phase switch: every call measured as loaded starts after it
        phase = LOADED;
        samplePhaseBoundary(1);
        progress.phase("flood", loadedStart, loadedStart + Math.max(options.loaded().toNanos(),
                options.burstInterval().toNanos() * (long) Math.ceil(options.anonymous() / (double) options.burst())),
                anonSent::sum, errors::total);
        pollersRun = true;
        List<Thread> pollers = new ArrayList<>();
        for (int i = 0; i < options.pollers(); i++) {
            pollers.add(start("flood-poller-" + i, this::poller));
        }
        ExecutorService submitters = Executors.newFixedThreadPool(options.submitters(), r -> {
            Thread t = new Thread(r, "flood-anonymous");
            t.setDaemon(true);
            return t;
        });
        ThreadLocal<Http1> anonHttp = ThreadLocal.withInitial(Http1::forThisThread);
        List<Future<?>> sent = new ArrayList<>();
        for (int from = 0; from < options.anonymous(); from += options.burst()) {
            long burstStart = System.nanoTime();
            int to = Math.min(options.anonymous(), from + options.burst());
            for (int i = from; i < to; i++) {
                sent.add(submitters.submit(() -> anonymousInterrogation(anonHttp.get())));
            }
            sleep(burstStart + options.burstInterval().toNanos() - System.nanoTime());
        }
        for (Future<?> f : sent) {
            f.get();
        }
        sleep(loadedStart + options.loaded().toNanos() - System.nanoTime());
        pollersRun = false;
        for (Thread t : pollers) {
            t.join();
        }
        samplePhaseBoundary(2);
        progress.done();

        phase = DRAINING;
        long drainStart = System.nanoTime();
        drainUntilNanos = drainStart + options.drain().toNanos();
        progress.phase("drain", drainStart, drainUntilNanos, regFinished::sum, errors::total);
        for (Thread t : registered) {
            t.join();
        }
        progress.done();

        if (samples != null) {
            writeSamples(loadedStart);
        }
        String priority = priority(setup);
        Kudos kudos = kudos(setup, startingBalance);
        long cancelled = options.cancelAnonymous() ? cancelAnonymous(submitters, anonHttp) : 0;
        submitters.shutdown();
        setup.closeAll();

        List<Comparison> latencies = List.of(
                compare("image submit", Kind.IMAGE, 0), compare("image status", Kind.IMAGE, 1),
                compare("interrogation submit", Kind.INTERROGATION, 0),
                compare("interrogation status", Kind.INTERROGATION, 1),
                compare("image submit -> done", Kind.IMAGE, 2),
                compare("interrogation submit -> done", Kind.INTERROGATION, 2));
        Anonymous anonymous = new Anonymous(anonSent.sum(), anonIds.size(), anonTooMany.sum(), anonServerErrors.sum(),
                anonConnectionErrors.sum(), anonOther.sum(), Percentiles.of(anonSubmit), cancelled);
        Polls pollFigures = new Polls(polls.sum(), pollNotFound.sum(), pollServerErrors.sum(),
                pollConnectionErrors.sum(), pollOther.sum(), Percentiles.of(pollLatency));
        Registered reg = new Registered(regSubmitted.sum(), regAccepted.sum(), regRefused.sum(), regFinished.sum(),
                regFaulted.sum(), regLost.sum(), regServerErrors.sum(), regConnectionErrors.sum());
        // The bound is on submit and status latencies (the end-to-end rows show priority at work).
        List<Comparison> bounded = latencies.subList(0, 4);
        Verdict verdict = new Verdict(
                anonymous.serverErrors() + pollFigures.serverErrors() + reg.serverErrors() == 0,
                anonymous.connectionErrors() + pollFigures.connectionErrors() + reg.connectionErrors() == 0,
                within2x(bounded), p99Judged(bounded), anonymous.otherRefusals() == 0,
                reg.lost() == 0 && reg.faulted() == 0 && reg.refused() == 0, kudos.chargedOnce(), priority);
        return new FloodReport(options.base().toString(), startedAt, Settings.of(options), latencies, anonymous,
                pollFigures, reg, kudos, verdict, errors.snapshot().byCode(), cpu(), registeredClientWait(),
                routeTimes());
    }

    private RouteTimes routeTimes() {
        if (metricsAt[0] == null || metricsAt[1] == null || metricsAt[2] == null) {
            return RouteTimes.NOT_MEASURED;
        }
        return new RouteTimes(registeredRoutes(ServiceMetrics.overhead(metricsAt[0], metricsAt[1])),
                registeredRoutes(ServiceMetrics.overhead(metricsAt[1], metricsAt[2])));
    }

    private static List<Report.Overhead> registeredRoutes(List<Report.Overhead> rows) {
        List<Report.Overhead> out = new ArrayList<>();
        for (String route : REGISTERED_ROUTES) {
            rows.stream().filter(r -> r.route().equals(route)).findFirst().ifPresent(out::add);
        }
        return out;
    }

    /** The registered users' client threads' wait for a core per measured call, in each phase. */
    private ClientWait registeredClientWait() {
        if (registeredWaitAt[0] < 0 || registeredWaitAt[1] < 0 || registeredWaitAt[2] < 0) {
            return ClientWait.NOT_MEASURED;
        }
        return new ClientWait(perCall(registeredWaitAt[1] - registeredWaitAt[0], UNLOADED),
                perCall(registeredWaitAt[2] - registeredWaitAt[1], LOADED));
    }

    private double perCall(long waitNanos, int at) {
        long calls = 0;
        for (Histogram[][] kind : latency) {
            calls += kind[0][at].getTotalCount() + kind[1][at].getTotalCount();
        }
        return calls == 0 ? 0 : Math.round(waitNanos / 1e6 / calls * 1000) / 1000.0;
    }

    /** Whether every row stands on enough samples in both phases for its p99 to be judged. */
    static boolean p99Judged(List<Comparison> rows) {
        return rows.stream().allMatch(
                c -> c.unloaded().count() >= P99_MIN_SAMPLES && c.loaded().count() >= P99_MIN_SAMPLES);
    }

    /** Every row measured in both phases, its p50 within 2x, and its p99 too when the p99s are judged. */
    static boolean within2x(List<Comparison> rows) {
        boolean p99Judged = p99Judged(rows);
        return rows.stream().allMatch(c -> c.unloaded().count() > 0 && c.loaded().count() > 0 && c.p50Ratio() <= 2
                && (!p99Judged || c.p99Ratio() <= 2));
    }

    /** Each process's cores in the unloaded and the loaded phase (other clients' PostgreSQL backends left out). */
    private Cpu cpu() {
        if (cpuAt[0] == null || cpuAt[1] == null || cpuAt[2] == null) {
            return Cpu.NOT_MEASURED;
        }
        double unloadedS = (cpuAt[1].nanoTime() - cpuAt[0].nanoTime()) / 1e9;
        double loadedS = (cpuAt[2].nanoTime() - cpuAt[1].nanoTime()) / 1e9;
        Map<String, Double> unloaded = ProcessCpu.seconds(cpuAt[0], cpuAt[1]);
        Map<String, Double> loaded = ProcessCpu.seconds(cpuAt[1], cpuAt[2]);
        Map<String, Double> unloadedWaits = ProcessCpu.runQueueWaitSeconds(cpuAt[0], cpuAt[1]);
        Map<String, Double> loadedWaits = ProcessCpu.runQueueWaitSeconds(cpuAt[1], cpuAt[2]);
        Map<String, PhaseCpu> processes = new LinkedHashMap<>();
        double hordeUnloaded = 0;
        double hordeLoaded = 0;
        double hordeUnloadedWaiting = 0;
        double hordeLoadedWaiting = 0;
        for (String name : loaded.keySet()) {
            double u = unloaded.getOrDefault(name, 0.0) / unloadedS;
            double l = loaded.get(name) / loadedS;
            double uw = unloadedWaits.getOrDefault(name, 0.0) / unloadedS;
            double lw = loadedWaits.getOrDefault(name, 0.0) / loadedS;
            processes.put(name, new PhaseCpu(round3(u), round3(l),
                    cpuAt[2].shared().contains(name) || name.startsWith(ProcessCpu.POSTGRES), round3(uw), round3(lw)));
            if (!name.equals(ProcessCpu.POSTGRES_OTHERS)) {
                hordeUnloaded += u;
                hordeLoaded += l;
                hordeUnloadedWaiting += uw;
                hordeLoadedWaiting += lw;
            }
        }
        return new Cpu(true, round3(unloadedS), round3(loadedS), processes, round3(machineCores(cpuAt[0], cpuAt[1])),
                round3(machineCores(cpuAt[1], cpuAt[2])), round3(hordeUnloaded), round3(hordeLoaded),
                round3(hordeUnloadedWaiting), round3(hordeLoadedWaiting));
    }

    private static double machineCores(ProcessCpu.Sample from, ProcessCpu.Sample to) {
        double all = to.machineAllTicks() - from.machineAllTicks();
        double busy = to.machineBusyTicks() - from.machineBusyTicks();
        // all ticks count every core: busy / all is the busy share, times the cores is busy cores
        return all <= 0 ? 0 : busy / ProcessCpu.TICKS_PER_SECOND / ((to.nanoTime() - from.nanoTime()) / 1e9);
    }

    private static double round3(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    private Comparison compare(String what, Kind kind, int operation) {
        return Comparison.of(what, latency[kind.ordinal()][operation][UNLOADED],
                latency[kind.ordinal()][operation][LOADED]);
    }

    // ------------------------------------------------------------------ registered users

    private List<String> registeredUsers(Http1 http) throws IOException {
        String operatorKey = options.operatorKey();
        if (operatorKey == null && options.hordeHome() != null
                && Files.isReadable(options.hordeHome().resolve("operator.key"))) {
            operatorKey = Files.readString(options.hordeHome().resolve("operator.key")).strip();
        }
        if (operatorKey == null) {
            throw new IllegalStateException("the flood's registered users need --operator-key or --horde-home");
        }
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < options.registered(); i++) {
            String body = "{\"username\":\"flood-" + runId + "-u" + i + "\",\"kudos\":" + STARTING_KUDOS + "}";
            Http1.Response created = http.postJson(options.base().resolve("/api/v2/operator/users"), operatorKey,
                    body.getBytes(StandardCharsets.UTF_8));
            if (created.status() != 201 && created.status() != 200) {
                throw new IllegalStateException("cannot create a registered user: HTTP " + created.status() + " "
                        + created.text());
            }
            keys.add(LoadRun.JSON.readTree(created.body()).path("api_key").asText());
        }
        return keys;
    }

    private long balance(Http1 http, String apikey) throws IOException {
        Http1.Response user = http.get(options.base().resolve("/api/v2/find_user"), apikey);
        if (user.status() != 200) {
            throw new IllegalStateException("find_user answered HTTP " + user.status() + " " + user.text());
        }
        return Math.round(LoadRun.JSON.readTree(user.body()).path("kudos").asDouble() * 100);
    }

    /** A registered request the user waits for. */
    private static final class Waiting {
        final Kind kind;
        final String id;
        final long submittedNanos;
        final int phase;
        long nextStatusNanos;

        Waiting(Kind kind, String id, long submittedNanos, int phase, long nextStatusNanos) {
            this.kind = kind;
            this.id = id;
            this.submittedNanos = submittedNanos;
            this.phase = phase;
            this.nextStatusNanos = nextStatusNanos;
        }
    }

    /** One registered user: alternately an image and an interrogation, each polled until it finishes. */
    private void registeredStream(int n, String apikey) {
        registeredThreadIds.add(BenchThreads.nativeThreadId());
        Http1 http = Http1.forThisThread();
        List<Waiting> waiting = new ArrayList<>();
        long nextSubmit = System.nanoTime() + n * options.registeredInterval().toNanos() / options.registered();
        long seq = 0;
        try {
            while (phase != DRAINING || (!waiting.isEmpty() && System.nanoTime() < drainUntilNanos)) {
                long now = System.nanoTime();
                if (phase != DRAINING && now >= nextSubmit) {
                    Kind kind = (seq++ + n) % 2 == 0 ? Kind.IMAGE : Kind.INTERROGATION;
                    Waiting w = submitRegistered(http, apikey, kind, runId + "-" + n + "-" + seq);
                    if (w != null) {
                        waiting.add(w);
                    }
                    nextSubmit += options.registeredInterval().toNanos();
                }
                long nextDue = phase == DRAINING ? now + options.statusInterval().toNanos() : nextSubmit;
                for (Iterator<Waiting> it = waiting.iterator(); it.hasNext(); ) {
                    Waiting w = it.next();
                    if (w.nextStatusNanos <= System.nanoTime()) {
                        if (status(http, apikey, w)) {
                            it.remove();
                            continue;
                        }
                        w.nextStatusNanos = System.nanoTime() + options.statusInterval().toNanos();
                    }
                    nextDue = Math.min(nextDue, w.nextStatusNanos);
                }
                sleep(nextDue - System.nanoTime());
            }
        } finally {
            regLost.add(waiting.size());
            http.closeAll();
        }
    }

    private Waiting submitRegistered(Http1 http, String apikey, Kind kind, String token) {
        URI uri;
        String body;
        if (kind == Kind.IMAGE) {
            uri = options.base().resolve("/api/v2/generate/async");
            body = "{\"prompt\":\"flood registered " + token + "\",\"params\":{\"width\":512,\"height\":512,"
                    + "\"steps\":10,\"n\":1},\"models\":[\"" + options.imageModel() + "\"],\"r2\":true,"
                    + "\"shared\":false}";
        } else {
            uri = options.base().resolve("/api/v2/interrogate/async");
            body = "{\"forms\":[{\"name\":\"caption\"}],\"source_image\":\"" + sourceImage + "\"}";
        }
        int at = phase;
        regSubmitted.increment();
        long t0 = System.nanoTime();
        try {
            Http1.Response answer = http.postJson(uri, apikey, body.getBytes(StandardCharsets.UTF_8));
            record(kind, 0, at, t0);
            if (answer.status() != 202) {
                errors.add("registered " + kindName(kind) + " async", answer);
                if (answer.status() >= 500) {
                    regServerErrors.increment();
                } else {
                    regRefused.increment();
                }
                return null;
            }
            regAccepted.increment();
            String id = LoadRun.JSON.readTree(answer.body()).path("id").asText();
            return new Waiting(kind, id, t0, at, t0 + options.statusInterval().toNanos());
        } catch (IOException e) {
            errors.add("registered " + kindName(kind) + " async", e);
            regConnectionErrors.increment();
            return null;
        }
    }

    /** True once the request finished (done, faulted, or gone). */
    private boolean status(Http1 http, String apikey, Waiting w) {
        String path = w.kind == Kind.IMAGE ? "/api/v2/generate/check/" : "/api/v2/interrogate/status/";
        int at = phase;
        long t0 = System.nanoTime();
        try {
            Http1.Response answer = http.get(options.base().resolve(path + w.id), null);
            record(w.kind, 1, at, t0);
            if (answer.status() != 200) {
                errors.add("registered " + kindName(w.kind) + " status", answer);
                if (answer.status() >= 500) {
                    regServerErrors.increment();
                    return false;
                }
                regLost.increment(); // accepted, and now unknown: expired or lost
                return true;
            }
            JsonNode status = LoadRun.JSON.readTree(answer.body());
            boolean finished;
            boolean faulted;
            long cost = 0;
            if (w.kind == Kind.IMAGE) {
                faulted = status.path("faulted").asBoolean();
                finished = faulted || status.path("done").asBoolean();
                cost = Math.round(status.path("kudos").asDouble() * 100);
            } else {
                String state = status.path("state").asText();
                faulted = state.equals("faulted") || state.equals("partial");
                finished = faulted || state.equals("done");
                cost = CAPTION_INTERROGATION_CENTIKUDOS;
            }
            if (!finished) {
                return false;
            }
            if (faulted) {
                regFaulted.increment();
                errors.add("registered " + kindName(w.kind) + " faulted");
                return true;
            }
            regFinished.increment();
            chargedByKey.get(apikey).addAndGet(cost);
            if (measured(w.phase)) {
                latency[w.kind.ordinal()][2][w.phase].recordValue(Math.max(0, (System.nanoTime() - w.submittedNanos)
                        / 1000));
            }
            return true;
        } catch (IOException e) {
            errors.add("registered " + kindName(w.kind) + " status", e);
            regConnectionErrors.increment();
            return false;
        }
    }

    private static boolean measured(int phase) {
        return phase == UNLOADED || phase == LOADED;
    }

    private void record(Kind kind, int operation, int at, long t0) {
        if (measured(at)) {
            long micros = Math.max(0, (System.nanoTime() - t0) / 1000);
            latency[kind.ordinal()][operation][at].recordValue(micros);
            if (samples != null) {
                samples.add(new Sample(at, kind, operation, t0, micros));
            }
        }
    }

    /** One registered submit or status call, kept for {@code --samples-out}. */
    private record Sample(int phase, Kind kind, int operation, long startNanos, long micros) {
    }

    /**
     * Every measured registered call as CSV, its start relative to the loaded phase's start (negative: unloaded), so
     * that a tail can be placed in time: several slow calls at one instant point at a stall the whole machine shared
     * (a collection, the scheduler), slow calls at each burst's start at the burst.
     */
    private void writeSamples(long loadedStartNanos) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("phase,kind,operation,start_s,latency_ms");
        for (Sample sample : samples) {
            lines.add((sample.phase() == UNLOADED ? "unloaded" : "loaded") + "," + kindName(sample.kind()) + ","
                    + (sample.operation() == 0 ? "submit" : "status") + ","
                    + String.format(Locale.ROOT, "%.3f", (sample.startNanos() - loadedStartNanos) / 1e9) + ","
                    + String.format(Locale.ROOT, "%.2f", sample.micros() / 1000.0));
        }
        if (options.samplesOut().getParent() != null) {
            Files.createDirectories(options.samplesOut().getParent());
        }
        Files.write(options.samplesOut(), lines);
    }

    private static String kindName(Kind kind) {
        return kind.name().toLowerCase(Locale.ROOT);
    }

    // ------------------------------------------------------------------ the flood

    private void anonymousInterrogation(Http1 http) {
        String body = "{\"forms\":[{\"name\":\"caption\"}],\"source_image\":\"" + sourceImage + "\"}";
        anonSent.increment();
        long t0 = System.nanoTime();
        try {
            Http1.Response answer = http.postJson(options.base().resolve("/api/v2/interrogate/async"), ANONYMOUS_KEY,
                    body.getBytes(StandardCharsets.UTF_8));
            anonSubmit.recordValue(Math.max(0, (System.nanoTime() - t0) / 1000));
            if (answer.status() == 202) {
                anonIds.add(LoadRun.JSON.readTree(answer.body()).path("id").asText());
            } else if (answer.status() == 429 && answer.text().contains("TooManyPrompts")) {
                anonTooMany.increment();
            } else if (answer.status() >= 500) {
                anonServerErrors.increment();
                errors.add("anonymous async", answer);
            } else {
                anonOther.increment();
                errors.add("anonymous async", answer);
            }
        } catch (IOException e) {
            anonConnectionErrors.increment();
            errors.add("anonymous async", e);
        }
    }

    /**
     * A GenAlt tab that never gives up: polls interrogations that do not exist (never did, or expired), each a
     * fresh id, and one malformed id in ten (a client's broken URL). Every answer should be a quick 404.
     */
    private void poller() {
        Http1 http = Http1.forThisThread();
        long n = 0;
        try {
            while (pollersRun) {
                String id = n++ % 10 == 9 ? "not-a-uuid-" + n : UUID.randomUUID().toString();
                long t0 = System.nanoTime();
                polls.increment();
                try {
                    Http1.Response answer = http.get(options.base().resolve("/api/v2/interrogate/status/" + id),
                            null);
                    pollLatency.recordValue(Math.max(0, (System.nanoTime() - t0) / 1000));
                    if (answer.status() == 404) {
                        pollNotFound.increment();
                    } else if (answer.status() >= 500) {
                        pollServerErrors.increment();
                        errors.add("poll status", answer);
                    } else {
                        pollOther.increment();
                        errors.add("poll status", answer);
                    }
                } catch (IOException e) {
                    pollConnectionErrors.increment();
                    errors.add("poll status", e);
                }
                sleep(options.pollInterval().toNanos());
            }
        } finally {
            http.closeAll();
        }
    }

    // ------------------------------------------------------------------ afterwards

    /**
     * Whether the registered users were served ahead of the anonymous backlog: once every registered request
     * finished, some anonymous interrogations should still wait (they have no kudos, so they come last).
     */
    private String priority(Http1 http) {
        if (regLost.sum() > 0 || regFaulted.sum() > 0) {
            return "no: registered requests were lost or faulted";
        }
        List<String> sample = anonIds.subList(0, Math.min(PRIORITY_SAMPLE, anonIds.size()));
        long stillWaiting = 0;
        for (String id : sample) {
            try {
                Http1.Response answer = http.get(options.base().resolve("/api/v2/interrogate/status/" + id), null);
                if (answer.status() == 200) {
                    String state = LoadRun.JSON.readTree(answer.body()).path("state").asText();
                    if (state.equals("waiting")) {
                        stillWaiting++;
                    }
                }
            } catch (IOException e) {
                errors.add("priority sample", e);
            }
        }
        if (sample.isEmpty()) {
            return "not shown: no anonymous interrogation was accepted";
        }
        return stillWaiting > 0
                ? "yes: every registered request finished while " + stillWaiting + " of the first " + sample.size()
                        + " anonymous interrogations still waited"
                : "not shown: the anonymous backlog was cleared too";
    }

    private Kudos kudos(Http1 http, Map<String, Long> startingBalance) throws IOException, InterruptedException {
        long expected = chargedByKey.values().stream().mapToLong(AtomicLong::get).sum();
        long deadline = System.nanoTime() + SETTLE.toNanos();
        long charged;
        while (true) {
            charged = 0;
            for (Map.Entry<String, Long> e : startingBalance.entrySet()) {
                charged += e.getValue() - balance(http, e.getKey());
            }
            if (charged == expected || System.nanoTime() > deadline) {
                break;
            }
            Thread.sleep(200);
        }
        return new Kudos(expected / 100.0, charged / 100.0, charged == expected, ledgerAudit(http));
    }

    private String ledgerAudit(Http1 http) {
        if (options.kudosServiceUrl() == null) {
            return "not checked";
        }
        try {
            Http1.Response audit = http.get(options.kudosServiceUrl().resolve("/internal/ledger/invariant"), null);
            if (audit.status() != 200) {
                return "unavailable (HTTP " + audit.status() + ")";
            }
            return LoadRun.JSON.readTree(audit.body()).path("holds").asBoolean() ? "holds" : "broken: " + audit.text();
        } catch (IOException e) {
            return "unavailable (" + e.getClass().getSimpleName() + ")";
        }
    }

    /** The anonymous backlog is cancelled at the end, so the horde's interrogators do not work it off for hours. */
    private long cancelAnonymous(ExecutorService pool, ThreadLocal<Http1> http) throws Exception {
        LongAdder cancelled = new LongAdder();
        List<Future<?>> deletes = new ArrayList<>();
        for (String id : anonIds) {
            deletes.add(pool.submit(() -> {
                try {
                    Http1.Response answer = http.get().send("DELETE",
                            options.base().resolve("/api/v2/interrogate/status/" + id), ANONYMOUS_KEY, null, null);
                    if (answer.status() == 200) {
                        cancelled.increment();
                    }
                } catch (IOException e) {
                    errors.add("anonymous cancel", e);
                }
            }));
        }
        for (Future<?> f : deletes) {
            f.get();
        }
        return cancelled.sum();
    }

    // ------------------------------------------------------------------ printing

    static String render(FloodReport r) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%-34s %12s %12s %8s%n", "registered users' latency (ms)", "unloaded",
                "loaded", "ratio"));
        out.append("-".repeat(69)).append('\n');
        for (Comparison c : r.latencies()) {
            out.append(String.format(Locale.ROOT, "%-34s %,12.2f %,12.2f %8.2f%n", c.what() + " p50",
                    c.unloaded().p50(), c.loaded().p50(), c.p50Ratio()));
            out.append(String.format(Locale.ROOT, "%-34s %,12.2f %,12.2f %8.2f%n", c.what() + " p99",
                    c.unloaded().p99(), c.loaded().p99(), c.p99Ratio()));
            // A p99 of fewer than 100 samples is their maximum: the count tells what the p99 row can carry.
            out.append(String.format(Locale.ROOT, "%-34s %,12d %,12d%n", "  samples", c.unloaded().count(),
                    c.loaded().count()));
        }
        out.append('\n');
        Anonymous a = r.anonymous();
        row(out, "anonymous interrogations sent", a.sent());
        row(out, "  accepted (202)", a.accepted());
        row(out, "  429 TooManyPrompts", a.tooManyPrompts());
        row(out, "  5xx", a.serverErrors());
        row(out, "  connection errors", a.connectionErrors());
        row(out, "  other refusals", a.otherRefusals());
        out.append(String.format(Locale.ROOT, "%-34s %,12.2f / %,.2f%n", "  submit p50 / p99 (ms)", a.submitMs().p50(),
                a.submitMs().p99()));
        row(out, "  cancelled afterwards", a.cancelled());
        Polls p = r.polls();
        row(out, "polls of missing ids", p.total());
        row(out, "  404", p.notFound());
        row(out, "  5xx", p.serverErrors());
        row(out, "  connection errors", p.connectionErrors());
        row(out, "  other answers", p.other());
        out.append(String.format(Locale.ROOT, "%-34s %,12.2f / %,.2f%n", "  p50 / p99 (ms)", p.latencyMs().p50(),
                p.latencyMs().p99()));
        Registered g = r.registered();
        row(out, "registered requests submitted", g.submitted());
        row(out, "  accepted", g.accepted());
        row(out, "  refused", g.refused());
        row(out, "  finished", g.finished());
        row(out, "  faulted", g.faulted());
        row(out, "  lost (accepted, never finished)", g.lost());
        row(out, "  5xx / connection errors", g.serverErrors() + g.connectionErrors());
        out.append(String.format(Locale.ROOT, "%-34s %,12.2f / %,.2f%n", "kudos charged / expected",
                r.kudos().charged(), r.kudos().expected()));
        out.append(String.format(Locale.ROOT, "%-34s %12s%n", "ledger invariant", r.kudos().ledgerInvariant()));
        out.append('\n');
        Verdict v = r.verdict();
        if (r.cpu() != null && r.cpu().measured()) {
            out.append(String.format(Locale.ROOT, "%-34s %12s %12s%n", "CPU (cores) by process", "unloaded",
                    "loaded"));
            out.append(String.format(Locale.ROOT, "  %-32s %12.1f %12.1f%n", "phase length (s)",
                    r.cpu().unloadedSeconds(), r.cpu().loadedSeconds()));
            r.cpu().processes().forEach((name, c) -> out.append(String.format(Locale.ROOT, "  %-32s %12.3f %12.3f%s%n",
                    name, c.unloadedCores(), c.loadedCores(), c.shared() ? "  (shared)" : "")));
            out.append(String.format(Locale.ROOT, "  %-32s %12.3f %12.3f%n", "horde (all above but others')",
                    r.cpu().hordeUnloadedCores(), r.cpu().hordeLoadedCores()));
            out.append(String.format(Locale.ROOT, "  %-32s %12.3f %12.3f%n", "machine busy",
                    r.cpu().machineUnloadedCores(), r.cpu().machineLoadedCores()));
            out.append(String.format(Locale.ROOT, "%-34s %12s %12s%n", "threads waiting for a core (avg)",
                    "unloaded", "loaded"));
            r.cpu().processes().forEach((name, c) -> out.append(String.format(Locale.ROOT, "  %-32s %12.3f %12.3f%n",
                    name, c.unloadedWaiting(), c.loadedWaiting())));
            out.append(String.format(Locale.ROOT, "  %-32s %12.3f %12.3f%n", "horde (all above but others')",
                    r.cpu().hordeUnloadedWaiting(), r.cpu().hordeLoadedWaiting()));
            out.append('\n');
        }
        if (!r.routeTimes().loaded().isEmpty()) {
            out.append(String.format(Locale.ROOT, "%-42s %17s %17s%n", "gateway routes (ms): own p50/p99, behind it",
                    "unloaded", "loaded"));
            for (Report.Overhead loaded : r.routeTimes().loaded()) {
                Report.Overhead unloaded = r.routeTimes().unloaded().stream()
                        .filter(u -> u.route().equals(loaded.route())).findFirst().orElse(null);
                out.append(String.format(Locale.ROOT, "  %s%n", loaded.route()));
                out.append(String.format(Locale.ROOT, "  %-40s %17s %17s%n", "  gateway's own p50 / p99",
                        unloaded == null ? "-" : ownTime(unloaded), ownTime(loaded)));
                out.append(String.format(Locale.ROOT, "  %-40s %17s %17s%n", "  internal services, mean per call",
                        unloaded == null ? "-" : String.format(Locale.ROOT, "%.2f", unloaded.downstreamMeanMs()),
                        String.format(Locale.ROOT, "%.2f", loaded.downstreamMeanMs())));
            }
            out.append('\n');
        }
        if (r.registeredClientWait().unloadedMsPerCall() >= 0) {
            // The bench's flood clients share its process with the registered users' clients: this is how much of
            // a measured latency is the bench waiting for a core rather than the horde answering.
            out.append(String.format(Locale.ROOT, "%-34s %12.3f %12.3f%n%n", "registered clients' wait (ms/call)",
                    r.registeredClientWait().unloadedMsPerCall(), r.registeredClientWait().loadedMsPerCall()));
        }
        verdict(out, "no 5xx", v.noServerErrors());
        verdict(out, "no dropped connections", v.noDroppedConnections());
        verdict(out, v.p99Judged() ? "submit/status p50 and p99 <= 2x unloaded" : "submit/status p50 <= 2x unloaded",
                v.latenciesWithin2x());
        if (!v.p99Judged()) {
            out.append(String.format(Locale.ROOT, "%-44s %s%n", "  p99 not judged",
                    "a row has fewer than " + P99_MIN_SAMPLES + " samples in a phase (longer --baseline/--loaded)"));
        }
        verdict(out, "anonymous refused only with 429", v.anonymousLimited());
        verdict(out, "nothing lost (registered)", v.nothingLost());
        verdict(out, "charged once", v.chargedOnce());
        out.append(String.format(Locale.ROOT, "%-44s %s%n", "registered served ahead of anonymous", v.priority()));
        return out.toString();
    }

    private static String ownTime(Report.Overhead route) {
        return route.perCall().measured()
                ? String.format(Locale.ROOT, "%.1f / %.1f", route.perCall().p50Ms(), route.perCall().p99Ms()) : "-";
    }

    private static void row(StringBuilder out, String what, long value) {
        out.append(String.format(Locale.ROOT, "%-34s %,12d%n", what, value));
    }

    private static void verdict(StringBuilder out, String what, boolean holds) {
        out.append(String.format(Locale.ROOT, "%-44s %s%n", what, holds ? "holds" : "FAILS"));
    }
}
