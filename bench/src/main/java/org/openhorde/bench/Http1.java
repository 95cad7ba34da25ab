package org.openhorde.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A minimal blocking HTTP/1.1 client with one keep-alive connection per host for the calling thread. The bench
 * measures the server, so the client must cost as little CPU as possible on the shared machine: no selector, no
 * futures, no header maps beyond what framing needs. Plain {@code http} only.
 */
final class Http1 {

    record Response(int status, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private static final int TIMEOUT_MILLIS = 30_000;
    private final Map<String, Connection> connections = new HashMap<>();

    /** One client per thread: connections are not shared. */
    static Http1 forThisThread() {
        return new Http1();
    }

    Response get(URI uri, String apikey) throws IOException {
        return send("GET", uri, apikey, null, null);
    }

    Response postJson(URI uri, String apikey, byte[] json) throws IOException {
        return send("POST", uri, apikey, "application/json", json);
    }

    /** The presigned upload: no Content-Type, because the URL's signature covers none. */
    Response put(URI uri, byte[] body) throws IOException {
        return send("PUT", uri, null, null, body);
    }

    Response send(String method, URI uri, String apikey, String contentType, byte[] body) throws IOException {
        if (!"http".equals(uri.getScheme())) {
            throw new IOException("bench speaks plain http only: " + uri);
        }
        String authority = uri.getHost() + ":" + (uri.getPort() < 0 ? 80 : uri.getPort());
        byte[] head = head(method, uri, authority, apikey, contentType, body);
        Connection reused = connections.get(authority);
        if (reused != null) {
            try {
                return reused.exchange(head, body);
            } catch (StaleConnection stale) {
                // The server closed an idle connection before reading anything: the request never arrived.
                close(authority);
            } catch (IOException e) {
                close(authority);
                throw e;
            }
        }
        Connection fresh = new Connection(uri.getHost(), uri.getPort() < 0 ? 80 : uri.getPort());
        connections.put(authority, fresh);
        try {
            return fresh.exchange(head, body);
        } catch (IOException e) {
            close(authority);
            throw e;
        }
    }

    void closeAll() {
        connections.keySet().stream().toList().forEach(this::close);
    }

    private void close(String authority) {
        Connection c = connections.remove(authority);
        if (c != null) {
            c.close();
        }
    }

    private static byte[] head(String method, URI uri, String authority, String apikey, String contentType,
                               byte[] body) {
        StringBuilder h = new StringBuilder(256).append(method).append(' ').append(uri.getRawPath());
        if (uri.getRawQuery() != null) {
            h.append('?').append(uri.getRawQuery());
        }
        h.append(" HTTP/1.1\r\nHost: ").append(authority).append("\r\n");
        if (apikey != null) {
            h.append("apikey: ").append(apikey).append("\r\n");
        }
        h.append("Client-Agent: openhorde-bench:1:loopback\r\n");
        if (contentType != null) {
            h.append("Content-Type: ").append(contentType).append("\r\n");
        }
        if (body != null) {
            h.append("Content-Length: ").append(body.length).append("\r\n");
        }
        return h.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /** A reused connection the server had already closed; safe to send again on a new one. */
    private static final class StaleConnection extends IOException {
        StaleConnection() {
            super("stale keep-alive connection");
        }
    }

    private static final class Connection {
        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;
        private boolean used;

        Connection(String host, int port) throws IOException {
            socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(TIMEOUT_MILLIS);
            socket.connect(new InetSocketAddress(host, port), TIMEOUT_MILLIS);
            in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
            out = socket.getOutputStream();
        }

        Response exchange(byte[] head, byte[] body) throws IOException {
            boolean wasUsed = used;
            used = true;
            try {
                if (body == null || body.length < 8 * 1024) {
                    // one write, one packet for small requests
                    byte[] all = new byte[head.length + (body == null ? 0 : body.length)];
                    System.arraycopy(head, 0, all, 0, head.length);
                    if (body != null) {
                        System.arraycopy(body, 0, all, head.length, body.length);
                    }
                    out.write(all);
                } else {
                    out.write(head);
                    out.write(body);
                }
                out.flush();
            } catch (IOException e) {
                throw wasUsed ? new StaleConnection() : e;
            }
            int first = in.read();
            if (first < 0) {
                if (wasUsed) {
                    throw new StaleConnection();
                }
                throw new IOException("connection closed before any response");
            }
            String statusLine = (char) first + line();
            int status = Integer.parseInt(statusLine.substring(9, 12));
            long length = -1;
            boolean chunked = false;
            boolean closeAfter = false;
            for (String header = line(); !header.isEmpty(); header = line()) {
                int colon = header.indexOf(':');
                if (colon < 0) {
                    continue;
                }
                String name = header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                String value = header.substring(colon + 1).trim();
                switch (name) {
                    case "content-length" -> length = Long.parseLong(value);
                    case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                    case "connection" -> closeAfter = value.equalsIgnoreCase("close");
                    default -> { }
                }
            }
            byte[] content;
            if (status == 204 || status == 304 || (status >= 100 && status < 200)) {
                content = new byte[0];
            } else if (chunked) {
                content = chunks();
            } else if (length >= 0) {
                content = in.readNBytes((int) length);
                if (content.length < length) {
                    throw new IOException("response body cut short");
                }
            } else {
                content = in.readAllBytes();
                closeAfter = true;
            }
            if (closeAfter) {
                close();
                used = true;
            }
            return new Response(status, content);
        }

        private byte[] chunks() throws IOException {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            while (true) {
                String sizeLine = line();
                int semicolon = sizeLine.indexOf(';');
                int size = Integer.parseInt((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim(), 16);
                if (size == 0) {
                    for (String trailer = line(); !trailer.isEmpty(); trailer = line()) {
                        // trailers carry nothing the bench needs
                    }
                    return body.toByteArray();
                }
                byte[] chunk = in.readNBytes(size);
                if (chunk.length < size) {
                    throw new IOException("chunk cut short");
                }
                body.write(chunk);
                line();
            }
        }

        private String line() throws IOException {
            StringBuilder s = new StringBuilder(64);
            int b;
            while ((b = in.read()) >= 0) {
                if (b == '\n') {
                    int n = s.length();
                    return n > 0 && s.charAt(n - 1) == '\r' ? s.substring(0, n - 1) : s.toString();
                }
                s.append((char) b);
            }
            throw new IOException("connection closed mid-response");
        }

        void close() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing a socket that is already broken
            }
        }
    }
}
