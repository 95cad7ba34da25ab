package org.openhorde.gateway.rest;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The horde's own state, as AI Horde clients probe it. */
@Path("/api/v2/status")
@Produces(MediaType.APPLICATION_JSON)
public class StatusResource {

    private final Heartbeat heartbeat;

    StatusResource(@ConfigProperty(name = "quarkus.application.version") String version) {
        this.heartbeat = new Heartbeat("OK", version);
    }

    public record Heartbeat(String message, String version) {
    }

    @GET
    @Path("/heartbeat")
    public Heartbeat heartbeat() {
        return heartbeat;
    }
}
