package org.openhorde.gateway.client;

import jakarta.ws.rs.client.ClientRequestContext;
import jakarta.ws.rs.client.ClientRequestFilter;
import jakarta.ws.rs.client.ClientResponseContext;
import jakarta.ws.rs.client.ClientResponseFilter;
import jakarta.ws.rs.ext.Provider;
import org.openhorde.gateway.rest.GatewayOverhead;

/**
 * On every REST client (a {@link Provider} is registered with all of them): adds the time each internal call took,
 * from its request to its answer, to the public call it was made for, so that {@link GatewayOverhead} can take it
 * out of the gateway's own time.
 */
@Provider
public class DownstreamTiming implements ClientRequestFilter, ClientResponseFilter {

    private static final String STARTED = "openhorde.downstream-started";

    @Override
    public void filter(ClientRequestContext request) {
        GatewayOverhead.Call call = GatewayOverhead.current();
        if (call != null) {
            request.setProperty(GatewayOverhead.CALL, call);
            request.setProperty(STARTED, System.nanoTime());
        }
    }

    @Override
    public void filter(ClientRequestContext request, ClientResponseContext response) {
        if (request.getProperty(GatewayOverhead.CALL) instanceof GatewayOverhead.Call call
                && request.getProperty(STARTED) instanceof Long started) {
            call.addDownstream(System.nanoTime() - started);
        }
    }
}
