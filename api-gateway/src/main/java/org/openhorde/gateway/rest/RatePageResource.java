package org.openhorde.gateway.rest;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * {@code GET /rate}: the rating web page, one static file that drives the public ratings API ({@code /api/v1})
 * from the browser, anonymously or with the API key the user typed in (kept in the browser's localStorage).
 */
@Path("/rate")
public class RatePageResource {

    private static final String PAGE = load();

    @GET
    @Produces(MediaType.TEXT_HTML + ";charset=utf-8")
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
