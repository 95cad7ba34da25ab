package org.openhorde.gateway.client;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.net.URL;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.openhorde.contracts.HordeException;
import org.openhorde.contracts.Rc;

/**
 * Pins the relay of internal errors: an AI Horde error body answered by a peer becomes the very same status, rc
 * and message; an unreachable peer becomes 503 ServiceUnavailable. The gateway itself serves as the answering peer.
 */
@QuarkusTest
class InternalErrorsTest {

    @TestHTTPResource("/api/v2/status")
    URL gateway;

    @Test
    void anErrorBodyIsRelayedUnchanged() throws Exception {
        KudosService peer = QuarkusRestClientBuilder.newBuilder().baseUri(gateway.toURI()).build(KudosService.class);
        String message = given().get(gateway + "/internal/users/5").then().statusCode(404).extract().path("message");

        HordeException relayed = assertThrows(HordeException.class,
                () -> peer.user(5).await().atMost(Duration.ofSeconds(30)));

        assertEquals(404, relayed.httpStatus());
        assertEquals(Rc.ThingNotFound.name(), relayed.error().rc());
        assertEquals(message, relayed.error().message());
    }

    @Test
    void anUnreachablePeerIsServiceUnavailable() {
        KudosService closed = QuarkusRestClientBuilder.newBuilder().baseUri(URI.create("http://127.0.0.1:1"))
                .build(KudosService.class);

        Throwable failure = assertThrows(Throwable.class, () -> closed.user(5)
                .onFailure().transform(InternalErrors.unreachable(KudosService.NAME))
                .await().atMost(Duration.ofSeconds(30)));

        HordeException unavailable = assertInstanceOf(HordeException.class, failure);
        assertEquals(503, unavailable.httpStatus());
        assertEquals(Rc.ServiceUnavailable.name(), unavailable.error().rc());
    }
}
