package org.openhorde.bench;

import static org.openhorde.bench.BenchThreads.sleep;
import static org.openhorde.bench.BenchThreads.start;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import javax.imageio.ImageIO;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * One bench run against one server, over HTTP only, in three phases: image lifecycles (requesters and simulated
 * workers together), then the {@code check} ceiling, then the {@code heartbeat} ceiling. Every loop ends by time.
 */
final class LoadRun {

    static final ObjectMapper JSON = new ObjectMapper();
    /** How long the lifecycle phase waits for the last requests to finish after the load stopped. */
    private static final Duration DRAIN = Duration.ofSeconds(20);
    /** How long settlement may lag behind the last done request before the run reports kudos as unsettled. */
    private static final Duration SETTLE = Duration.ofSeconds(30);
    private static final Duration AFTER_ERROR = Duration.ofMillis(100);
    /** Requesters get far more than a run can spend, so no request waits on kudos. */
    private static final long STARTING_KUDOS = 10_000_000;
    private static final int CHECK_IDS = 10_000;
    /** The probe worker polls check this often after its submit, and gives up after PROBE_DONE_WITHIN. */
    private static final Duration PROBE_CHECK_PAUSE = Duration.ofMillis(5);
    private static final Duration PROBE_DONE_WITHIN = Duration.ofSeconds(10);
    /** The longest a probe request waits for its worker to pop, deliver and see it done before the next is sent. */
    private static final Duration PROBE_WAIT = Duration.ofSeconds(30);

    private final BenchOptions options;
    private final BenchOptions.Target target;
    private final Progress progress;
    private final String runId = UUID.randomUUID().toString().substring(0, 8);
    private final String model;
    private final byte[] image;

    private final ErrorTally errors = new ErrorTally();
    private final Map<String, Pending> byToken = new ConcurrentHashMap<>();
    private final Histogram submitToPop = new ConcurrentHistogram(3);
    private final Histogram endToEnd = new ConcurrentHistogram(3);
    private final LongAdder completed = new LongAdder();
    private final LongAdder completedInWindow = new LongAdder();
    private final LongAdder unfinished = new LongAdder();
    private final List<String> doneIds = new CopyOnWriteArrayList<>();
    private final AtomicLong lastDoneNanos = new AtomicLong();

    private final ProcessCpu processCpu;
    private final ServiceMetrics serviceMetrics;
    /** /proc and /q/metrics read as the measured window opens and closes. */
    private volatile ProcessCpu.Sample cpuAtStart;
    private volatile ProcessCpu.Sample cpuAtEnd;
    private volatile ServiceMetrics.Snapshot metricsAtStart;
    private volatile ServiceMetrics.Snapshot metricsAtEnd;
    /** Lifecycles completed when each CPU sample was taken: the CPU figures divide by the difference. */
    private volatile long completedAtCpuStart;
    private volatile long completedAtCpuEnd;

    private final String probeModel;
    private final Map<String, ProbeRequest> probesByToken = new ConcurrentHashMap<>();
    private final Histogram probeSubmitToPop = new ConcurrentHistogram(3);
    private final Histogram probeAcceptedToPop = new ConcurrentHistogram(3);
    private final Histogram probeSubmitToDone = new ConcurrentHistogram(3);
    private final LongAdder probesSent = new LongAdder();
    private final LongAdder probesPopped = new LongAdder();
    private final LongAdder probesDone = new LongAdder();
    private final LongAdder probeChecksNotDone = new LongAdder();

    private volatile long measureFromNanos;
    private volatile long measureUntilNanos;
    private volatile boolean workersStop;

    /** One submitted request, from the requester's submit until its check says done. */
    private static final class Pending {
        final long submitNanos;
        final boolean measured;
        volatile String requestId;
        volatile long firstPopNanos;
        long nextCheckNanos;

        Pending(long submitNanos, boolean measured) {
            this.submitNanos = submitNanos;
            this.measured = measured;
        }
    }

    /** One probe request, from its submit until a pop hands it to the probe worker. */
    private static final class ProbeRequest {
        final long submitNanos;
        final boolean measured;
        volatile long acceptedNanos;
        volatile String requestId;
        /** Counted down once the probe worker is done with it (seen done, or given up). */
        final CountDownLatch finished = new CountDownLatch(1);

