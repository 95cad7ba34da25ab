package org.openhorde.kit.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openhorde.contracts.HordeException;

/** Pins the identifier length checks: the limit itself passes, one more character is a 400 naming the field. */
class InputLimitsTest {

    @Test
    void aValueAtTheLimitPassesAndOneLongerIsABadRequest() {
        assertEquals("a".repeat(100), InputLimits.requireAtMost("name", "a".repeat(100), 100));
        HordeException refused = assertThrows(HordeException.class,
                () -> InputLimits.requireAtMost("name", "a".repeat(101), 100));
        assertEquals(400, refused.httpStatus());
        assertEquals("BadRequest", refused.error().rc());
        assertTrue(refused.error().errors().containsKey("name"));
        InputLimits.requireAtMost("name", null, 1);
    }

    @Test
    void listsNameTheirFirstOffendingElement() {
        Map<String, String> errors = new LinkedHashMap<>();
        InputLimits.eachAtMost(errors, "blacklist", List.of("ok", "x".repeat(11), "y".repeat(12)), 10);
        assertEquals(List.of("blacklist.1"), List.copyOf(errors.keySet()));
    }
}
