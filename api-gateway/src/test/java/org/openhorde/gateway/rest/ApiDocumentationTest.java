package org.openhorde.gateway.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.junit.jupiter.api.Test;
import org.openhorde.contracts.Rc;
import org.openhorde.gateway.domain.LimitedRoute;

/**
 * Pins that the API documents itself: every public route of the gateway (found by reflection over its resources,
 * not read from the document) is in the OpenAPI document with an operationId, a summary, a description and one of
 * the AI Horde's tags; every {@code rc} a response names answers that response's status; and, for the routes whose
 * answers are documented, every status the gateway is seen to answer (probed here with no key, a bad body and its
 * services down) is documented. The document is also served at {@code /api/swagger.json}, Swagger UI behind
 * {@code /api/}.
 */
@QuarkusTest
class ApiDocumentationTest {

    private static final Set<String> TAGS = Set.of("generate", "interrogate", "workers", "users", "kudos", "status",
            "stats", "documents", "styles", "collections", "ratings");

    /** The resources whose every answer is documented (the others: operation, summary and tag only, so far). */
    private static final List<Class<?>> FULLY_DOCUMENTED = List.of(StylesResource.class, CollectionsResource.class,
            DatasetImportResource.class, FiltersResource.class, OperationsResource.class, RatePageResource.class,
            SharedKeyResource.class, TeamResource.class, WorkerMessagesResource.class,
            StatusResource.class, UserResource.class, WorkersResource.class, WorkerResource.class,
            KudosResource.class, StatsResource.class, TextStatsResource.class, DocumentsResource.class,
            AestheticsResource.class, GenerateResource.class, InterrogateResource.class, RatingsResource.class,
            TextGenerateResource.class);

    /** Single routes of the other resources whose every answer is documented. */
    private static final Set<String> FULLY_DOCUMENTED_ROUTES = Set.of();

    private static boolean fullyDocumented(Route route) {
        return FULLY_DOCUMENTED.contains(route.resource())
                || FULLY_DOCUMENTED_ROUTES.contains(route.method() + " " + route.path());
    }

    private static final Pattern RCS = Pattern.compile("rc: ([A-Za-z., ]+)");

    private record Route(String method, String path, Class<?> resource, Method handler) {
    }

    private static List<Route> routes() {
        List<Route> routes = new ArrayList<>();
        for (Class<?> resource : List.of(AestheticsResource.class, CollectionsResource.class,
                DatasetImportResource.class, DocumentsResource.class, FiltersResource.class, GenerateResource.class,
                InterrogateResource.class, KudosResource.class, OperationsResource.class, RatePageResource.class,
                RatingsResource.class, SharedKeyResource.class, StatsResource.class, StatusResource.class,
                StylesResource.class, TeamResource.class, TextGenerateResource.class, TextStatsResource.class,
                UserResource.class, WorkerMessagesResource.class, WorkerResource.class, WorkersResource.class)) {
            String base = resource.getAnnotation(Path.class).value();
            for (Method method : resource.getDeclaredMethods()) {
                String http = httpMethod(method);
                if (http == null) {
                    continue;
                }
                Path path = method.getAnnotation(Path.class);
                String full = (base + (path == null ? "" : "/" + path.value())).replaceAll("/+", "/");
                routes.add(new Route(http, full.endsWith("/") && full.length() > 1
                        ? full.substring(0, full.length() - 1) : full, resource, method));
            }
        }
        return routes;
    }

    private static String httpMethod(Method method) {
        for (Class<? extends Annotation> http : List.of(GET.class, POST.class, PUT.class, DELETE.class,
                PATCH.class)) {
            if (method.isAnnotationPresent(http)) {
                return http.getSimpleName().toLowerCase();
            }
        }
        return null;
    }

    private static JsonPath document() {
        return given().get("/q/openapi?format=json").then().statusCode(200).extract().jsonPath();
    }

    private static Map<String, Object> operation(JsonPath document, Route route) {
        Map<String, Map<String, Object>> paths = document.getMap("paths");
        Map<String, Object> path = paths.get(route.path());
        @SuppressWarnings("unchecked")
        Map<String, Object> operation = path == null ? null : (Map<String, Object>) path.get(route.method());
        return operation;
    }

