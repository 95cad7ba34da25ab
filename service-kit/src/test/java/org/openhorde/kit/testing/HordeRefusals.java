package org.openhorde.kit.testing;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * What every service's hostile-input test asserts, in one place (shipped in the kit's test-jar): a refusal is a 4xx
 * in the AI Horde's JSON shape, and a request line can be sent byte for byte where HTTP clients refuse to.
 */
public final class HordeRefusals {

    private HordeRefusals() {
    }

    /** One HTTP answer read off a raw socket. */
    public record RawAnswer(int status, String contentType, String body) {
    }

    /** A 4xx in the AI Horde's shape: JSON whatever was accepted, with a message and the expected rc. */
    public static ValidatableResponse refused(ValidatableResponse response, int status, String rc) {
        return response.statusCode(status).statusCode(lessThan(500))
                .contentType(startsWith("application/json"))
                .body("message", notNullValue())
                .body("rc", equalTo(rc));
    }

    /** POSTs a JSON body exactly as written (repeated keys, NUL escapes, cut-off documents...). */
    public static ValidatableResponse postJson(String path, String json) {
        return given().contentType(ContentType.JSON).body(json).post(path).then();
    }

    /**
     * Sends a request line as written, byte for byte, to the application under test: HTTP clients (RestAssured,
     * java.net) refuse to send an invalid percent-encoding at all.
     */
    public static RawAnswer raw(String method, String target) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", RestAssured.port)) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write((method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Accept: application/json\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int headersEnd = answer.indexOf("\r\n\r\n");
            String head = answer.substring(0, headersEnd);
            String contentType = head.lines()
                    .filter(line -> line.toLowerCase(Locale.ROOT).startsWith("content-type:"))
                    .map(line -> line.substring("content-type:".length()).strip()).findFirst().orElse("");
            return new RawAnswer(Integer.parseInt(head.split(" ")[1]), contentType, answer.substring(headersEnd + 4));
        }
    }

    /** A raw GET of {@code target} is a 400 in the AI Horde's JSON shape with the given rc. */
    public static void refusedRaw(String target, String rc) throws IOException {
        RawAnswer answer = raw("GET", target);
        assertEquals(400, answer.status(), target);
        assertTrue(answer.contentType().startsWith("application/json"), answer.contentType());
        assertEquals(rc, JsonPath.from(answer.body()).getString("rc"), answer.body());
        assertNotNull(JsonPath.from(answer.body()).getString("message"), answer.body());
    }
}
