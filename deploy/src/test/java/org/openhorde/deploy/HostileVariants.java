package org.openhorde.deploy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Derives malformed requests from an {@link OpenApiOperation}: first a plausible valid request (path, query,
 * headers and a body built from the schema), then one variant per change — a field of the wrong JSON type, a
 * duplicate key, a hostile string (NUL, RTL override, emoji, 100,000 characters, a lone surrogate) or boundary number
 * in a body field, path or query parameter or header, deep nesting, malformed JSON, an empty body, a wrong
 * Content-Type or Accept, an invalid percent-encoding. Which fields get which values is drawn from a seeded
 * {@link Random}, so a run reproduces exactly.
 */
final class HostileVariants {

    /**
     * The credentials a plausible request carries: a fresh user's key (and id), the operator's key; and another user
     * ({@code name#id}) to send kudos to.
     */
    record Credentials(String userKey, long userId, String username, String operatorKey, String recipient) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PLACEHOLDER = "@@hostile-value@@";
    private static final String HUGE = "x".repeat(100_000);
    private static final int NESTING = 10_000;

    /** Hostile strings, as JSON text (escaped where a raw byte would not be valid JSON). */
    private static final Map<String, String> HOSTILE_JSON_STRINGS = new TreeMap<>(Map.of(
            "NUL", "\"fuzz\\u0000nul\"",
            "RTL override", "\"\u202Eevil\u202C.png\"",
            "emoji", "\"\uD83E\uDD84\uD83D\uDD25\uD83D\uDC69\u200D\uD83D\uDC69\u200D\uD83D\uDC67\"",
            "100k chars", "\"" + HUGE + "\"",
            "10k chars", "\"" + "y".repeat(10_000) + "\"",
            "lone surrogate", "\"\\ud800fuzz\"",
            "empty", "\"\"",
            "blank", "\" \"",
            "percent NUL", "\"%00\"",
            "SQL quote", "\"' or 1=1 --\""));

    /** Hostile path/query values: already percent-encoded, or deliberately not (then only raw sockets send them). */
    private static final Map<String, String> HOSTILE_URL_VALUES = new TreeMap<>(Map.ofEntries(
            Map.entry("NUL", "fuzz%00nul"),
            Map.entry("RTL override", encode("\u202Eevil\u202C")),
            Map.entry("emoji", encode("\uD83E\uDD84\uD83D\uDD25")),
            Map.entry("100k chars", HUGE),
            Map.entry("invalid encoding %%00", "%%00"),
            Map.entry("invalid encoding %zz", "%zz"),
            Map.entry("truncated encoding %", "fuzz%"),
            Map.entry("overlong UTF-8 %C0%AF", "%C0%AF"),
            Map.entry("invalid UTF-8 %FF", "%FF%FE"),
            Map.entry("encoded slash", "..%2F..%2Fetc"),
            Map.entry("-1", "-1"),
            Map.entry("0", "0"),
            Map.entry("2^31", "2147483648"),
            Map.entry("2^63", "9223372036854775808"),
            Map.entry("1e308", "1e308"),
            Map.entry("10^30", "1000000000000000000000000000000"),
            Map.entry("NaN", "NaN"),
            Map.entry("blank", "%20")));

    /** Header values: the non-ASCII ones go out as raw UTF-8 bytes. */
    private static final Map<String, String> HOSTILE_HEADER_VALUES = new TreeMap<>(Map.of(
            "NUL", "fuzz\u0000nul",
            "RTL override", "\u202Eevil\u202C",
            "emoji", "\uD83E\uDD84\uD83D\uDD25",
            "100k chars", HUGE,
            "empty", "",
            "latin-1 byte", "caf\u00e9"));

    private static final List<String> BOUNDARY_NUMBERS = List.of("-1", "0", "2147483648", "9223372036854775808",
            "-9223372036854775809", "1e308", "1000000000000000000000000000000", "\"NaN\"", "1.5", "-0", "1e-400");

    private static final List<String> NON_BOOLEANS = List.of("-1", "1", "\"true\"", "1000000000000000000000000000000",
            "\"\"", "\" \"", "null", "{}", "[]");

