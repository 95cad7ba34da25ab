package org.openhorde.worker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The worker's web console ({@code --console-port}): one static page and a small JSON API on the JDK's HTTP server,
 * so that an owner can watch and steer a running worker from a browser. Both worker modes use the same page.
 *
 * <ul>
 *   <li>{@code GET /api/status}: live status; {@code GET /api/events}: the same, pushed every second (server-sent
 *       events)</li>
 *   <li>{@code GET /api/horde}: the owner's {@code find_user} and the worker's details, refreshed every
 *       {@code --console-refresh}</li>
 *   <li>{@code GET /api/settings}, {@code PUT /api/settings}: the settings changeable on the fly (next pop)</li>
 *   <li>{@code POST /api/maintenance}, {@code POST /api/popping}, {@code POST /api/stop}: control</li>
 * </ul>
 *
 * <p>Every {@code /api} call needs the console token printed at start ({@code X-Console-Token} header, or
 * {@code ?token=} for the event stream, which browsers open without headers): the page is reachable by anything
 * that can reach the port, and the owner's API key acts behind it. A wrong or missing token is a 401 that changes
 * nothing. Errors are {@code {"message", "rc"}}, like the horde's.
 */
final class WebConsole implements AutoCloseable {

    /** What a page needs; the rest is not served. */
    private static final Map<String, String> PAGES = Map.of(
            "/", "index.html",
            "/index.html", "index.html",
            "/console.css", "console.css",
            "/console.js", "console.js");
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "js", "text/javascript; charset=utf-8");
    private static final int MAX_BODY_BYTES = 64 * 1024;
    /** Each open page holds one event stream and its thread; more than this many are refused. */
    private static final int MAX_EVENT_STREAMS = 4;
    private static final long EVENT_EVERY_MILLIS = 1000;

    private final WorkerSettings settings;
    private final WorkerLoop<?> loop;
    private final WorkerStats stats;
    private final WorkerConsole terminal;
    private final HordeApi api;
    private final String token;
    private final String unit;
    private final String backend;
    private final HttpServer server;
    private final ExecutorService handlers;
    private final ScheduledExecutorService refresher;
    private final Semaphore eventStreams = new Semaphore(MAX_EVENT_STREAMS);
    private final Object closing = new Object();
    private volatile boolean closed;
    private volatile ObjectNode hordeView;

    /**
     * Binds the console (it serves once {@link #start()} is called).
     *
     * @param unit    what the worker delivers: "images" or "forms"
     * @param backend the backend's description
     * @throws UncheckedIOException when the address cannot be bound
     */
    WebConsole(WorkerSettings settings, WorkerLoop<?> loop, WorkerStats stats, WorkerConsole terminal, HordeApi api,
               String token, String unit, String backend) {
        this.settings = settings;
        this.loop = loop;
        this.stats = stats;
        this.terminal = terminal;
        this.api = api;
        this.token = token;
        this.unit = unit;
        this.backend = backend;
        WorkerOptions options = settings.current();
        AtomicInteger n = new AtomicInteger();
        this.handlers = Executors.newFixedThreadPool(MAX_EVENT_STREAMS + 4, r -> daemon(r, "console-" + n.incrementAndGet()));
        this.refresher = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "console-horde-refresh"));
        this.hordeView = HordeApi.JSON.createObjectNode().put("problem", "not asked yet");
        try {
            server = HttpServer.create(new InetSocketAddress(options.consoleBind(), options.consolePort()), 16);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serve the console on " + options.consoleBind() + ":"
                    + options.consolePort() + ": " + e.getMessage(), e);
        }
        server.setExecutor(handlers);
        server.createContext("/", this::page);
        server.createContext("/api/", this::api);
    }

    /** A new console token: 128 random bits, as hex. */
    static String newToken() {
        byte[] bytes = new byte[16];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    void start() {
        server.start();
        long every = settings.current().consoleRefresh().toMillis();
        refresher.scheduleWithFixedDelay(this::refreshHorde, 0, every, TimeUnit.MILLISECONDS);
    }

    /** The port it listens on (the one asked for). */
    int port() {
        return server.getAddress().getPort();
    }

    /** The address to open, with the token in the fragment: browsers never send a fragment to the server. */
    String url() {
        String host = settings.current().consoleBind();
        if (host.equals("0.0.0.0") || host.equals("::")) {
            host = "127.0.0.1";
        } else if (host.contains(":")) {
            host = "[" + host + "]";
        }
        return "http://" + host + ":" + port() + "/#token=" + token;
    }

    /** Tells open pages the worker stopped, then stops serving. */
    @Override
    public void close() {
        synchronized (closing) {
            if (closed) {
                return;
            }
            closed = true;
            closing.notifyAll();
        }
        refresher.shutdownNow();
        // Up to a second for the event streams to send their last ("stopped") status. Then stop at once: the JDK's
        // server would otherwise wait out its whole delay, open connections or not.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
        while (eventStreams.availablePermits() < MAX_EVENT_STREAMS && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        server.stop(0);
        handlers.shutdownNow();
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    // ---- the page -------------------------------------------------------------------------------------------------

    private void page(HttpExchange exchange) throws IOException {
        try (exchange) {
            String resource = PAGES.get(exchange.getRequestURI().getPath());
            if (resource == null) {
                error(exchange, 404, "NotFound", "no such page");
                return;
            }
            if (!exchange.getRequestMethod().equals("GET") && !exchange.getRequestMethod().equals("HEAD")) {
                error(exchange, 405, "MethodNotAllowed", "the page only answers GET");
                return;
            }
            byte[] bytes;
            try (InputStream in = WebConsole.class.getResourceAsStream("console/" + resource)) {
                if (in == null) {
                    throw new IllegalStateException("console resource missing: " + resource);
                }
                bytes = in.readAllBytes();
            }
            securityHeaders(exchange);
            exchange.getResponseHeaders().set("Content-Type", TYPES.get(resource.substring(resource.lastIndexOf('.') + 1)));
            exchange.getResponseHeaders().set("Cache-Control", "no-cache");
            if (exchange.getRequestMethod().equals("HEAD")) {
                exchange.sendResponseHeaders(200, -1);
                return;
            }
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
        }
    }

    private static void securityHeaders(HttpExchange exchange) {
        // The page runs only its own script and style, and no other site may frame it (clickjacking a Stop button).
        exchange.getResponseHeaders().set("Content-Security-Policy",
                "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'");
        exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        exchange.getResponseHeaders().set("Referrer-Policy", "no-referrer");
    }

    // ---- the API --------------------------------------------------------------------------------------------------

    private void api(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String method = exchange.getRequestMethod();
        try {
            if (!authorised(exchange)) {
                error(exchange, 401, "ConsoleTokenInvalid",
                        "a console token is needed: the one the worker printed at start (X-Console-Token)");
                return;
            }
            switch (method + " " + path) {
                case "GET /api/status" -> json(exchange, 200, status());
                case "GET /api/events" -> events(exchange);
                case "GET /api/horde" -> json(exchange, 200, hordeView);
                case "GET /api/settings" -> json(exchange, 200, settingsView());
                case "PUT /api/settings" -> changeSettings(exchange);
                case "POST /api/maintenance" -> maintenance(exchange);
                case "POST /api/popping" -> popping(exchange);
                case "POST /api/stop" -> stop(exchange);
                default -> error(exchange, 404, "NotFound", "no such console call: " + method + " " + path);
            }
        } catch (BadInput e) {
            error(exchange, 400, e.rc, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            error(exchange, 503, "ConsoleClosing", "the console is closing");
        } catch (RuntimeException e) {
            error(exchange, 500, "ConsoleError", "the console failed: " + e.getMessage());
        } finally {
            exchange.close();
        }
    }

    private boolean authorised(HttpExchange exchange) {
        String given = exchange.getRequestHeaders().getFirst("X-Console-Token");
        if (given == null && exchange.getRequestURI().getPath().equals("/api/events")) {
            given = queryParameter(exchange, "token");
        }
        // Constant-time comparison: the time to refuse says nothing about how much of a guess was right.
        return given != null && MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8),
                token.getBytes(StandardCharsets.UTF_8));
    }

    private static String queryParameter(HttpExchange exchange, String name) {
        String query = exchange.getRequestURI().getRawQuery();
        if (query == null) {
            return null;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).equals(name)) {
                return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    ObjectNode status() {
        WorkerOptions options = settings.current();
        ObjectNode status = HordeApi.JSON.createObjectNode()
                .put("type", options.type())
                .put("name", options.name())
                .put("horde_url", options.hordeUrl().toString())
                .put("backend", backend)
                .put("unit", unit)
                .put("state", closed ? "stopped" : loop.stopping() ? "stopping" : loop.popsPaused() ? "paused"
                        : "running")
                .put("done", stats.delivered.get())
                .put("faulted", stats.faulted.get())
                .put("dropped", stats.dropped.get())
                .put("in_hand", stats.inHand.get())
                .put("in_hand_limit", options.jobsInHandLimit())
                .put("kudos_earned", stats.earnedCentikudos.get() / 100.0)
                .put("uptime_seconds", (System.nanoTime() - stats.startedNanos) / 1_000_000_000L)
                .put("last_horde_answer", stats.lastHordeAnswer)
                .put("horde_trouble", stats.hordeTrouble);
        if (!options.interrogation()) {
            status.put("speed_mps", Math.round(stats.megapixelstepsPerSecond() * 100) / 100.0);
        }
        ArrayNode current = status.putArray("current");
        stats.current.values().forEach(current::add);
        ArrayNode events = status.putArray("events");
        terminal.recentEvents().forEach(events::add);
        status.set("horde", hordeView);
        return status;
    }

    private ObjectNode settingsView() {
        ObjectNode view = HordeApi.JSON.createObjectNode().put("type", settings.current().type());
        view.put("file", settings.file() == null ? null : settings.file().toString());
        ArrayNode fields = view.putArray("fields");
        settings.fields().forEach(f -> fields.add(f.describe()));
        view.set("values", settings.values());
        return view;
    }

    private void changeSettings(HttpExchange exchange) throws IOException {
        JsonNode changes = body(exchange);
        WorkerOptions before = settings.current();
        try {
            settings.change(changes);
        } catch (IllegalArgumentException e) {
            throw new BadInput("InvalidSettings", e.getMessage());
        } catch (UncheckedIOException e) {
            error(exchange, 500, "SettingsNotSaved", e.getMessage() + "; nothing changed");
            return;
        }
        terminal.event("settings changed in the web console: " + describeChange(before, settings)
                + (settings.file() == null ? " (not saved: the worker was started without --settings)"
                : " (saved to " + settings.file() + ")"));
        // The next pop carries the new settings now rather than after the current wait.
        loop.wake();
        json(exchange, 200, settingsView());
    }

    private static String describeChange(WorkerOptions before, WorkerSettings settings) {
        WorkerOptions after = settings.current();
        StringBuilder text = new StringBuilder();
        for (WorkerSettings.Field field : settings.fields()) {
            Object was = field.value().apply(before);
            Object now = field.value().apply(after);
            if (!was.equals(now)) {
                text.append(text.isEmpty() ? "" : ", ").append(field.key()).append(' ').append(was).append(" -> ")
                        .append(now);
            }
        }
        return text.isEmpty() ? "nothing new" : text.toString();
    }

    /** {@code {"maintenance": true|false, "message"?: text}}: the owner's {@code PUT /api/v2/workers/{id}}. */
    private void maintenance(HttpExchange exchange) throws IOException, InterruptedException {
        JsonNode input = body(exchange);
        JsonNode on = input.path("maintenance");
        if (!on.isBoolean()) {
            throw new BadInput("InvalidMaintenance", "expected {\"maintenance\": true|false}");
        }
        JsonNode message = input.path("message");
        if (!message.isMissingNode() && !message.isNull() && !message.isTextual()) {
            throw new BadInput("InvalidMaintenance", "message must be text");
        }
        String name = settings.current().name();
        HordeReply found = api.get("/api/v2/workers/name/" + URLEncoder.encode(name, StandardCharsets.UTF_8)
                .replace("+", "%20"));
        if (found.kind() != HordeReply.Kind.OK) {
            hordeError(exchange, found, "the horde does not know this worker yet (it registers with its first pop)");
            return;
        }
        String id = found.body().path("id").asText();
        ObjectNode change = HordeApi.JSON.createObjectNode().put("maintenance", on.asBoolean());
        if (message.isTextual() && !message.asText().isBlank()) {
            change.put("maintenance_msg", message.asText());
        }
        HordeReply changed = api.put("/api/v2/workers/" + id, change);
        if (changed.kind() != HordeReply.Kind.OK) {
            hordeError(exchange, changed, "the horde refused the maintenance switch");
            return;
        }
        terminal.event("maintenance " + (on.asBoolean() ? "on" : "off") + " (web console)");
        // Out of maintenance the worker pops again now, not after the refused pop's 5 s wait.
        loop.wake();
        refreshHorde();
        json(exchange, 200, hordeView);
    }

    private void popping(HttpExchange exchange) throws IOException {
        JsonNode paused = body(exchange).path("paused");
        if (!paused.isBoolean()) {
            throw new BadInput("InvalidPopping", "expected {\"paused\": true|false}");
        }
        if (paused.asBoolean() != loop.popsPaused()) {
            loop.pausePopping(paused.asBoolean());
            terminal.event((paused.asBoolean() ? "popping paused" : "popping resumed") + " (web console)");
        }
        json(exchange, 200, status());
    }

    private void stop(HttpExchange exchange) throws IOException {
        if (!loop.stopping()) {
            terminal.event("stop requested in the web console: finishing the " + unit + " in hand");
            loop.requestStop();
        }
        json(exchange, 202, status());
    }

    /** The status every second until the page goes away or the worker stops (then one last "stopped"). */
    private void events(HttpExchange exchange) throws IOException, InterruptedException {
        if (!eventStreams.tryAcquire()) {
            error(exchange, 503, "TooManyConsoles", "at most " + MAX_EVENT_STREAMS + " pages can follow this worker");
            return;
        }
        try {
            exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            while (true) {
                boolean last = closed;
                out.write(("event: status\ndata: " + HordeApi.JSON.writeValueAsString(status()) + "\n\n")
                        .getBytes(StandardCharsets.UTF_8));
                out.flush();
                if (last) {
                    return;
                }
                synchronized (closing) {
                    if (!closed) {
                        closing.wait(EVENT_EVERY_MILLIS);
                    }
                }
            }
        } catch (IOException pageGone) {
            // the page was closed or reloaded: nothing to do
        } finally {
            eventStreams.release();
        }
    }

    /** Asks the horde for the owner's account and this worker's details; never throws. */
    void refreshHorde() {
        ObjectNode view = HordeApi.JSON.createObjectNode().put("refreshed_at", Instant.now().toString());
        try {
            HordeReply user = api.get("/api/v2/find_user");
            if (user.kind() == HordeReply.Kind.OK) {
                JsonNode u = user.body();
                ObjectNode owner = view.putObject("user")
                        .put("username", u.path("username").asText())
                        .put("kudos", u.path("kudos").asDouble())
                        .put("trusted", u.path("trusted").asBoolean())
                        .put("worker_count", u.path("worker_count").asInt());
                owner.set("contributions", u.path("records").path("contribution"));
                owner.set("fulfillments", u.path("records").path("fulfillment"));
            } else {
                view.put("problem", "find_user: " + user.message());
            }
            String name = settings.current().name();
            HordeReply worker = api.get("/api/v2/workers/name/" + URLEncoder.encode(name, StandardCharsets.UTF_8)
                    .replace("+", "%20"));
            if (worker.kind() == HordeReply.Kind.OK) {
                JsonNode w = worker.body();
                ObjectNode details = view.putObject("worker");
                for (String field : new String[] {"id", "online", "maintenance_mode", "threads", "uptime",
                        "requests_fulfilled", "kudos_rewards", "performance", "trusted", "uncompleted_jobs"}) {
                    if (w.has(field)) {
                        details.set(field, w.get(field));
                    }
                }
            } else if (worker.status() == 404) {
                view.putNull("worker");
            } else if (!view.has("problem")) {
                view.put("problem", "worker details: " + worker.message());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (RuntimeException e) {
            view.put("problem", e.toString());
        }
        hordeView = view;
    }

    // ---- plumbing -------------------------------------------------------------------------------------------------

    private static JsonNode body(HttpExchange exchange) throws IOException {
        String type = exchange.getRequestHeaders().getFirst("Content-Type");
        if (type == null || !type.toLowerCase().startsWith("application/json")) {
            throw new BadInput("InvalidContentType", "send JSON (Content-Type: application/json)");
        }
        byte[] bytes = exchange.getRequestBody().readNBytes(MAX_BODY_BYTES + 1);
        if (bytes.length > MAX_BODY_BYTES) {
            throw new BadInput("TooLarge", "a console call's body is at most " + MAX_BODY_BYTES + " bytes");
        }
        try {
            JsonNode node = HordeApi.JSON.readTree(bytes);
            if (node == null || !node.isObject()) {
                throw new BadInput("InvalidJson", "expected a JSON object");
            }
            return node;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new BadInput("InvalidJson", "not JSON: " + e.getOriginalMessage());
        }
    }

    /** The horde's refusal passed on: its message and rc; 502 when the horde could not be reached. */
    private static void hordeError(HttpExchange exchange, HordeReply reply, String what) throws IOException {
        String rc = reply.rc().isEmpty() ? "HordeRefused" : reply.rc();
        if (reply.kind() == HordeReply.Kind.UNREACHABLE) {
            error(exchange, 502, "HordeUnreachable", what + ": " + reply.message());
        } else {
            error(exchange, reply.status(), rc, what + ": " + reply.message());
        }
    }

    private static void json(HttpExchange exchange, int status, JsonNode body) throws IOException {
        byte[] bytes = HordeApi.JSON.writeValueAsBytes(body);
        securityHeaders(exchange);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private static void error(HttpExchange exchange, int status, String rc, String message) throws IOException {
        json(exchange, status, HordeApi.JSON.createObjectNode().put("message", message).put("rc", rc));
    }

    /** A console call the console refuses as it is (400). */
    private static final class BadInput extends RuntimeException {
        private final String rc;

        BadInput(String rc, String message) {
            super(message);
            this.rc = rc;
        }
    }
}
