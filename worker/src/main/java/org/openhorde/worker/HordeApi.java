package org.openhorde.worker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The worker's side of the AI Horde API v2: pop, download the source, upload to the presigned URL, submit. */
final class HordeApi {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);
    /** Uploads go to S3, not to the horde; a large image on a slow line needs longer. */
    private static final Duration UPLOAD_TIMEOUT = Duration.ofSeconds(120);

    private final HttpClient http;
    private final URI base;
    private final String apiKey;
    private final String clientAgent;

    HordeApi(URI base, String apiKey, String clientAgent) {
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).version(HttpClient.Version.HTTP_1_1)
                .build();
        this.base = base;
        this.apiKey = apiKey;
        this.clientAgent = clientAgent;
    }

    HordeReply pop(ObjectNode popBody) throws InterruptedException {
        return post("/api/v2/generate/pop", popBody);
    }

    HordeReply submit(ObjectNode submitBody) throws InterruptedException {
        return post("/api/v2/generate/submit", submitBody);
    }

    HordeReply interrogationPop(ObjectNode popBody) throws InterruptedException {
        return post("/api/v2/interrogate/pop", popBody);
    }

    HordeReply interrogationSubmit(ObjectNode submitBody) throws InterruptedException {
        return post("/api/v2/interrogate/submit", submitBody);
    }

    HordeReply textPop(ObjectNode popBody) throws InterruptedException {
        return post("/api/v2/generate/text/pop", popBody);
    }

    HordeReply textSubmit(ObjectNode submitBody) throws InterruptedException {
        return post("/api/v2/generate/text/submit", submitBody);
    }

    /**
     * GETs a source image from its presigned URL; at most {@code maxBytes} (the horde never stores a larger source,
     * so more is not an image it sent). The bytes come back in {@link Download#bytes()} on success.
     */
    Download download(String url, int maxBytes) throws InterruptedException {
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(URI.create(url)).timeout(UPLOAD_TIMEOUT).GET().build();
        } catch (IllegalArgumentException badUrl) {
            return new Download(HordeReply.answered(400, JSON.createObjectNode()
                    .put("message", "source URL unusable: " + badUrl.getMessage())), null);
        }
        try {
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() >= 200 && response.statusCode() < 300) {
                if (response.body().length > maxBytes) {
                    return new Download(HordeReply.answered(413, JSON.createObjectNode()
                            .put("message", "source larger than " + maxBytes + " bytes")), null);
                }
                return new Download(HordeReply.ok(response.statusCode(), MissingNode.getInstance()), response.body());
            }
            ObjectNode body = JSON.createObjectNode().put("message",
                    abbreviate(new String(response.body(), java.nio.charset.StandardCharsets.UTF_8)));
            return new Download(HordeReply.answered(response.statusCode(), body), null);
        } catch (IOException e) {
            return new Download(HordeReply.unreachable(e), null);
        }
    }

    /** A download's outcome, and its bytes when it succeeded. */
    record Download(HordeReply reply, byte[] bytes) {
    }

    /** PUTs the image to a presigned URL. No Content-Type: the signature covers none, and S3 would reject one. */
    HordeReply upload(String presignedUrl, byte[] image) throws InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(presignedUrl)).timeout(UPLOAD_TIMEOUT)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(image)).build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 200 && response.statusCode() < 300) {
                return HordeReply.ok(response.statusCode(), MissingNode.getInstance());
            }
            // S3 answers in XML; keep its text as the message.
            ObjectNode body = JSON.createObjectNode().put("message", abbreviate(response.body()));
            return HordeReply.answered(response.statusCode(), body);
        } catch (IOException e) {
            return HordeReply.unreachable(e);
        }
    }

    /** GETs a presigned source URL (a remix's extra source image); the bytes, or null when it could not be read. */
    byte[] download(String presignedUrl) throws InterruptedException {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(presignedUrl)).timeout(CALL_TIMEOUT).GET().build();
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            return response.statusCode() == 200 ? response.body() : null;
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
    }

    /** GETs an API path with the owner's key (the web console's {@code find_user} and worker details). */
    HordeReply get(String path) throws InterruptedException {
        return call(HttpRequest.newBuilder(base.resolve(path)).timeout(CALL_TIMEOUT).GET());
    }

    /** PUTs a JSON body to an API path with the owner's key (the web console's maintenance switch). */
    HordeReply put(String path, ObjectNode body) throws InterruptedException {
        try {
            return call(HttpRequest.newBuilder(base.resolve(path)).timeout(CALL_TIMEOUT)
                    .header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body))));
        } catch (IOException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }

    private HordeReply call(HttpRequest.Builder request) throws InterruptedException {
        request.header("apikey", apiKey).header("Client-Agent", clientAgent);
        try {
            HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            return HordeReply.answered(response.statusCode(), parse(response.body(), response.statusCode()));
        } catch (IOException e) {
            return HordeReply.unreachable(e);
        }
    }

    private HordeReply post(String path, ObjectNode body) throws InterruptedException {
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(base.resolve(path)).timeout(CALL_TIMEOUT)
                    .header("apikey", apiKey)
                    .header("Client-Agent", clientAgent)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body))).build();
        } catch (IOException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
        try {
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            return HordeReply.answered(response.statusCode(), parse(response.body(), response.statusCode()));
        } catch (IOException e) {
            return HordeReply.unreachable(e);
        }
    }

    /** A proxy in front of a horde may answer an error page instead of JSON; its text becomes the message. */
    private static JsonNode parse(byte[] body, int status) {
        try {
            JsonNode node = JSON.readTree(body);
            return node == null ? MissingNode.getInstance() : node;
        } catch (IOException notJson) {
            return JSON.createObjectNode().put("message",
                    "HTTP " + status + ": " + abbreviate(new String(body, java.nio.charset.StandardCharsets.UTF_8)));
        }
    }

    private static String abbreviate(String text) {
        String oneLine = text.replaceAll("\\s+", " ").strip();
        return oneLine.length() > 200 ? oneLine.substring(0, 200) + "..." : oneLine;
    }
}