        ProbeRequest(long submitNanos, boolean measured) {
            this.submitNanos = submitNanos;
            this.measured = measured;
        }
    }

    private record Requester(String apikey, long startingCentikudos, AtomicLong consumedCentikudos) {
    }

    LoadRun(BenchOptions options, BenchOptions.Target target, Progress progress) {
        this.options = options;
        this.target = target;
        this.progress = progress;
        this.model = "bench-" + runId;
        // Only the probe worker serves it, so a probe request never queues behind the lifecycle load's requests.
        this.probeModel = "bench-" + runId + "-probe";
        this.image = picture(options.width(), options.height());
        // Only a horde whose processes run here can be measured from /proc: the one whose home the bench was given.
        this.processCpu = target.hordeHome() == null ? null : new ProcessCpu(target.hordeHome(), options.infraPorts());
        this.serviceMetrics = new ServiceMetrics(target.hordeHome() == null
                ? Map.of("gateway", target.base()) : ServiceMetrics.hordeLayout(target.base()));
    }

    Report run() throws Exception {
        String startedAt = Instant.now().toString();
        Map<String, Double> idle = ProcessMemory.residentMb(target.hordeHome());
        Http1 setup = Http1.forThisThread();
        List<Requester> requesters = requesters(setup, options.requesters(), "r");
        List<String> workerKeys = workerKeys(setup, options.workers(), "w");
        boolean probing = !options.probeInterval().isZero();
        Requester probeRequester = probing ? requesters(setup, 1, "probe-r").get(0) : null;
        String probeWorkerKey = probing ? workerKeys(setup, 1, "probe-w").get(0) : null;

        lifecycles(requesters, workerKeys, probeRequester, probeWorkerKey);
        Map<String, Double> loaded = ProcessMemory.residentMb(target.hordeHome());
        List<Requester> charged = new ArrayList<>(requesters);
        if (probing) {
            charged.add(probeRequester);
        }
        Report.Kudos kudos = kudos(setup, charged);

        // check reads requests this run finished; an unknown id would measure the 404 path instead.
        List<URI> checks = (doneIds.isEmpty() ? List.of(UUID.randomUUID().toString()) : List.copyOf(doneIds))
                .stream().map(id -> target.base().resolve("/api/v2/generate/check/" + id)).toList();
        Report.Ceiling check = hammer("check", "/api/v2/generate/check/{id}", checks);
        // Right after check, on the same machine and load generator: what Vert.x alone serves (issue 13's ceiling).
        Report.Ceiling bareVertx;
        try (BareCeiling ceiling = BareCeiling.start(target.hordeHome())) {
            // Warmed as long as it is measured: the gateway has had the whole lifecycle phase to compile its code, and
            // a fresh server on C2 (a gateway run so, decision 0056) compiles through its first seconds.
            bareVertx = hammer("bare Vert.x", "(bare Vert.x server, a check-sized answer; JVM options "
                    + String.join(" ", ceiling.jvmOptions()) + ")", List.of(ceiling.uri()), options.hammer().toNanos());
        }
        Report.Ceiling heartbeat = hammer("heartbeat", "/api/v2/status/heartbeat",
                List.of(target.base().resolve("/api/v2/status/heartbeat")));
        setup.closeAll();

        Map<String, Report.Memory> rss = new LinkedHashMap<>();
        idle.forEach((name, mb) -> rss.put(name, new Report.Memory(mb, loaded.getOrDefault(name, 0.0))));
        double seconds = options.duration().toNanos() / 1e9;
        Report.Lifecycles lifecycles = new Report.Lifecycles(completed.sum(),
                Math.round(completedInWindow.sum() / seconds * 10) / 10.0, unfinished.sum(),
                Report.Percentiles.of(submitToPop), Report.Percentiles.of(endToEnd));
        Report.Probe probe = new Report.Probe(options.probeInterval().toMillis() / 1000.0, probesSent.sum(),
                probesPopped.sum(), probesDone.sum(), Report.Percentiles.of(probeSubmitToPop),
                Report.Percentiles.of(probeAcceptedToPop), Report.Percentiles.of(probeSubmitToDone),
                probeChecksNotDone.sum(), probesByToken.values().stream().filter(p -> p.measured).count());
        Report.Settings settings = new Report.Settings(seconds, options.warmup().toMillis() / 1000.0,
                options.requesters(), options.inFlight(), options.checkInterval().toMillis() / 1000.0,
                options.workers(), options.amount(), options.connections(), options.hammer().toMillis() / 1000.0,
                options.width(), options.height(), options.steps(), image.length, model);
        return new Report(target.base().toString(), startedAt, settings, lifecycles, probe, kudos, check, bareVertx,
                heartbeat,
                errors.snapshot(), rss, cpu(completedAtCpuEnd - completedAtCpuStart),
                ServiceMetrics.statements(metricsAtStart, metricsAtEnd, completedAtCpuEnd - completedAtCpuStart),
                ServiceMetrics.overhead(metricsAtStart, metricsAtEnd),
                ServiceMetrics.clientTimers(metricsAtStart, metricsAtEnd));
    }

