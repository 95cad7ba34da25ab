package org.openhorde.gateway.rest;

import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * The API's own documentation where the AI Horde serves it: its OpenAPI document at {@code /api/swagger.json} (the
 * document Quarkus generates at {@code /q/openapi}, in JSON), and Swagger UI at {@code /api/} (Quarkus' own UI at
 * {@code /q/swagger-ui}, which reads that document). Swagger UI is not moved to {@code /api}: its handler would take
 * every path below it, {@code /api/v2/...} included.
 */
@ApplicationScoped
public class ApiDocumentRoutes {

    static final String SWAGGER_JSON = "/api/swagger.json";
    static final String SWAGGER_UI = "/q/swagger-ui/";

    void install(@Observes Router router) {
        router.get(SWAGGER_JSON).handler(context -> {
            // The generated document's own handler answers JSON when asked for it by the Accept header.
            context.request().headers().set(HttpHeaders.ACCEPT, "application/json");
            context.reroute("/q/openapi");
        });
        for (String path : new String[] {"/api", "/api/"}) {
            router.get(path).handler(context -> context.response().setStatusCode(302)
                    .putHeader(HttpHeaders.LOCATION, SWAGGER_UI).end());
        }
    }
}
