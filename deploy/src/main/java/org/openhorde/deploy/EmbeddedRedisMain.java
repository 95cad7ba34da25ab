package org.openhorde.deploy;

import java.util.concurrent.CountDownLatch;
import redis.embedded.RedisServer;

/**
 * Fall-back Redis for a machine that has none: {@code ./horde up} runs this as its own process when nothing answers
 * on the Redis port. The horde keeps only read models and caches in Redis, so nothing durable is lost with it.
 *
 * <p>Usage: {@code EmbeddedRedisMain <port>}
 */
public final class EmbeddedRedisMain {

    private EmbeddedRedisMain() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        RedisServer redis = RedisServer.newRedisServer().port(port).bind("127.0.0.1").build();
        redis.start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                redis.stop();
            } catch (Exception e) {
                System.err.println("embedded Redis did not stop cleanly: " + e);
            }
            stopped.countDown();
        }));
        System.out.println("embedded Redis ready on 127.0.0.1:" + port);
        stopped.await();
    }
}