    @Test
    void everyRouteHasAnOperationIdASummaryADescriptionAndAnAiHordeTag() {
        JsonPath document = document();
        List<String> problems = new ArrayList<>();
        Set<String> operationIds = new HashSet<>();
        for (Route route : routes()) {
            Map<String, Object> operation = operation(document, route);
            if (operation == null) {
                problems.add(route + " is not in the document");
                continue;
            }
            String id = (String) operation.get("operationId");
            if (id == null || !operationIds.add(id)) {
                problems.add(route + " has no unique operationId: " + id);
            }
            for (String field : List.of("summary", "description")) {
                if (!(operation.get(field) instanceof String text) || text.isBlank()) {
                    problems.add(route + " has no " + field);
                }
            }
            List<?> tags = (List<?>) operation.get("tags");
            if (tags == null || tags.size() != 1 || !TAGS.contains(tags.get(0))) {
                problems.add(route + " is not tagged with one of the AI Horde's areas: " + tags);
            }
        }
        assertEquals(List.of(), problems, String.join("\n", problems));
    }

    @Test
    void everyRcADocumentedResponseNamesAnswersItsStatus() {
        JsonPath document = document();
        List<String> problems = new ArrayList<>();
        for (Route route : routes()) {
            Map<String, Object> operation = operation(document, route);
            @SuppressWarnings("unchecked")
            Map<String, Map<String, Object>> responses = operation == null ? Map.of()
                    : (Map<String, Map<String, Object>>) operation.getOrDefault("responses", Map.of());
            responses.forEach((status, response) -> {
                Matcher rcs = RCS.matcher(String.valueOf(response.get("description")));
                while (rcs.find()) {
                    for (String rc : rcs.group(1).split(",")) {
                        String name = rc.strip().replaceAll("\\.$", "");
                        if (name.isEmpty()) {
                            continue;
                        }
                        try {
                            int answered = Rc.valueOf(name).httpStatus();
                            if (answered != Integer.parseInt(status)) {
                                problems.add(route + ": " + name + " is " + answered + ", documented under " + status);
                            }
                        } catch (IllegalArgumentException unknown) {
                            problems.add(route + ": " + name + " is no rc of ours");
                        }
                    }
                }
            });
        }
        assertEquals(List.of(), problems, String.join("\n", problems));
    }

    /**
     * Every route the rate limiter counts (all but those marked exempt: every route without limits of its own gets the
     * default, decision 0041) documents the limiter's 429 {@code TooManyRequests}: no probe here sends enough calls to
     * see it, so the rule is read from the routes themselves.
     */
    @Test
    void everyRateLimitedRouteDocumentsTheLimitersAnswer() {
        JsonPath document = document();
        List<String> problems = new ArrayList<>();
        int limited = 0;
        for (Route route : routes()) {
            RateLimited named = route.handler().getAnnotation(RateLimited.class);
            if (named != null && named.value() == LimitedRoute.EXEMPT) {
                continue;
            }
            limited++;
            Map<String, Object> operation = operation(document, route);
            @SuppressWarnings("unchecked")
            Map<String, Map<String, Object>> responses = operation == null ? Map.of()
                    : (Map<String, Map<String, Object>>) operation.getOrDefault("responses", Map.of());
            Map<String, Object> tooMany = responses.get("429");
            if (tooMany == null || !String.valueOf(tooMany.get("description")).contains("TooManyRequests")) {
                problems.add(route.method() + " " + route.path() + " does not document 429 TooManyRequests");
            }
        }
        assertEquals(List.of(), problems, String.join("\n", problems));
        assertTrue(limited > 50, "only " + limited + " rate-limited routes found");
    }

    /**
     * The statuses the gateway answers, seen: each fully documented route probed with no key, a key nobody has, and
     * an empty and a malformed body, while job-service and kudos-service are down (this profile's clients point at
     * nothing), must all be documented.
     */
    @Test
    void everyStatusTheGatewayIsSeenToAnswerIsDocumented() {
        JsonPath document = document();
        List<String> problems = new ArrayList<>();
        for (Route route : routes()) {
            if (!fullyDocumented(route)) {
                continue;
            }
            Map<String, Object> operation = operation(document, route);
            @SuppressWarnings("unchecked")
            Set<String> documented = ((Map<String, Object>) operation.get("responses")).keySet();
            String concrete = route.path().replaceAll("\\{[^}]+}", "00000000-0000-0000-0000-000000000000");
            Set<Integer> seen = new TreeSet<>();
            for (String key : new String[] {null, "no-such-key-0000"}) {
                for (String body : new String[] {"{}", "{\"name\":\"\"}", "[1"}) {
                    var request = given().contentType(ContentType.JSON).body(body);
                    if (key != null) {
                        request.header("apikey", key);
                    }
                    Response answer = request.request(route.method().toUpperCase(), concrete);
                    seen.add(answer.statusCode());
                }
            }
            for (int status : seen) {
                if (!documented.contains(String.valueOf(status))) {
                    problems.add(route + " answered " + status + " which it does not document " + documented);
                }
            }
        }
        assertEquals(List.of(), problems, String.join("\n", problems));
    }