    private final Random random;
    private final Credentials credentials;

    HostileVariants(Random random, Credentials credentials) {
        this.random = random;
        this.credentials = credentials;
    }

    /**
     * Every variant of one operation, the valid request first. {@code probe} sends the plausible request: while the
     * service names fields it refuses (the AI Horde's {@code errors} map, e.g. a worker list of unknown ids), those
     * fields are left out, so that each variant changes one thing in a request that otherwise gets past validation.
     */
    List<HostileRequest> of(OpenApiOperation operation,
                            java.util.function.Function<HostileRequest, HostileRequest.Answer> probe) {
        Builder base = new Builder(operation);
        if (base.bodyObject != null) {
            ObjectNode original = base.bodyObject.deepCopy();
            int status = 0;
            for (int attempt = 0; attempt < 12; attempt++) {
                HostileRequest.Answer answer = probe.apply(base.build("plausible request", "probe " + attempt));
                status = answer.status();
                Map<String, String> refused = refusedFields(answer);
                if (refused.isEmpty()) {
                    refused = fieldNamedIn(answer, base.bodyObject);
                }
                if (refused.isEmpty() || !repair(base.bodyObject, refused)) {
                    break;
                }
                base.body = base.bodyObject.toString();
            }
            if (status == 400) {
                // the repairs did not get past validation (e.g. a refused value, not a refused field): the body as
                // documented exercises more fields
                base.bodyObject = original;
                base.body = original.toString();
            }
        }
        List<HostileRequest> requests = new ArrayList<>();
        requests.add(base.build("valid request", "as documented"));

        requests.add(base.with(b -> b.header("Accept", "application/xml")).build("unsatisfiable Accept",
                "Accept: application/xml"));
        requests.add(base.with(b -> b.header("Accept", "text/html")).build("unsatisfiable Accept", "Accept: text/html"));
        requests.add(base.with(b -> b.method = "PATCH").build("method not allowed", "PATCH"));
        requests.add(base.with(b -> b.path = b.path + "/no-such-thing").build("unknown path", "/no-such-thing"));

        for (OpenApiOperation.Parameter parameter : operation.parameters()) {
            switch (parameter.in()) {
                case "path" -> HOSTILE_URL_VALUES.forEach((kind, value) -> requests.add(
                        base.with(b -> b.pathValues.put(parameter.name(), value))
                                .build("path param " + kind, "{" + parameter.name() + "} = " + shorten(value))));
                case "query" -> {
                    HOSTILE_URL_VALUES.forEach((kind, value) -> requests.add(
                            base.with(b -> b.query.put(parameter.name(), value))
                                    .build("query param " + kind, parameter.name() + "=" + shorten(value))));
                    requests.add(base.with(b -> b.extraQuery = "&" + parameter.name() + "=second")
                            .build("query param repeated", parameter.name() + " twice"));
                }
                case "header" -> {
                    HOSTILE_HEADER_VALUES.forEach((kind, value) -> requests.add(
                            base.with(b -> b.headerValues.put(parameter.name(), value))
                                    .build("header " + kind, parameter.name() + ": " + shorten(value))));
                    requests.add(base.with(b -> b.headerValues.remove(parameter.name()))
                            .build("header missing", "no " + parameter.name()));
                }
                default -> {
                    // cookies: none documented
                }
            }
        }
        if (operation.bodySchema() != null) {
            bodyVariants(operation, base, requests);
        }
        return requests;
    }

