package org.openhorde.deploy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * One malformed request derived from an {@link OpenApiOperation}, and how it is sent: through
 * {@link HttpClient} when the client accepts it, otherwise as raw bytes over a socket (an invalid percent-encoding in
 * the path, a NUL or a non-ASCII character in a header — bytes {@code HttpClient} refuses to send but a hostile client
 * sends anyway).
 *
 * @param variant     what is wrong with it, e.g. {@code body wrong type} — the group a violation is reported under
 * @param detail      the exact change, e.g. {@code params.width = "fuzz"} — enough to reproduce it by hand
 * @param target      the request target as sent on the wire: path and query, already percent-encoded (or not)
 * @param headers     name/value pairs, in order; may repeat a name
 * @param contentType the Content-Type header, or null to send none
 * @param body        the body bytes, or null for none
 */
record HostileRequest(OpenApiOperation operation, String variant, String detail, String method, String target,
                      List<String[]> headers, String contentType, byte[] body) {

    /** What came back: {@code status} -1 when no HTTP answer arrived ({@code body} then says why). */
    record Answer(int status, String contentType, String body) {
    }

    private static final Duration TIMEOUT = Duration.ofSeconds(15);

    Answer send(HttpClient http) {
        if (needsRawSocket()) {
            return sendRaw();
        }
        Answer answer = sendWith(http);
        // A pooled keep-alive connection the server closed just before it was reused fails without a byte; that is
        // the client's race, not an answer: once more on a fresh connection.
        return answer.status() < 0 && answer.body().contains("received no bytes") ? sendRaw() : answer;
    }

    /** The request as curl would show it, shortened, for reports. */
    String describe() {
        String shownTarget = target.length() > 120 ? target.substring(0, 120) + "...(" + target.length() + " chars)"
                : target;
        return method + " " + operation.baseUrl() + shownTarget;
    }

    private boolean needsRawSocket() {
        try {
            URI.create(operation.baseUrl() + target);
        } catch (IllegalArgumentException notAUri) {
            return true;
        }
        for (String[] header : headers) {
            if (!printableAscii(header[1])) {
                return true;
            }
        }
        return false;
    }

    private static boolean printableAscii(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                return false;
            }
        }
        return true;
    }

    private Answer sendWith(HttpClient http) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(operation.baseUrl() + target)).timeout(TIMEOUT)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        for (String[] header : headers) {
            request.header(header[0], header[1]);
        }
        try {
            HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(null),
                    new String(response.body(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            return new Answer(-1, null, "no answer: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** HTTP/1.1 by hand: one connection per request ({@code Connection: close}), read to the end. */
    private Answer sendRaw() {
        URI base = URI.create(operation.baseUrl());
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        write(head, method + " " + target + " HTTP/1.1\r\n");
        write(head, "Host: " + base.getHost() + ":" + base.getPort() + "\r\nConnection: close\r\n");
        if (contentType != null) {
            write(head, "Content-Type: " + contentType + "\r\n");
        }
        for (String[] header : headers) {
            write(head, header[0] + ": " + header[1] + "\r\n");
        }
        write(head, "Content-Length: " + (body == null ? 0 : body.length) + "\r\n\r\n");
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), 5_000);
            socket.setSoTimeout((int) TIMEOUT.toMillis());
            OutputStream out = socket.getOutputStream();
            out.write(head.toByteArray());
            if (body != null) {
                out.write(body);
            }
            out.flush();
            return parse(socket.getInputStream().readAllBytes());
        } catch (SocketTimeoutException e) {
            return new Answer(-1, null, "no answer within " + TIMEOUT.toSeconds() + " s");
        } catch (IOException e) {
            return new Answer(-1, null, "no answer: " + e);
        }
    }

    private static void write(ByteArrayOutputStream out, String text) {
        out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
    }

    private static Answer parse(byte[] bytes) throws IOException {
        int end = indexOf(bytes, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII), 0);
        if (end < 0) {
            return new Answer(-1, null, "no complete HTTP answer: " + new String(bytes, StandardCharsets.UTF_8));
        }
        String[] lines = new String(bytes, 0, end, StandardCharsets.ISO_8859_1).split("\r\n");
        String[] statusLine = lines[0].split(" ", 3);
        int status = Integer.parseInt(statusLine[1]);
        String contentType = null;
        boolean chunked = false;
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon < 0) {
                continue;
            }
            String name = lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = lines[i].substring(colon + 1).trim();
            if (name.equals("content-type")) {
                contentType = value;
            } else if (name.equals("transfer-encoding") && value.toLowerCase(Locale.ROOT).contains("chunked")) {
                chunked = true;
            }
        }
        byte[] body = java.util.Arrays.copyOfRange(bytes, end + 4, bytes.length);
        return new Answer(status, contentType, new String(chunked ? dechunk(body) : body, StandardCharsets.UTF_8));
    }

    private static byte[] dechunk(byte[] chunked) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int at = 0;
        while (at < chunked.length) {
            int lineEnd = indexOf(chunked, "\r\n".getBytes(StandardCharsets.US_ASCII), at);
            if (lineEnd < 0) {
                break;
            }
            String sizeField = new String(chunked, at, lineEnd - at, StandardCharsets.US_ASCII).split(";")[0].trim();
            int size = Integer.parseInt(sizeField, 16);
            if (size == 0) {
                break;
            }
            out.write(chunked, lineEnd + 2, Math.min(size, chunked.length - lineEnd - 2));
            at = lineEnd + 2 + size + 2;
        }
        return out.toByteArray();
    }

    private static int indexOf(byte[] haystack, byte[] needle, int from) {
        outer:
        for (int i = from; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