    /** CPU per lifecycle over the measured window; "not measured" without a local horde home. */
    private Report.Cpu cpu(long lifecycles) {
        double window = options.duration().toNanos() / 1e9;
        if (processCpu == null || cpuAtStart == null || cpuAtEnd == null) {
            return new Report.Cpu(false, window, lifecycles, Map.of(), 0, 0, 0, 0, 0, 0);
        }
        window = (cpuAtEnd.nanoTime() - cpuAtStart.nanoTime()) / 1e9;
        Map<String, Report.ProcessCpuFigure> processes = new LinkedHashMap<>();
        Map<String, Double> waits = ProcessCpu.runQueueWaitSeconds(cpuAtStart, cpuAtEnd);
        double horde = 0;
        double hordeWait = 0;
        for (Map.Entry<String, Double> p : ProcessCpu.seconds(cpuAtStart, cpuAtEnd).entrySet()) {
            boolean counted = !p.getKey().equals(ProcessCpu.POSTGRES_OTHERS);
            double wait = waits.getOrDefault(p.getKey(), 0.0);
            processes.put(p.getKey(), new Report.ProcessCpuFigure(p.getValue(), perLifecycle(p.getValue(), lifecycles),
                    cpuAtEnd.shared().contains(p.getKey()) || p.getKey().startsWith(ProcessCpu.POSTGRES), counted,
                    round2(wait)));
            horde += counted ? p.getValue() : 0;
            hordeWait += counted ? wait : 0;
        }
        double machine = (cpuAtEnd.machineBusyTicks() - cpuAtStart.machineBusyTicks()) / ProcessCpu.TICKS_PER_SECOND;
        double cores = (cpuAtEnd.machineAllTicks() - cpuAtStart.machineAllTicks()) / ProcessCpu.TICKS_PER_SECOND;
        return new Report.Cpu(true, Math.round(window * 100) / 100.0, lifecycles, processes, round2(horde),
                perLifecycle(horde, lifecycles), round2(machine), round2(cores), round2(Math.max(0, machine - horde)),
                round2(hordeWait));
    }

    private static double perLifecycle(double cpuSeconds, long lifecycles) {
        return lifecycles == 0 ? 0 : round2(cpuSeconds * 1000 / lifecycles);
    }

    private static double round2(double v) {
        return Math.round(v * 100) / 100.0;
    }

    // ------------------------------------------------------------------ setup

    /** {@code count} requesters named {@code bench-<run>-<tag><i>}, each with far more kudos than a run spends. */
    private List<Requester> requesters(Http1 http, int count, String tag) throws IOException {
        List<Requester> out = new ArrayList<>();
        String operatorKey = operatorKey();
        for (int i = 0; i < count; i++) {
            String key;
            if (!target.requesterKeys().isEmpty()) {
                key = target.requesterKeys().get(i % target.requesterKeys().size());
            } else if (operatorKey != null) {
                String body = "{\"username\":\"bench-" + runId + "-" + tag + i + "\",\"kudos\":" + STARTING_KUDOS
                        + "}";
                Http1.Response created = http.postJson(target.base().resolve("/api/v2/operator/users"), operatorKey,
                        body.getBytes(StandardCharsets.UTF_8));
                if (created.status() != 201 && created.status() != 200) {
                    throw new IllegalStateException("cannot create a requester: HTTP " + created.status() + " "
                            + created.text());
                }
                key = JSON.readTree(created.body()).path("api_key").asText();
            } else {
                throw new IllegalStateException("requesters need --operator-key, --horde-home or --requester-key");
            }
            out.add(new Requester(key, balance(http, key), new AtomicLong()));
        }
        return out;
    }