    private void bodyVariants(OpenApiOperation operation, Builder base, List<HostileRequest> requests) {
        String valid = base.body;
        requests.add(base.with(b -> b.body = "").build("empty body", "Content-Type: application/json, no bytes"));
        requests.add(base.with(b -> b.body = null).build("no body", "no Content-Type, no bytes"));
        for (String contentType : List.of("text/plain", "application/xml", "application/x-www-form-urlencoded",
                "multipart/form-data", "application/json; charset=UTF-16")) {
            requests.add(base.with(b -> b.contentType = contentType).build("wrong Content-Type",
                    "Content-Type: " + contentType));
        }
        requests.add(base.with(b -> b.contentType = null).build("wrong Content-Type", "no Content-Type"));
        Map<String, String> malformed = new TreeMap<>(Map.of(
                "unclosed object", "{",
                "missing value", "{\"a\":}",
                "single quotes", "{'a':1}",
                "trailing garbage", valid + "}}",
                "trailing comma", valid.substring(0, valid.length() - 1) + ",}",
                "truncated", valid.substring(0, valid.length() / 2),
                "NaN literal", "{\"a\":NaN}",
                "comment", "/* hi */" + valid));
        malformed.forEach((kind, body) -> requests.add(base.with(b -> b.body = body)
                .build("malformed JSON", kind + ": " + shorten(body))));
        requests.add(base.with(b -> b.bytes = invalidUtf8(valid)).build("malformed JSON", "invalid UTF-8 byte"));
        for (String top : List.of("[]", "\"fuzz\"", "null", "1", "true", "[" + valid + "]")) {
            requests.add(base.with(b -> b.body = top).build("body not an object", shorten(top)));
        }
        requests.add(base.with(b -> b.body = "[".repeat(NESTING) + "]".repeat(NESTING))
                .build("deep nesting", NESTING + " nested arrays as the body"));
        requests.add(base.with(b -> b.body = "{\"a\":".repeat(NESTING) + "1" + "}".repeat(NESTING))
                .build("deep nesting", NESTING + " nested objects as the body"));

        ObjectNode object = base.bodyObject;
        List<String> keys = new ArrayList<>();
        object.fieldNames().forEachRemaining(keys::add);
        List<String> documentedKeys = new ArrayList<>();
        base.documented.fieldNames().forEachRemaining(documentedKeys::add);
        if (!documentedKeys.isEmpty()) {
            // On the body with every documented field: Jackson builds a record as soon as it has seen all its
            // creator properties, so a key repeated after that is where it failed with a 500.
            String documented = base.documented.toString();
            String open = documented.substring(0, documented.length() - 1);
            requests.add(base.with(b -> b.body = open + ",\"" + documentedKeys.get(0) + "\":{}}")
                    .build("duplicate key", "last key repeats first '" + documentedKeys.get(0)
                            + "' as {}, every documented field present"));
            for (String key : sample(documentedKeys, 8)) {
                requests.add(base.with(b -> b.body = open + ",\"" + key + "\":{}}")
                        .build("duplicate key", "'" + key + "' again as {}, every documented field present"));
            }
        }
        if (!keys.isEmpty()) {
            String open = valid.substring(0, valid.length() - 1);
            for (String key : sample(keys, 4)) {
                requests.add(base.with(b -> b.body = open + ",\"" + key + "\":" + leafJson(object.get(key)) + "}")
                        .build("duplicate key", "'" + key + "' again, same value"));
            }
            requests.add(base.with(b -> b.body = "{\"" + keys.get(0) + "\":[]," + valid.substring(1))
                    .build("duplicate key", "first key '" + keys.get(0) + "' given twice, [] first"));
        }

        List<List<Object>> leaves = new ArrayList<>();
        collectLeaves(object, new ArrayList<>(), leaves);
        boolean modes = operation.path().endsWith("/status/modes");
        for (List<Object> leaf : leaves) {
            JsonNode value = at(object, leaf);
            String where = pathText(leaf);
            List<String> wrong = wrongTypes(value);
            for (String replacement : modes && value.isBoolean() ? wrong : sample(wrong, 4)) {
                requests.add(base.with(b -> b.body = replaced(object, leaf, replacement))
                        .build("body wrong type", where + " = " + shorten(replacement)));
            }
            if (value.isTextual()) {
                List<String> kinds = new ArrayList<>(HOSTILE_JSON_STRINGS.keySet());
                kinds.sort(null);
                List<String> chosen = new ArrayList<>(List.of("NUL", "100k chars"));
                kinds.removeAll(chosen);
                chosen.addAll(sample(kinds, 3));
                for (String kind : chosen) {
                    requests.add(base.with(b -> b.body = replaced(object, leaf, HOSTILE_JSON_STRINGS.get(kind)))
                            .build("body string " + kind, where));
                }
            }
            if (value.isNumber()) {
                List<String> chosen = new ArrayList<>(List.of("9223372036854775808"));
                List<String> others = new ArrayList<>(BOUNDARY_NUMBERS);
                others.removeAll(chosen);
                chosen.addAll(sample(others, 4));
                for (String number : chosen) {
                    requests.add(base.with(b -> b.body = replaced(object, leaf, number))
                            .build("body boundary number", where + " = " + number));
                }
            }
            if (value.isArray() && random.nextInt(3) == 0) {
                requests.add(base.with(b -> b.body = replaced(object, leaf,
                                "[" + "[".repeat(NESTING) + "]".repeat(NESTING) + "]"))
                        .build("deep nesting", NESTING + " nested arrays in " + where));
                requests.add(base.with(b -> b.body = replaced(object, leaf,
                                "[" + String.join(",", java.util.Collections.nCopies(100_000, "\"x\"")) + "]"))
                        .build("huge array", "100,000 items in " + where));
            }
        }
    }

