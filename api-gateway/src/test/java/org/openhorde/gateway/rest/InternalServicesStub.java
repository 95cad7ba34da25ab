package org.openhorde.gateway.rest;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Stands in for kudos-service and job-service over real HTTP, so that the gateway's admission rules (upfront
 * kudos, concurrency) and cancel can be pinned without running those services. An API key describes its user:
 * {@code stub:<id>:<kudos in centikudos>:<concurrency>}, or {@code stub-anon:<concurrency>} for the anonymous user
 * (id 0, no kudos), or {@code stub-admin:<id>} for an admin (the operator), or {@code stub-trusted:<id>} for a trusted
 * user (plenty of kudos, concurrency 30); any other key is unknown. A pop is kept in {@link #POPS} and finds nothing;
 * a request handed over for queueing is kept in {@link #QUEUED}.
 */
public class InternalServicesStub implements QuarkusTestResourceLifecycleManager {

    /** Requests job-service was asked to cancel. */
    public static final Set<UUID> CANCELLED = ConcurrentHashMap.newKeySet();

    /** How often kudos-service was asked to authenticate each key (the gateway's key cache saves the others). */
    public static final Map<String, AtomicInteger> AUTHENTICATIONS = new ConcurrentHashMap<>();

    /** The bodies of the pops the gateway passed to job-service, as job-service received them. */
    public static final Queue<String> POPS = new ConcurrentLinkedQueue<>();

    /** The bodies ({@code JobSubmitted}) of the requests the gateway asked job-service to queue, by request id. */
    public static final Map<UUID, String> QUEUED = new ConcurrentHashMap<>();

    /**
     * Attempts to queue a request whose prompt contains {@value #INTAKE_UNAVAILABLE}, by request id: the stub answers
     * them 503, as a job-service that lost its database would.
     */
    public static final Map<UUID, Integer> REFUSED = new ConcurrentHashMap<>();

    /** A worker whose name contains this gets its (empty) pop answered only after {@link #SLOW_POP}. */
    public static final String SLOW_WORKER = "slow-downstream";
    public static final java.time.Duration SLOW_POP = java.time.Duration.ofMillis(1000);

    /** A prompt containing this makes the stub's intake answer 503. */
    public static final String INTAKE_UNAVAILABLE = "intake-unavailable";

    private static final Pattern REQUEST_ID = Pattern.compile("\"requestId\"\\s*:\\s*\"([^\"]*)\"");
    private static final Pattern APIKEY = Pattern.compile("\"apikey\"\\s*:\\s*\"([^\"]*)\"");
    private static final Pattern CANCEL = Pattern.compile("/internal/requests/([^/]+)/cancel");

    private HttpServer server;

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException("no local port for the stub", e);
        }
        server.createContext("/internal/users/authenticate", InternalServicesStub::authenticate);
        server.createContext("/internal/requests", InternalServicesStub::queue);
        server.createContext("/internal/requests/", InternalServicesStub::cancel);
        server.createContext("/internal/pop", InternalServicesStub::pop);
        server.start();
        String url = "http://127.0.0.1:" + server.getAddress().getPort();
        return Map.of("quarkus.rest-client.kudos-service.url", url, "quarkus.rest-client.job-service.url", url);
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private static void authenticate(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Matcher key = APIKEY.matcher(body);
        String apikey = key.find() ? key.group(1) : "";
        AUTHENTICATIONS.computeIfAbsent(apikey, unused -> new AtomicInteger()).incrementAndGet();
        String[] parts = apikey.isEmpty() ? new String[0] : apikey.split(":");
        if (parts.length == 4 && parts[0].equals("stub")) {
            respond(exchange, 200, user(Long.parseLong(parts[1]), false, false, Long.parseLong(parts[2]),
                    Integer.parseInt(parts[3])));
        } else if (parts.length == 2 && parts[0].equals("stub-anon")) {
            respond(exchange, 200, user(0, true, false, 0, Integer.parseInt(parts[1])));
        } else if (parts.length == 2 && parts[0].equals("stub-admin")) {
            respond(exchange, 200, user(Long.parseLong(parts[1]), false, true, 0, 1));
        } else if (parts.length == 2 && parts[0].equals("stub-trusted")) {
            respond(exchange, 200, user(Long.parseLong(parts[1]), false, false, 10_000_000, 30)
                    .replace("\"trusted\":false", "\"trusted\":true"));
        } else {
            respond(exchange, 401, "{\"message\":\"unknown key\",\"rc\":\"InvalidAPIKey\"}");
        }
    }

    private static String user(long id, boolean anonymous, boolean admin, long kudos, int concurrency) {
        return """
                {"id":%d,"username":"%s","anonymous":%s,"pseudonymous":false,"trusted":false,"moderator":false,
                 "admin":%s,"kudos":%d,"concurrency":%d,"kudosDetails":{},"records":null,
                 "createdAt":"2026-01-01T00:00:00Z","evaluatingKudos":0}
                """.formatted(id, anonymous ? "Anonymous" : "stub" + id, anonymous, admin, kudos, concurrency);
    }

    private static void cancel(HttpExchange exchange) throws IOException {
        Matcher path = CANCEL.matcher(exchange.getRequestURI().getPath());
        if (!"POST".equals(exchange.getRequestMethod()) || !path.matches()) {
            respond(exchange, 404, "{\"message\":\"no such endpoint\",\"rc\":\"ThingNotFound\"}");
            return;
        }
        CANCELLED.add(UUID.fromString(path.group(1)));
        exchange.sendResponseHeaders(204, -1);
        exchange.close();
    }

    /** Keeps the request as received and answers that it is queued. */
    private static void queue(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Matcher requestId = REQUEST_ID.matcher(body);
        if (!"POST".equals(exchange.getRequestMethod()) || !requestId.find()) {
            respond(exchange, 400, "{\"message\":\"no request\",\"rc\":\"BadRequest\"}");
            return;
        }
        if (body.contains(INTAKE_UNAVAILABLE)) {
            REFUSED.merge(UUID.fromString(requestId.group(1)), 1, Integer::sum);
            respond(exchange, 503, "{\"message\":\"database unreachable\",\"rc\":\"ServiceUnavailable\"}");
            return;
        }
        QUEUED.put(UUID.fromString(requestId.group(1)), body);
        exchange.sendResponseHeaders(204, -1);
        exchange.close();
    }

    /** Keeps the pop as received and answers that nothing matched (after {@link #SLOW_POP} for a slow worker). */
    private static void pop(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        POPS.add(body);
        if (body.contains(SLOW_WORKER)) {
            try {
                Thread.sleep(SLOW_POP.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        respond(exchange, 200, """
                {"workerId":"%s","requestId":null,"jobIds":[],"model":null,"ttlSeconds":0,"seed":null,"spec":null,
                 "skipped":{}}
                """.formatted(UUID.randomUUID()));
    }

    private static void respond(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }
}
