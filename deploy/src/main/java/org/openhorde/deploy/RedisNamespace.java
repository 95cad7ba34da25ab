package org.openhorde.deploy;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Deletes every Redis key of one environment ({@code <env>:*}: the gateway's read model, concurrency slots, modes),
 * so that a test run whose schemas were just dropped — and whose user ids therefore start again from 1 — never meets
 * an earlier run's keys for the same ids. Speaks the few RESP commands it needs itself: the launcher has no Redis
 * client library, and SCAN + UNLINK is all there is to it.
 */
public final class RedisNamespace {

    private RedisNamespace() {
    }

    /** Deletes the keys starting with {@code env + ":"}; returns how many there were. */
    @SuppressWarnings("unchecked") // RESP arrays: SCAN answers [cursor, [keys...]]
    public static int clear(String host, int port, String env) throws IOException {
        if (env.isBlank() || env.equals("horde") || !env.matches("[a-z0-9]+")) {
            throw new IllegalArgumentException("refusing to clear environment '" + env + "'");
        }
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 5_000);
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            InputStream in = new BufferedInputStream(socket.getInputStream());
            int deleted = 0;
            String cursor = "0";
            do {
                send(out, "SCAN", cursor, "MATCH", env + ":*", "COUNT", "1000");
                List<Object> page = (List<Object>) read(in);
                cursor = (String) page.get(0);
                List<String> keys = new ArrayList<>();
                for (Object key : (List<Object>) page.get(1)) {
                    keys.add((String) key);
                }
                if (!keys.isEmpty()) {
                    List<String> command = new ArrayList<>(List.of("UNLINK"));
                    command.addAll(keys);
                    send(out, command.toArray(String[]::new));
                    deleted += ((Long) read(in)).intValue();
                }
            } while (!cursor.equals("0"));
            return deleted;
        }
    }

    private static void send(OutputStream out, String... words) throws IOException {
        StringBuilder command = new StringBuilder("*").append(words.length).append("\r\n");
        for (String word : words) {
            byte[] bytes = word.getBytes(StandardCharsets.UTF_8);
            command.append('$').append(bytes.length).append("\r\n").append(word).append("\r\n");
        }
        out.write(command.toString().getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** One RESP reply: simple string, error (thrown), integer, bulk string or array. */
    private static Object read(InputStream in) throws IOException {
        int type = in.read();
        String line = line(in);
        switch (type) {
            case '+':
                return line;
            case '-':
                throw new IOException("Redis answered: " + line);
            case ':':
                return Long.parseLong(line);
            case '$': {
                int length = Integer.parseInt(line);
                if (length < 0) {
                    return null;
                }
                byte[] bytes = in.readNBytes(length + 2);
                return new String(bytes, 0, length, StandardCharsets.UTF_8);
            }
            case '*': {
                int count = Integer.parseInt(line);
                List<Object> items = new ArrayList<>(Math.max(count, 0));
                for (int i = 0; i < count; i++) {
                    items.add(read(in));
                }
                return items;
            }
            default:
                throw new IOException("unexpected Redis reply type " + type);
        }
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) != '\r') {
            if (c < 0) {
                throw new IOException("Redis closed the connection");
            }
            line.append((char) c);
        }
        in.read(); // '\n'
        return line.toString();
    }
}