    @Test
    void theImageRequestDocumentsItsAcceptedAnswer() {
        JsonPath document = document();
        assertTrue(document.getMap("paths.'/api/v2/generate/async'.post.responses").containsKey("202"));
        assertEquals("post_image_async_generate", document.getString("paths.'/api/v2/generate/async'.post.operationId"));
        assertEquals(List.of("generate"), document.getList("paths.'/api/v2/generate/async'.post.tags"));
    }

    /** The resources whose main (success) JSON answer of every route carries an example. */
    private static final List<Class<?>> EXAMPLED = List.of(AestheticsResource.class, GenerateResource.class,
            InterrogateResource.class, RatingsResource.class, TextGenerateResource.class);

    /**
     * The first 2xx answer with a JSON body of each route of {@link #EXAMPLED} shows an example, parsed (an object or
     * an array, not a string the document would show as text); routes without a modelled JSON success body (a redirect,
     * the moderators' routes whose answers are not yet modelled) are skipped.
     */
    @Test
    @SuppressWarnings("unchecked")
    void theMainAnswerOfEveryExampledRouteHasAParsedExample() {
        JsonPath document = document();
        List<String> problems = new ArrayList<>();
        int examples = 0;
        for (Route route : routes()) {
            if (!EXAMPLED.contains(route.resource()) || answersFreeJson(route)) {
                continue;
            }
            Map<String, Map<String, Object>> responses = (Map<String, Map<String, Object>>)
                    operation(document, route).get("responses");
            Map<String, Object> success = new TreeSet<>(responses.keySet()).stream()
                    .filter(status -> status.startsWith("2"))
                    .map(status -> (Map<String, Object>) responses.get(status).get("content"))
                    .filter(content -> content != null && content.get("application/json") != null)
                    .map(content -> (Map<String, Object>) content.get("application/json"))
                    .filter(ApiDocumentationTest::modelled)
                    .findFirst().orElse(null);
            if (success == null) {
                continue;
            }
            if (!(success.get("examples") instanceof Map<?, ?> named) || named.isEmpty()) {
                problems.add(route + " shows no example of its answer");
                continue;
            }
            for (Object example : named.values()) {
                Object value = ((Map<String, Object>) example).get("value");
                if (!(value instanceof Map<?, ?>) && !(value instanceof List<?>)) {
                    problems.add(route + "'s example is no parsed JSON: " + value);
                }
                examples++;
            }
        }
        assertEquals(List.of(), problems, String.join("\n", problems));
        assertTrue(examples >= 21, "only " + examples + " examples found");
    }

    /**
     * Whether the route's method answers rating-service's JSON as it is (a {@code JsonNode}) while the document does
     * not model it (the moderators' ratings routes, so far).
     */
    private static boolean answersFreeJson(Route route) {
        for (Method method : route.resource().getDeclaredMethods()) {
            Path path = method.getAnnotation(Path.class);
            String full = (route.resource().getAnnotation(Path.class).value() + (path == null ? "" : "/" + path.value()))
                    .replaceAll("/+", "/");
            if (route.method().equals(httpMethod(method)) && route.path().equals(full)) {
                return method.getGenericReturnType().getTypeName().contains("JsonNode")
                        && Arrays.stream(method.getAnnotationsByType(APIResponse.class))
                        .filter(answer -> answer.responseCode().startsWith("2"))
                        .allMatch(answer -> answer.content().length == 0);
            }
        }
        return false;
    }

    /** A JSON answer whose schema is a component, or an array of one (not a free JSON object). */
    @SuppressWarnings("unchecked")
    private static boolean modelled(Map<String, Object> json) {
        Map<String, Object> schema = (Map<String, Object>) json.get("schema");
        return schema != null && (schema.containsKey("$ref")
                || schema.get("items") instanceof Map<?, ?> items && items.containsKey("$ref"));
    }

