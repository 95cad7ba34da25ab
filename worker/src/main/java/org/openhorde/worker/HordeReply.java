package org.openhorde.worker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;

/**
 * What the horde answered to one call, or that it could not be reached. The AI Horde worker distinguishes exactly
 * these cases: an answer, a refusal with {@code {message, rc}}, and a horde that is down or overloaded.
 */
public record HordeReply(Kind kind, int status, JsonNode body, String problem) {

    public enum Kind {
        /** 2xx with a JSON body. */
        OK,
        /** 4xx other than 429: the horde refused this call; retrying the same call may or may not help. */
        REFUSED,
        /** Connection failed, timed out, 5xx, or 429: the horde is down or overloaded; wait and try again. */
        UNREACHABLE
    }

    static HordeReply ok(int status, JsonNode body) {
        return new HordeReply(Kind.OK, status, body, null);
    }

    static HordeReply answered(int status, JsonNode body) {
        if (status >= 200 && status < 300) {
            return ok(status, body);
        }
        String message = body.path("message").asText("HTTP " + status);
        if (status >= 500 || status == 429) {
            return new HordeReply(Kind.UNREACHABLE, status, body, "HTTP " + status + ": " + message);
        }
        return new HordeReply(Kind.REFUSED, status, body, message);
    }

    static HordeReply unreachable(Exception cause) {
        String what = cause.getMessage() == null ? cause.getClass().getSimpleName()
                : cause.getClass().getSimpleName() + ": " + cause.getMessage();
        return new HordeReply(Kind.UNREACHABLE, 0, MissingNode.getInstance(), what);
    }

    /** The AI Horde's return code, when the horde sent one. */
    public String rc() {
        return body.path("rc").asText("");
    }

    public String message() {
        return problem == null ? "" : problem;
    }
}