    /** The fields a 4xx names in its {@code errors} map ({@code params.width}, {@code workers.0}), with why. */
    private static Map<String, String> refusedFields(HostileRequest.Answer answer) {
        Map<String, String> fields = new TreeMap<>();
        if (answer.status() < 400 || answer.status() >= 500) {
            return fields;
        }
        try {
            JSON.readTree(answer.body()).path("errors").fields()
                    .forEachRemaining(field -> fields.put(field.getKey(), field.getValue().asText()));
        } catch (JsonProcessingException | RuntimeException notJson) {
            // no field named: nothing to repair
        }
        return fields;
    }

    /**
     * Without an {@code errors} map, the field a 4xx message names by its JSON name ("source_image is not an image we
     * can read"): the longest field name of the body that the message contains as a word.
     */
    private static Map<String, String> fieldNamedIn(HostileRequest.Answer answer, ObjectNode body) {
        if (answer.status() < 400 || answer.status() >= 500) {
            return Map.of();
        }
        String message;
        try {
            message = JSON.readTree(answer.body()).path("message").asText("");
        } catch (JsonProcessingException | RuntimeException notJson) {
            return Map.of();
        }
        List<List<Object>> leaves = new ArrayList<>();
        collectLeaves(body, new ArrayList<>(), leaves);
        String named = null;
        for (List<Object> leaf : leaves) {
            if (leaf.get(leaf.size() - 1) instanceof String name && name.length() > 3
                    && java.util.regex.Pattern.compile("\\b" + java.util.regex.Pattern.quote(name) + "\\b")
                    .matcher(message).find()
                    && (named == null || pathText(leaf).length() > named.length())) {
                named = pathText(leaf).replaceAll("\\[(\\d+)]", ".$1");
            }
        }
        return named == null ? Map.of() : Map.of(named, message);
    }

    private static final java.util.regex.Pattern ONE_OF = java.util.regex.Pattern.compile("not one of \\['([^']*)'");
    private static final java.util.regex.Pattern BETWEEN =
            java.util.regex.Pattern.compile("not between (-?\\d+) and (-?\\d+)");

    /**
     * Each refused field takes the first value the message offers ("... is not one of ['a', 'b']", "... is not
     * between 1 and 20"), else leaves the request; whether anything changed.
     */
    private static boolean repair(ObjectNode body, Map<String, String> refused) {
        boolean changed = false;
        for (Map.Entry<String, String> field : refused.entrySet()) {
            String[] steps = field.getKey().split("\\.");
            JsonNode parent = body;
            for (int i = 0; i < steps.length - 1 && parent != null; i++) {
                parent = parent.isArray() && steps[i].matches("\\d+") ? parent.get(Integer.parseInt(steps[i]))
                        : parent.get(steps[i]);
            }
            String last = steps[steps.length - 1];
            java.util.regex.Matcher oneOf = ONE_OF.matcher(field.getValue());
            java.util.regex.Matcher between = BETWEEN.matcher(field.getValue());
            if (parent instanceof ObjectNode object && object.has(last)) {
                if (oneOf.find() && !oneOf.group(1).equals(object.path(last).asText())) {
                    object.put(last, oneOf.group(1));
                } else if (between.find()) {
                    object.put(last, Long.parseLong(between.group(1)));
                } else {
                    object.remove(last);
                }
                changed = true;
            } else if (parent instanceof ArrayNode && steps.length >= 2) {
                // an item of a list is refused: leave the whole list out
                changed |= repair(body, Map.of(String.join(".", java.util.Arrays.copyOf(steps, steps.length - 1)),
                        ""));
            }
        }
        return changed;
    }

