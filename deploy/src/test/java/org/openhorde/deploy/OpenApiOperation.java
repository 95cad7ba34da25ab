package org.openhorde.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * One operation (method + path template) of a service, as its own OpenAPI document describes it: its parameters and
 * the schema of its JSON request body, with every {@code $ref} left to {@link #resolve}.
 *
 * @param service    the service's short name, for reports
 * @param baseUrl    where the service listens
 * @param publicApi  the AI Horde API (errors carry an {@code rc}), as opposed to an internal service
 * @param bodySchema the JSON request body's schema, or null when the operation takes none
 */
record OpenApiOperation(String service, String baseUrl, boolean publicApi, String method, String path,
                        List<Parameter> parameters, JsonNode bodySchema, JsonNode document) {

    /** A path, query or header parameter and its JSON schema type ({@code string}, {@code integer}, ...). */
    record Parameter(String in, String name, String type) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    /** Every operation in the OpenAPI document that the service at {@code baseUrl} serves. */
    static List<OpenApiOperation> of(String service, String baseUrl, boolean publicApi) {
        JsonNode document = fetch(baseUrl + "/q/openapi?format=json");
        List<OpenApiOperation> operations = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = document.path("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            List<Parameter> shared = parameters(path.getValue().path("parameters"));
            for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
                Map.Entry<String, JsonNode> op = ops.next();
                if (op.getKey().equals("parameters")) {
                    continue;
                }
                List<Parameter> parameters = new ArrayList<>(shared);
                parameters.addAll(parameters(op.getValue().path("parameters")));
                JsonNode body = op.getValue().path("requestBody").path("content").path("application/json")
                        .path("schema");
                operations.add(new OpenApiOperation(service, baseUrl, publicApi, op.getKey().toUpperCase(),
                        path.getKey(), List.copyOf(parameters), body.isMissingNode() ? null : body, document));
            }
        }
        if (operations.isEmpty()) {
            throw new IllegalStateException(service + " documents no operation at " + baseUrl);
        }
        return operations;
    }

    /** The schema itself when it is a {@code $ref} to {@code #/components/schemas/...}. */
    JsonNode resolve(JsonNode schema) {
        JsonNode current = schema;
        for (int hops = 0; current != null && current.has("$ref") && hops < 10; hops++) {
            current = document.at(current.path("$ref").asText().substring(1));
        }
        return current;
    }

    /** {@code GET /api/v2/workers/{id}} on the gateway: how reports name the operation. */
    String label() {
        return service + " " + method + " " + path;
    }

    private static List<Parameter> parameters(JsonNode list) {
        List<Parameter> parameters = new ArrayList<>();
        for (JsonNode parameter : list) {
            parameters.add(new Parameter(parameter.path("in").asText(), parameter.path("name").asText(),
                    parameter.path("schema").path("type").asText("string")));
        }
        return parameters;
    }

    private static JsonNode fetch(String url) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(url + " answered " + response.statusCode());
            }
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + url, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
