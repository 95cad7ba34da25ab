package org.openhorde.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The bench's HTTP client against the JDK's HTTP server: both framings, headers sent, one reused connection. */
class Http1Test {

    private HttpServer server;
    private final AtomicInteger connections = new AtomicInteger();
    private URI base;

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/fixed", exchange -> {
            byte[] body = ("{\"apikey\":\"" + exchange.getRequestHeaders().getFirst("apikey") + "\",\"len\":"
                    + exchange.getRequestBody().readAllBytes().length + "}").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(201, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.createContext("/chunked", exchange -> {
            exchange.sendResponseHeaders(404, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write("{\"message\":\"gone\",".getBytes(StandardCharsets.UTF_8));
                out.flush();
                out.write("\"rc\":\"RequestNotFound\"}".getBytes(StandardCharsets.UTF_8));
            }
        });
        server.start();
        base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void readsBothFramingsOverOneKeptAliveConnection() throws Exception {
        Http1 http = Http1.forThisThread();
        Http1.Response fixed = http.postJson(base.resolve("/fixed"), "key-1", "{\"a\":1}".getBytes(StandardCharsets.UTF_8));
        assertEquals(201, fixed.status());
        assertEquals("{\"apikey\":\"key-1\",\"len\":7}", fixed.text());
        Http1.Response chunked = http.get(base.resolve("/chunked"), null);
        assertEquals(404, chunked.status());
        assertEquals("{\"message\":\"gone\",\"rc\":\"RequestNotFound\"}", chunked.text());
        Http1.Response put = http.put(base.resolve("/fixed?X-Amz-Signature=abc"), new byte[20_000]);
        assertEquals("{\"apikey\":\"null\",\"len\":20000}", put.text());

        ErrorTally tally = new ErrorTally();
        tally.add("check", chunked);
        assertEquals(1L, tally.snapshot().byCode().get("check 404 RequestNotFound"));
        http.closeAll();
    }
}
