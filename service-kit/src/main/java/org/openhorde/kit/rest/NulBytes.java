package org.openhorde.kit.rest;

import jakarta.ws.rs.ConstrainedTo;
import jakarta.ws.rs.RuntimeType;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import org.openhorde.contracts.HordeException;
import org.openhorde.contracts.Rc;

/**
 * Refuses any JSON request body carrying a NUL character, raw or JSON-escaped ({@code \u0000}), as the AI Horde
 * does: nothing downstream (PostgreSQL text, worker prompts) can hold one. NULs in paths and queries are refused by
 * {@link RequestGuard}. Binary bodies are not JSON and are left alone.
 */
@Provider
@ConstrainedTo(RuntimeType.SERVER)
public class NulBytes implements ReaderInterceptor {

    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
        if (!isJson(context.getMediaType())) {
            return context.proceed();
        }
        byte[] body = context.getInputStream().readAllBytes();
        if (containsNul(body)) {
            throw new HordeException(Rc.NulByteInPayload,
                    "The payload contains a NUL character, which is not allowed.");
        }
        context.setInputStream(new ByteArrayInputStream(body));
        return context.proceed();
    }

    private static boolean isJson(MediaType type) {
        return type == null || type.isWildcardType() || type.getSubtype().equals("json")
                || type.getSubtype().endsWith("+json");
    }

    /** A raw 0 byte, or {@code \u0000} whose backslash is not itself escaped (an odd run of backslashes). */
    public static boolean containsNul(byte[] body) {
        int backslashes = 0;
        for (int i = 0; i < body.length; i++) {
            byte b = body[i];
            if (b == 0) {
                return true;
            }
            if (b == 'u' && backslashes % 2 == 1 && i + 4 < body.length && body[i + 1] == '0' && body[i + 2] == '0'
                    && body[i + 3] == '0' && body[i + 4] == '0') {
                return true;
            }
            backslashes = b == '\\' ? backslashes + 1 : 0;
        }
        return false;
    }
}