    /** The request bodies whose every field, nested ones included, must say what it is. */
    private static final List<String> DESCRIBED_BODIES = List.of("/api/v2/generate/async",
            "/api/v2/generate/text/async", "/api/v2/interrogate/async", "/api/v2/generate/pop",
            "/api/v2/generate/text/pop", "/api/v2/interrogate/pop", "/api/v2/generate/submit",
            "/api/v2/generate/text/submit", "/api/v2/interrogate/submit");

    @Test
    void everyFieldOfTheGenerationAndWorkerBodiesHasADescription() {
        JsonPath document = document();
        Map<String, Object> schemas = document.getMap("components.schemas");
        List<String> undescribed = new ArrayList<>();
        int fields = 0;
        for (String path : DESCRIBED_BODIES) {
            Map<String, Object> body = document.getMap("paths.'" + path + "'.post.requestBody.content."
                    + "'application/json'.schema");
            assertTrue(body != null, path + " documents no JSON request body");
            fields += collectUndescribed(path, body, schemas, new HashSet<>(), undescribed);
        }
        assertEquals(List.of(), undescribed, String.join("\n", undescribed));
        // Guards the walk itself: a document whose bodies lost their properties must not pass as described.
        assertTrue(fields > 100, "only " + fields + " fields found in the documented bodies");
    }

    /** The answers (and the kudos transfer body) whose every field must say what it is, by component name. */
    private static final List<String> DESCRIBED_COMPONENTS = List.of("KudosInput", "UserDetails", "WorkerView",
            "RequestStatusCheck", "RequestStatusStable", "RequestStatusKobold", "InterrogationStatusAnswer",
            "GenerationPayload", "TextGenerationPayload", "InterrogationPopPayload", "HordePerformance",
            "HordeModesView", "ActiveModel");

    @Test
    void everyFieldOfTheStatusUserWorkerAndPopAnswersHasADescription() {
        JsonPath document = document();
        Map<String, Object> schemas = document.getMap("components.schemas");
        List<String> undescribed = new ArrayList<>();
        for (String component : DESCRIBED_COMPONENTS) {
            assertTrue(schemas.containsKey(component), component + " is not in the document: " + schemas.keySet());
            int fields = collectUndescribed(component, Map.of("$ref", "#/components/schemas/" + component), schemas,
                    new HashSet<>(), undescribed);
            assertTrue(fields > 0, component + " shows no fields");
        }
        assertEquals(List.of(), undescribed, String.join("\n", undescribed));
    }

    /** Walks a schema through $ref, allOf and array items; returns the number of properties seen. */
    @SuppressWarnings("unchecked")
    private static int collectUndescribed(String where, Map<String, Object> schema, Map<String, Object> schemas,
                                          Set<String> visited, List<String> undescribed) {
        if (schema == null) {
            return 0;
        }
        int fields = 0;
        Object ref = schema.get("$ref");
        if (ref instanceof String name && visited.add(name)) {
            String component = name.substring(name.lastIndexOf('/') + 1);
            fields += collectUndescribed(where, (Map<String, Object>) schemas.get(component), schemas, visited,
                    undescribed);
        }
        if (schema.get("allOf") instanceof List<?> parts) {
            for (Object part : parts) {
                fields += collectUndescribed(where, (Map<String, Object>) part, schemas, visited, undescribed);
            }
        }
        if (schema.get("items") instanceof Map<?, ?> items) {
            fields += collectUndescribed(where, (Map<String, Object>) items, schemas, visited, undescribed);
        }
        if (schema.get("properties") instanceof Map<?, ?> properties) {
            for (Map.Entry<?, ?> property : properties.entrySet()) {
                Map<String, Object> field = (Map<String, Object>) property.getValue();
                fields++;
                if (!(field.get("description") instanceof String text) || text.isBlank()) {
                    undescribed.add(where + " " + property.getKey());
                }
                fields += collectUndescribed(where + " " + property.getKey(), field, schemas, visited, undescribed);
            }
        }
        return fields;
    }

    @Test
    void theDocumentIsServedWhereTheAiHordeServesItWithSwaggerUi() {
        given().get("/api/swagger.json").then().statusCode(200).contentType(containsString("json"))
                .body("info.title", equalTo("OpenHorde AI Horde API v2"));
        given().redirects().follow(false).get("/api/").then().statusCode(302)
                .header("Location", equalTo("/q/swagger-ui/"));
        given().get("/q/swagger-ui/").then().statusCode(200).body(containsString("swagger"));
    }
}
