package org.openhorde.bench;

import io.vertx.core.AbstractVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP ceiling the gateway's {@code check} is measured against (issue 13: "{@code check} at least 30 % of the bare
 * Vert.x ceiling measured in the same run"): the Vert.x HTTP server that Quarkus runs the gateway on, with nothing on
 * top — no router, no RESTEasy, no rate limits, no lookup — answering every request with a body of the size and
 * content type of a {@code check} answer. {@link BareCeiling} starts it as a process of its own with the gateway's JVM
 * options and event-loop count, so that the two are measured alike.
 *
 * <p>Usage: {@code java -cp bench.jar org.openhorde.bench.BareVertxServer PORT EVENT_LOOPS}; prints {@code listening}
 * once the server accepts connections, and stops when its standard input closes (when the bench that started it
 * ends, however it ends).
 */
public final class BareVertxServer {

    /** What the gateway's {@code check} answers for a request in the queue (CheckFastPath's body, same length). */
    static final String BODY = "{\"finished\":0,\"processing\":0,\"restarted\":0,\"waiting\":1,\"done\":false,"
            + "\"faulted\":false,\"wait_time\":12,\"queue_position\":3,\"kudos\":10.0,\"is_possible\":true}";
    static final String CONTENT_TYPE = "application/json;charset=UTF-8";

    private BareVertxServer() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        int eventLoops = Integer.parseInt(args[1]);
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(eventLoops));
        // One server per event loop on the same port, as Quarkus does: Vert.x spreads the connections over them.
        vertx.deployVerticle(Responder::new, new DeploymentOptions().setInstances(eventLoops)
                        .setConfig(new JsonObject().put("port", port)))
                .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        System.out.println("listening");
        System.out.flush();
        try {
            while (System.in.read() >= 0) {
                // The bench never writes; end of input means it is gone.
            }
        } catch (IOException ignored) {
            // The same: the pipe broke.
        }
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    static final class Responder extends AbstractVerticle {
        private final Buffer body = Buffer.buffer(BODY);
        private final CharSequence contentType = HttpHeaders.createOptimized(CONTENT_TYPE);

        @Override
        public void start(Promise<Void> started) {
            int port = config().getInteger("port");
            vertx.createHttpServer()
                    .requestHandler(request -> request.response()
                            .putHeader(HttpHeaders.CONTENT_TYPE, contentType)
                            .end(body))
                    .listen(port)
                    .<Void>mapEmpty()
                    .onComplete(started);
        }
    }
}