    private List<String> workerKeys(Http1 http, int count, String tag) throws IOException {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            if (!target.workerKeys().isEmpty()) {
                keys.add(target.workerKeys().get(i % target.workerKeys().size()));
                continue;
            }
            // One owner per worker: the AI Horde limits how many workers an untrusted owner may run.
            String body = "{\"username\":\"bench-" + runId + "-" + tag + i + "\"}";
            Http1.Response registered = http.postJson(target.base().resolve("/api/v2/register"), null,
                    body.getBytes(StandardCharsets.UTF_8));
            if (registered.status() != 201 && registered.status() != 200) {
                throw new IllegalStateException("cannot register a worker owner: HTTP " + registered.status() + " "
                        + registered.text());
            }
            keys.add(JSON.readTree(registered.body()).path("api_key").asText());
        }
        return keys;
    }

    private String operatorKey() throws IOException {
        if (target.operatorKey() != null) {
            return target.operatorKey();
        }
        if (target.hordeHome() != null && Files.isReadable(target.hordeHome().resolve("operator.key"))) {
            return Files.readString(target.hordeHome().resolve("operator.key")).strip();
        }
        return null;
    }

    private long balance(Http1 http, String apikey) throws IOException {
        Http1.Response user = http.get(target.base().resolve("/api/v2/find_user"), apikey);
        if (user.status() != 200) {
            throw new IllegalStateException("find_user answered HTTP " + user.status() + " " + user.text());
        }
        return Math.round(JSON.readTree(user.body()).path("kudos").asDouble() * 100);
    }

    // ------------------------------------------------------------------ lifecycles

    private void lifecycles(List<Requester> requesters, List<String> workerKeys, Requester probeRequester,
                            String probeWorkerKey) throws InterruptedException {
        if (options.warmup().isZero()) {
            // The window opens with the load: read the start figures first, or the first requests (sent at once)
            // would fall before them while a cold horde answers /q/metrics slowly.
            startSamples();
        }
        long start = System.nanoTime();
        measureFromNanos = start + options.warmup().toNanos();
        measureUntilNanos = measureFromNanos + options.duration().toNanos();
        long drainUntil = measureUntilNanos + DRAIN.toNanos();
        progress.phase("lifecycles", start, measureUntilNanos, completed::sum, errors::total);
        Thread window = start("bench-window", () -> {
            // A sample takes a while on a loaded machine (every process's descriptors are read): the CPU window is
            // the samples' own, and so are its lifecycles.
            if (metricsAtStart == null) {
                sleep(measureFromNanos - System.nanoTime());
                startSamples();
            }
            sleep(measureUntilNanos - System.nanoTime());
            completedAtCpuEnd = completed.sum();
            cpuAtEnd = processCpu == null ? null : processCpu.sample();
            metricsAtEnd = serviceMetrics.read();
        });

        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < workerKeys.size(); i++) {
            String key = workerKeys.get(i);
            String name = "bench-" + runId + "-worker-" + i;
            threads.add(start("bench-worker-" + i, () -> simulatedWorker(key, name, drainUntil)));
        }
        if (probeRequester != null) {
            String probeWorker = "bench-" + runId + "-probe-worker";
            threads.add(start("bench-probe-worker", () -> probeWorker(probeWorkerKey, probeWorker, probeRequester,
                    drainUntil)));
        }
        List<Thread> requesterThreads = new ArrayList<>();
        for (int i = 0; i < requesters.size(); i++) {
            Requester requester = requesters.get(i);
            int n = i;
            requesterThreads.add(start("bench-requester-" + i, () -> requester(n, requester, drainUntil)));
        }
        if (probeRequester != null) {
            requesterThreads.add(start("bench-probe-requester", () -> probeRequester(probeRequester)));
        }
        for (Thread t : requesterThreads) {
            t.join();
        }
        workersStop = true;
        for (Thread t : threads) {
            t.join();
        }
        window.join();
        progress.done();
    }

    private void startSamples() {
        completedAtCpuStart = completed.sum();
        cpuAtStart = processCpu == null ? null : processCpu.sample();
        metricsAtStart = serviceMetrics.read();
    }

    private void requester(int n, Requester requester, long drainUntil) {
        Http1 http = Http1.forThisThread();
        List<Pending> waiting = new ArrayList<>();
        long seq = 0;
        URI async = target.base().resolve("/api/v2/generate/async");
        try {
            while (System.nanoTime() < measureUntilNanos || (!waiting.isEmpty() && System.nanoTime() < drainUntil)) {
                while (waiting.size() < options.inFlight() && System.nanoTime() < measureUntilNanos) {
                    Pending p = submit(http, async, requester, runId + "-" + n + "-" + seq++);
                    if (p == null) {
                        sleep(AFTER_ERROR.toNanos());
                        break;
                    }
                    waiting.add(p);
                }
                long now = System.nanoTime();
                long nextDue = now + options.checkInterval().toNanos();
                for (Iterator<Pending> it = waiting.iterator(); it.hasNext(); ) {
                    Pending p = it.next();
                    if (p.nextCheckNanos <= now) {
                        if (check(http, requester, p)) {
                            it.remove();
                            continue;
                        }
                        p.nextCheckNanos = System.nanoTime() + options.checkInterval().toNanos();
                    }
                    nextDue = Math.min(nextDue, p.nextCheckNanos);
                }
                sleep(nextDue - System.nanoTime());
            }
        } finally {
            unfinished.add(waiting.size());
            waiting.forEach(p -> byToken.values().remove(p));
            http.closeAll();
        }
    }

    private Pending submit(Http1 http, URI async, Requester requester, String token) {
        String body = "{\"prompt\":\"bench lifecycle " + token + "\",\"params\":{\"width\":" + options.width()
                + ",\"height\":" + options.height() + ",\"steps\":" + options.steps() + ",\"n\":1}"
                + ",\"models\":[\"" + model + "\"],\"r2\":true,\"shared\":false}";
        long t0 = System.nanoTime();
        Pending p = new Pending(t0, t0 >= measureFromNanos);
        // Registered before sending: a worker may pop the request before the answer reaches us.
        byToken.put(token, p);
        try {
            Http1.Response accepted = http.postJson(async, requester.apikey(), body.getBytes(StandardCharsets.UTF_8));
            if (accepted.status() != 202) {
                errors.add("async", accepted);
                byToken.remove(token);
                return null;
            }
            p.requestId = JSON.readTree(accepted.body()).path("id").asText();
            p.nextCheckNanos = t0 + options.checkInterval().toNanos();
            return p;
        } catch (IOException e) {
            errors.add("async", e);
            byToken.remove(token);
            return null;
        }
    }

    /** True once the request is finished (done, faulted, or gone). */
    private boolean check(Http1 http, Requester requester, Pending p) {
        try {
            Http1.Response answer = http.get(target.base().resolve("/api/v2/generate/check/" + p.requestId), null);
            if (answer.status() != 200) {
                errors.add("check", answer);
                return answer.status() == 404;
            }
            JsonNode status = JSON.readTree(answer.body());
            if (status.path("faulted").asBoolean()) {
                errors.add("check faulted");
                return true;
            }
            if (!status.path("done").asBoolean()) {
                return false;
            }
            long now = System.nanoTime();
            requester.consumedCentikudos().addAndGet(Math.round(status.path("kudos").asDouble() * 100));
            completed.increment();
            if (now >= measureFromNanos && now < measureUntilNanos) {
                completedInWindow.increment();
            }
            if (p.measured) {
                endToEnd.recordValue(Math.max(0, (now - p.submitNanos) / 1000));
            }
            lastDoneNanos.accumulateAndGet(now, Math::max);
            if (doneIds.size() < CHECK_IDS) {
                doneIds.add(p.requestId);
            }
            return true;
        } catch (IOException e) {
            errors.add("check", e);
            return false;
        }
    }

    private void simulatedWorker(String apikey, String name, long hardStop) {
        Http1 http = Http1.forThisThread();
        URI pop = target.base().resolve("/api/v2/generate/pop");
        URI submit = target.base().resolve("/api/v2/generate/submit");
        byte[] popBody = popBody(name, model, options.amount());
        try {
            while (!workersStop && System.nanoTime() < hardStop) {
                Popped popped = popOnce(http, pop, apikey, popBody, "pop");
                if (popped == null) {
                    continue;
                }
                long poppedAt = popped.at();
                JsonNode job = popped.job();
                JsonNode ids = job.path("ids");
                String prompt = job.path("payload").path("prompt").asText();
                Pending p = byToken.remove(prompt.substring(prompt.lastIndexOf(' ') + 1));
                if (p != null && p.firstPopNanos == 0) {
                    p.firstPopNanos = poppedAt;
                    if (p.measured) {
                        submitToPop.recordValue(Math.max(0, (poppedAt - p.submitNanos) / 1000));
                    }
                }
                String seed = job.path("payload").path("seed").asText("0");
                for (int i = 0; i < ids.size(); i++) {
                    deliver(http, apikey, submit, ids.get(i).asText(), job.path("r2_uploads").path(i).asText(null),
                            seed);
                }
            }
        } catch (IOException e) {
            errors.add("pop", e);
        } finally {
            http.closeAll();
        }
    }

    /** A pop answer that handed out work, and when it arrived (nanoTime). */
    private record Popped(JsonNode job, long at) {
    }

    /**
     * One pop: the answer if it handed out work; null after an error (counted under {@code operation}, then a pause)
     * or an empty answer (then --pop-interval of pause, as an idle worker waits).
     */
    private Popped popOnce(Http1 http, URI pop, String apikey, byte[] body, String operation) throws IOException {
        Http1.Response answer;
        try {
            answer = http.postJson(pop, apikey, body);
        } catch (IOException e) {
            errors.add(operation, e);
            sleep(AFTER_ERROR.toNanos());
            return null;
        }
        long at = System.nanoTime();
        if (answer.status() != 200) {
            errors.add(operation, answer);
            sleep(AFTER_ERROR.toNanos());
            return null;
        }
        JsonNode job = JSON.readTree(answer.body());
        if (job.path("ids").isEmpty()) {
            sleep(options.popInterval().toNanos());
            return null;
        }
        return new Popped(job, at);
    }

    private byte[] popBody(String name, String servedModel, int amount) {
        return ("{\"name\":\"" + name + "\",\"models\":[\"" + servedModel + "\"],\"nsfw\":true,\"threads\":1,"
                + "\"amount\":" + amount + ",\"max_pixels\":" + (long) options.width() * options.height()
                + ",\"bridge_agent\":\"" + options.bridgeAgent() + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    /** Uploads the image and submits the job; when the submit was sent (nanoTime) if it answered 200, else -1. */
    private long deliver(Http1 http, String apikey, URI submit, String jobId, String uploadUrl, String seed) {
        try {
            if (uploadUrl == null) {
                errors.add("pop without r2_upload");
                return -1;
            }
            Http1.Response put = http.put(URI.create(uploadUrl), image);
            if (put.status() / 100 != 2) {
                errors.add("upload", put);
                return -1;
            }
            String body = "{\"id\":\"" + jobId + "\",\"generation\":\"R2\",\"state\":\"ok\",\"seed\":"
                    + (seed.matches("-?\\d{1,18}") ? seed : "0") + "}";
            long sentAt = System.nanoTime();
            Http1.Response submitted = http.postJson(submit, apikey, body.getBytes(StandardCharsets.UTF_8));
            if (submitted.status() != 200) {
                errors.add("submit", submitted);
                return -1;
            }
            return sentAt;
        } catch (IOException e) {
            errors.add("submit", e);
            return -1;
        }
    }

    // ------------------------------------------------------------------ idle-worker probe

    /**
     * One probe request at a time: sent, then awaited until the probe worker has delivered it and seen it done, then
     * --probe-interval of pause, so that every probe finds its worker idle (a worker busy with the previous probe
     * would measure its own backlog, not the horde). Runs while the warm-up and the measured window last.
     */
    private void probeRequester(Requester requester) {
        Http1 http = Http1.forThisThread();
        URI async = target.base().resolve("/api/v2/generate/async");
        long seq = 0;
        try {
            while (System.nanoTime() < measureUntilNanos) {
                String token = runId + "-probe-" + seq++;
                String body = "{\"prompt\":\"bench probe " + token + "\",\"params\":{\"width\":" + options.width()
                        + ",\"height\":" + options.height() + ",\"steps\":" + options.steps() + ",\"n\":1}"
                        + ",\"models\":[\"" + probeModel + "\"],\"r2\":true,\"shared\":false}";
                long t0 = System.nanoTime();
                ProbeRequest p = new ProbeRequest(t0, t0 >= measureFromNanos);
                probesByToken.put(token, p);
                try {
                    Http1.Response accepted = http.postJson(async, requester.apikey(),
                            body.getBytes(StandardCharsets.UTF_8));
                    if (accepted.status() != 202) {
                        errors.add("probe async", accepted);
                        probesByToken.remove(token);
                        sleep(AFTER_ERROR.toNanos());
                        continue;
                    }
                    p.acceptedNanos = System.nanoTime();
                    p.requestId = JSON.readTree(accepted.body()).path("id").asText();
                    if (p.measured) {
                        probesSent.increment();
                    }
                } catch (IOException e) {
                    errors.add("probe async", e);
                    probesByToken.remove(token);
                    sleep(AFTER_ERROR.toNanos());
                    continue;
                }
                try {
                    if (!p.finished.await(PROBE_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                        errors.add("probe not finished within " + PROBE_WAIT.toSeconds() + " s");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                sleep(options.probeInterval().toNanos());
            }
        } finally {
            http.closeAll();
        }
    }

    /**
     * The probe's worker: idle but for the probe requests, it pops as the lifecycle workers do, delivers, and then
     * polls {@code check} at once until done, as a client waiting on its image would.
     */
    private void probeWorker(String apikey, String name, Requester requester, long hardStop) {
        Http1 http = Http1.forThisThread();
        URI pop = target.base().resolve("/api/v2/generate/pop");
        URI submit = target.base().resolve("/api/v2/generate/submit");
        byte[] popBody = popBody(name, probeModel, 1);
        try {
            while (!workersStop && System.nanoTime() < hardStop) {
                Popped popped = popOnce(http, pop, apikey, popBody, "probe pop");
                if (popped == null) {
                    continue;
                }
                long poppedAt = popped.at();
                JsonNode job = popped.job();
                String prompt = job.path("payload").path("prompt").asText();
                ProbeRequest p = probesByToken.remove(prompt.substring(prompt.lastIndexOf(' ') + 1));
                if (p == null) {
                    errors.add("probe pop of an unknown request");
                    continue;
                }
                if (p.measured) {
                    probesPopped.increment();
                    probeSubmitToPop.recordValue(Math.max(0, (poppedAt - p.submitNanos) / 1000));
                    // Zero when the worker held it before its 202 reached the client.
                    long accepted = p.acceptedNanos;
                    probeAcceptedToPop.recordValue(accepted == 0 ? 0 : Math.max(0, (poppedAt - accepted) / 1000));
                }
                try {
                    long submittedAt = deliver(http, apikey, submit, job.path("ids").get(0).asText(),
                            job.path("r2_uploads").path(0).asText(null), job.path("payload").path("seed").asText("0"));
                    if (submittedAt > 0) {
                        awaitDone(http, requester, p, submittedAt);
                    }
                } finally {
                    p.finished.countDown();
                }
            }
        } catch (IOException e) {
            errors.add("probe pop", e);
        } finally {
            http.closeAll();
        }
    }

    private void awaitDone(Http1 http, Requester requester, ProbeRequest p, long submittedAt) throws IOException {
        long giveUp = submittedAt + PROBE_DONE_WITHIN.toNanos();
        while (p.requestId == null && System.nanoTime() < giveUp) {
            sleep(Duration.ofMillis(1).toNanos());
        }
        URI check = target.base().resolve("/api/v2/generate/check/" + p.requestId);
        while (System.nanoTime() < giveUp) {
            Http1.Response answer = http.get(check, null);
            if (answer.status() != 200) {
                errors.add("probe check", answer);
                return;
            }
            JsonNode status = JSON.readTree(answer.body());
            if (status.path("done").asBoolean()) {
                requester.consumedCentikudos().addAndGet(Math.round(status.path("kudos").asDouble() * 100));
                if (p.measured) {
                    probesDone.increment();
                    probeSubmitToDone.recordValue(Math.max(0, (System.nanoTime() - submittedAt) / 1000));
                }
                return;
            }
            if (p.measured) {
                probeChecksNotDone.increment();
            }
            sleep(PROBE_CHECK_PAUSE.toNanos());
        }
        errors.add("probe not done within " + PROBE_DONE_WITHIN.toSeconds() + " s of its submit");
    }

    // ------------------------------------------------------------------ kudos

    private Report.Kudos kudos(Http1 http, List<Requester> requesters) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + SETTLE.toNanos();
        boolean settled = false;
        // Requesters may share a key (--requester-key): each key's balance is compared once, with all its spending.
        Map<String, List<Requester>> byKey = new LinkedHashMap<>();
        requesters.forEach(r -> byKey.computeIfAbsent(r.apikey(), k -> new ArrayList<>()).add(r));
        while (!settled && System.nanoTime() < deadline) {
            settled = true;
            for (List<Requester> sharing : byKey.values()) {
                long expected = sharing.get(0).startingCentikudos()
                        - sharing.stream().mapToLong(q -> q.consumedCentikudos().get()).sum();
                if (balance(http, sharing.get(0).apikey()) != expected) {
                    settled = false;
                    break;
                }
            }
            if (!settled) {
                Thread.sleep(100);
            }
        }
        long last = lastDoneNanos.get();
        long lagMs = settled && last > 0 ? Math.max(0, (System.nanoTime() - last) / 1_000_000) : -1;
        return new Report.Kudos(settled, lagMs, ledgerAudit(http));
    }

    private String ledgerAudit(Http1 http) {
        if (target.kudosServiceUrl() == null) {
            return "not checked";
        }
        try {
            Http1.Response audit = http.get(target.kudosServiceUrl().resolve("/internal/ledger/invariant"), null);
            if (audit.status() != 200) {
                return "unavailable (HTTP " + audit.status() + ")";
            }
            return JSON.readTree(audit.body()).path("holds").asBoolean() ? "holds" : "broken: " + audit.text();
        } catch (IOException e) {
            return "unavailable (" + e.getClass().getSimpleName() + ")";
        }
    }

    // ------------------------------------------------------------------ ceilings

    /** {@code connections} closed loops on one path; the first second warms up and is not measured. */
    private Report.Ceiling hammer(String name, String path, List<URI> uris) throws InterruptedException {
        return hammer(name, path, uris, Math.min(1_000_000_000L, options.hammer().toNanos() / 5));
    }

    private Report.Ceiling hammer(String name, String path, List<URI> uris, long warmupNanos)
            throws InterruptedException {
        Histogram latency = new ConcurrentHistogram(3);
        LongAdder requests = new LongAdder();
        long start = System.nanoTime();
        long measureFrom = start + warmupNanos;
        long until = measureFrom + options.hammer().toNanos();
        progress.phase(name, start, until, requests::sum, errors::total);
        CountDownLatch ready = new CountDownLatch(options.connections());
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < options.connections(); c++) {
            int offset = c * 7919;
            threads.add(start("bench-" + name + "-" + c, () -> {
                Http1 http = Http1.forThisThread();
                ready.countDown();
                int i = offset;
                try {
                    while (true) {
                        long t0 = System.nanoTime();
                        if (t0 >= until) {
                            return;
                        }
                        try {
                            Http1.Response answer = http.get(uris.get((i++ & Integer.MAX_VALUE) % uris.size()), null);
                            long t1 = System.nanoTime();
                            if (answer.status() != 200) {
                                errors.add(name, answer);
                            } else if (t0 >= measureFrom && t1 <= until) {
                                latency.recordValue((t1 - t0) / 1000);
                                requests.increment();
                            }
                        } catch (IOException e) {
                            errors.add(name, e);
                            sleep(AFTER_ERROR.toNanos());
                        }
                    }
                } finally {
                    http.closeAll();
                }
            }));
        }
        ready.await();
        for (Thread t : threads) {
            t.join();
        }
        progress.done();
        double seconds = options.hammer().toNanos() / 1e9;
        return new Report.Ceiling(path, options.connections(), requests.sum(),
                Math.round(requests.sum() / seconds), Report.Percentiles.of(latency));
    }

    // ------------------------------------------------------------------ helpers

    /** A smooth picture of the requested size: PNG keeps it small, as real WebP results are. */
    static byte[] picture(int width, int height) {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setPaint(new GradientPaint(0, 0, new Color(0x203a78), width, height, new Color(0xe8a33d)));
        g.fillRect(0, 0, width, height);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.setUseCache(false);
            ImageIO.write(img, "png", out);
        } catch (IOException e) {
            throw new IllegalStateException("PNG encoding into memory cannot fail", e);
        }
        return out.toByteArray();
    }
}
