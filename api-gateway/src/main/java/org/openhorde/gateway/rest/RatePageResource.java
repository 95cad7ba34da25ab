package org.openhorde.gateway.rest;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code GET /rate}: the rating web page, one static file that drives the public ratings API ({@code /api/v1})
 * from the browser, anonymously or with the API key the user typed in (kept in the browser's localStorage).
 */
@Path("/rate")
@Tag(name = "ratings")
public class RatePageResource {

    private static final String PAGE = load();

    @GET
    @Produces(MediaType.TEXT_HTML + ";charset=utf-8")
    @Operation(operationId = "get_rate_page", summary = "The rating web page",
            description = "One static HTML page that drives the public ratings API (/api/v1) from the browser, "
                    + "anonymously or with the API key the user typed in.")
    @APIResponse(responseCode = "200", description = "The page",
            content = @Content(mediaType = MediaType.TEXT_HTML))
    @APIResponse(responseCode = "429", description = "Too many calls (rate limit, with Retry-After); rc: "
            + "TooManyRequests", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = ApiErrors.class)))
    public String page() {
        return PAGE;
    }

    private static String load() {
        try (InputStream in = RatePageResource.class.getResourceAsStream("/rate-page/rate.html")) {
            if (in == null) {
                throw new IllegalStateException("rate-page/rate.html is missing from the gateway's resources");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
