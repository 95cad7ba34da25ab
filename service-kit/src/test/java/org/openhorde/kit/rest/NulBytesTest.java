package org.openhorde.kit.rest;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Pins NUL detection: raw or JSON-escaped NULs are found, an escaped backslash followed by "u0000" is text. */
class NulBytesTest {

    private static boolean nul(String body) {
        return NulBytes.containsNul(body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void findsRawAndEscapedNuls() {
        assertTrue(nul("{\"prompt\":\"a\u0000b\"}"));
        assertTrue(nul("{\"prompt\":\"a\\u0000b\"}"));
        assertTrue(nul("{\"prompt\":\"a\\\\\\u0000b\"}"));
    }

    @Test
    void ignoresLookalikes() {
        assertFalse(nul("{\"prompt\":\"a\\\\u0000b\"}"));
        assertFalse(nul("{\"prompt\":\"u0000 and \\u0001\"}"));
        assertFalse(nul("{\"prompt\":\"a cat\"}"));
    }
}