    private List<String> wrongTypes(JsonNode value) {
        if (value.isBoolean()) {
            return NON_BOOLEANS;
        }
        if (value.isTextual()) {
            return List.of("12345", "true", "{}", "[\"fuzz\"]", "null");
        }
        if (value.isIntegralNumber()) {
            return List.of("\"1\"", "1.5", "true", "{}", "[]", "\"fuzz\"");
        }
        if (value.isNumber()) {
            return List.of("\"1.0\"", "true", "{}", "[]", "\"fuzz\"");
        }
        if (value.isArray()) {
            return List.of("\"fuzz\"", "1", "{}", "[{}]", "[[[]]]", "[null]");
        }
        return List.of("\"fuzz\"", "1", "[]", "true");
    }

    private <T> List<T> sample(List<T> from, int count) {
        List<T> pool = new ArrayList<>(from);
        List<T> chosen = new ArrayList<>();
        while (!pool.isEmpty() && chosen.size() < count) {
            chosen.add(pool.remove(random.nextInt(pool.size())));
        }
        return chosen;
    }

    // ------------------------------------------------------------------------------------------ the valid request

    /** A plausible valid request for an operation, changed one aspect at a time by {@link #with}. */
    private final class Builder {
        final OpenApiOperation operation;
        String method;
        String path;
        final Map<String, String> pathValues = new java.util.LinkedHashMap<>();
        final Map<String, String> query = new java.util.LinkedHashMap<>();
        String extraQuery = "";
        final Map<String, String> headerValues = new java.util.LinkedHashMap<>();
        final List<String[]> extraHeaders = new ArrayList<>();
        String contentType;
        String body;
        byte[] bytes;
        ObjectNode bodyObject;
        /** The body with every documented field, before any field was left out. */
        ObjectNode documented;

        Builder(OpenApiOperation operation) {
            this.operation = operation;
            this.method = operation.method();
            this.path = operation.path();
            for (OpenApiOperation.Parameter parameter : operation.parameters()) {
                String value = plausible(parameter.name(), parameter.type());
                switch (parameter.in()) {
                    case "path" -> pathValues.put(parameter.name(), value);
                    case "query" -> query.put(parameter.name(), value);
                    case "header" -> headerValues.put(parameter.name(), value);
                    default -> {
                    }
                }
            }
            if (headerValues.containsKey("apikey") && operatorOnly(operation)) {
                // the operator's key, so that these operations read their bodies at all
                headerValues.put("apikey", credentials.operatorKey());
            }
            if (operation.bodySchema() != null) {
                JsonNode sample = sample(operation, operation.bodySchema(), "body", 0);
                bodyObject = sample.isObject() ? (ObjectNode) sample : JSON.createObjectNode();
                documented = bodyObject.deepCopy();
                body = bodyObject.toString();
                contentType = "application/json";
            }
        }

        private Builder(Builder other) {
            operation = other.operation;
            method = other.method;
            path = other.path;
            pathValues.putAll(other.pathValues);
            query.putAll(other.query);
            extraQuery = other.extraQuery;
            headerValues.putAll(other.headerValues);
            extraHeaders.addAll(other.extraHeaders);
            contentType = other.contentType;
            body = other.body;
            bytes = other.bytes;
            bodyObject = other.bodyObject;
            documented = other.documented;
        }

        Builder with(java.util.function.Consumer<Builder> change) {
            Builder copy = new Builder(this);
            change.accept(copy);
            return copy;
        }

        void header(String name, String value) {
            extraHeaders.add(new String[] {name, value});
        }

        HostileRequest build(String variant, String detail) {
            String target = path;
            for (Map.Entry<String, String> value : pathValues.entrySet()) {
                target = target.replace("{" + value.getKey() + "}", value.getValue());
            }
            StringBuilder queryString = new StringBuilder();
            query.forEach((name, value) -> queryString.append(queryString.isEmpty() ? "?" : "&")
                    .append(name).append('=').append(value));
            if (!extraQuery.isEmpty()) {
                queryString.append(queryString.isEmpty() ? "?" + extraQuery.substring(1) : extraQuery);
            }
            List<String[]> headers = new ArrayList<>();
            headerValues.forEach((name, value) -> headers.add(new String[] {name, value}));
            headers.addAll(extraHeaders);
            byte[] payload = bytes != null ? bytes : body == null ? null : body.getBytes(StandardCharsets.UTF_8);
            return new HostileRequest(operation, variant, detail, method, target + queryString, headers,
                    contentType, payload);
        }
    }

    private static boolean operatorOnly(OpenApiOperation operation) {
        return operation.path().contains("/operator/")
                || operation.method().equals("PUT") && operation.path().endsWith("/status/modes");
    }

    /** A value the operation would plausibly accept for a parameter, by its name and type. */
    private String plausible(String name, String type) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.equals("apikey")) {
            return credentials.userKey();
        }
        if (lower.equals("client-agent")) {
            return "hostile-input-it:1:openhorde";
        }
        if (lower.endsWith("userid")) {
            return Long.toString(credentials.userId());
        }
        if (lower.equals("idempotency-key") || lower.endsWith("id") && !lower.endsWith("userid")
                && type.equals("string")) {
            return new UUID(random.nextLong(), random.nextLong()).toString();
        }
        return switch (type) {
            // a numeric id is a user id (kudos-service): the fuzzer's own, never the operator's (id 1), whose flags
            // other ITs rely on
            case "integer", "number" -> lower.contains("user") || lower.equals("id")
                    ? Long.toString(credentials.userId()) : "1";
            case "boolean" -> "false";
            default -> switch (lower) {
                case "type" -> "image";
                case "model_state" -> "known";
                default -> "fuzz-" + Integer.toHexString(random.nextInt(0x10000));
            };
        };
    }

    /** A plausible JSON value for a schema; field names pick values a service would accept. */
    private JsonNode sample(OpenApiOperation operation, JsonNode schema, String name, int depth) {
        JsonNode resolved = operation.resolve(schema);
        String type = resolved == null ? "" : resolved.path("type").asText("");
        String lower = name.toLowerCase(Locale.ROOT);
        if (resolved != null && (type.equals("object") || resolved.has("properties"))) {
            ObjectNode object = JSON.createObjectNode();
            if (depth < 4) {
                for (Iterator<Map.Entry<String, JsonNode>> fields = resolved.path("properties").fields();
                     fields.hasNext(); ) {
                    Map.Entry<String, JsonNode> field = fields.next();
                    object.set(field.getKey(), sample(operation, field.getValue(), field.getKey(), depth + 1));
                }
            }
            return object;
        }
        if (type.equals("array")) {
            ArrayNode array = JSON.createArrayNode();
            array.add(sample(operation, resolved.path("items"), lower.equals("models") ? "model" : name, depth + 1));
            return array;
        }
        if (type.equals("boolean")) {
            return JSON.getNodeFactory().booleanNode(false);
        }
        if (type.equals("integer")) {
            long value = switch (lower) {
                case "width", "height" -> 64;
                case "max_pixels", "maxpixels" -> 262_144;
                // internal kudos amounts are centikudos; a pop's amount is a number of images
                case "kudos", "amount" -> !operation.publicApi() && operation.path().contains("kudos") ? 100 : 1;
                default -> lower.endsWith("userid") ? credentials.userId() : 1;
            };
            return JSON.getNodeFactory().numberNode(value);
        }
        if (type.equals("number")) {
            return JSON.getNodeFactory().numberNode(lower.equals("cfg_scale") || lower.equals("cfgscale") ? 7.5 : 1.0);
        }
        if (resolved != null && "uuid".equals(resolved.path("format").asText())) {
            return JSON.getNodeFactory().textNode(new UUID(random.nextLong(), random.nextLong()).toString());
        }
        String text = switch (lower) {
            case "model" -> "hostile-input-model";
            case "username" -> operation.path().contains("/kudos/") ? credentials.recipient()
                    : "fuzz" + Integer.toHexString(random.nextInt(0x1000000));
            case "target" -> credentials.recipient();
            case "imagekey" -> new UUID(random.nextLong(), random.nextLong()) + "_src.webp";
            case "maskkey" -> new UUID(random.nextLong(), random.nextLong()) + "_msk.webp";
            case "apikey" -> credentials.userKey();
            case "state" -> "ok";
            case "generation" -> "R2";
            case "seed" -> "1234";
            case "prompt" -> "a lighthouse in a hostile storm";
            case "sampler_name", "samplername" -> "k_euler_a";
            case "bridge_agent", "bridgeagent" -> "hostile-input-it:1:openhorde";
            case "name" -> "fuzz-worker-" + Integer.toHexString(random.nextInt(0x1000000));
            case "id", "jobid", "requestid" -> new UUID(random.nextLong(), random.nextLong()).toString();
            default -> "fuzz";
        };
        return JSON.getNodeFactory().textNode(text);
    }

    // ------------------------------------------------------------------------------------------ JSON plumbing

    /** Every value below the root, by path (field names and array indexes). */
    private static void collectLeaves(JsonNode node, List<Object> path, List<List<Object>> leaves) {
        if (!path.isEmpty()) {
            leaves.add(List.copyOf(path));
        }
        if (node.isObject()) {
            node.fieldNames().forEachRemaining(field -> {
                path.add(field);
                collectLeaves(node.get(field), path, leaves);
                path.remove(path.size() - 1);
            });
        } else if (node.isArray() && !node.isEmpty()) {
            path.add(0);
            collectLeaves(node.get(0), path, leaves);
            path.remove(path.size() - 1);
        }
    }

    private static JsonNode at(JsonNode root, List<Object> path) {
        JsonNode node = root;
        for (Object step : path) {
            node = step instanceof Integer index ? node.get(index) : node.get((String) step);
        }
        return node;
    }

    /** The body with the value at {@code path} replaced by raw JSON text (which may be invalid on purpose). */
    private static String replaced(ObjectNode root, List<Object> path, String rawJson) {
        JsonNode copy = root.deepCopy();
        JsonNode parent = at(copy, path.subList(0, path.size() - 1));
        Object last = path.get(path.size() - 1);
        if (last instanceof Integer index) {
            ((ArrayNode) parent).set(index, PLACEHOLDER);
        } else {
            ((ObjectNode) parent).put((String) last, PLACEHOLDER);
        }
        return copy.toString().replace("\"" + PLACEHOLDER + "\"", rawJson);
    }

    private static String leafJson(JsonNode value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String pathText(List<Object> path) {
        StringBuilder text = new StringBuilder();
        for (Object step : path) {
            text.append(step instanceof Integer index ? "[" + index + "]" : (text.isEmpty() ? "" : ".") + step);
        }
        return text.toString();
    }

    /** The valid body with one string's first character replaced by a byte that is never valid UTF-8. */
    private static byte[] invalidUtf8(String valid) {
        byte[] bytes = valid.getBytes(StandardCharsets.UTF_8);
        int quote = valid.indexOf(":\"");
        byte[] result = bytes.clone();
        result[quote < 0 ? 1 : quote + 2] = (byte) 0xC3;
        if (quote >= 0 && quote + 3 < result.length) {
            result[quote + 3] = (byte) 0x28;
        }
        return result;
    }

    /** Percent-encodes every byte that is not unreserved (RFC 3986). */
    static String encode(String value) {
        StringBuilder out = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || "-._~".indexOf(c) >= 0) {
                out.append((char) c);
            } else {
                out.append('%').append(String.format("%02X", c));
            }
        }
        return out.toString();
    }

    static String shorten(String text) {
        String printable = text.replace("\u0000", "\\0");
        return printable.length() > 60 ? printable.substring(0, 40) + "...(" + printable.length() + " chars)"
                : printable;
    }
}
