package org.openhorde.gateway.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openhorde.contracts.HordeException;
import org.openhorde.contracts.events.TextRequestSpec;

/**
 * Pins the AI Horde's upfront-kudos rule for text: the free token count by load, which requests need kudos in hand,
 * their upfront price, and how allow_downgrade shrinks them.
 */
class TextUpfrontKudosTest {

    private final ObjectMapper json = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private TextRequestSpec spec(String params, String extra) throws Exception {
        return TextInputRules.toSpec(json.readValue("{\"prompt\":\"a\",\"params\":{" + params + "}" + extra + "}",
                TextGenerationInput.class));
    }

    @Test
    void theFreeTokensFollowTheLoadBetween256And512() {
        assertEquals(512, new TextUpfrontKudos(0, 0).freeTokens());
        assertEquals(512, new TextUpfrontKudos(0, 40).freeTokens(), "never more than 512");
        assertEquals(422, new TextUpfrontKudos(100, 0).freeTokens(), "512 - round(100 × 0.9)");
        assertEquals(472, new TextUpfrontKudos(100, 10).freeTokens(), "+5 per thread");
        assertEquals(256, new TextUpfrontKudos(1000, 2).freeTokens(), "never fewer than 256");
    }

    @Test
    void whatNeedsKudosInHand() throws Exception {
        TextUpfrontKudos quiet = new TextUpfrontKudos(0, 0);
        assertFalse(quiet.needsKudosInHand(spec("\"max_length\":512", "")));
        assertTrue(quiet.needsKudosInHand(spec("\"max_length\":513,\"max_context_length\":1024", "")));
        assertTrue(quiet.needsKudosInHand(spec("\"max_length\":16", ",\"slow_workers\":false")));
        TextUpfrontKudos busy = new TextUpfrontKudos(200, 0);
        assertTrue(busy.needsKudosInHand(spec("\"max_length\":400", "")), "332 tokens are free on a busy horde");
    }

    @Test
    void theUpfrontPriceIsForTheBiggestModelNamed() throws Exception {
        assertEquals(2000 * 3, TextUpfrontKudos.upfrontPrice(spec("\"n\":3,\"max_length\":600,"
                + "\"max_context_length\":1024", "")), "no model: 20 kudos a generation");
        assertEquals(Math.round(600 * 70 / 21.0 * 100), TextUpfrontKudos.upfrontPrice(spec("\"max_length\":600,"
                + "\"max_context_length\":1024", ",\"models\":[\"tiny-1B\",\"Llama-3-70B-Instruct\"]")));
        assertEquals(Math.round(600 / 21.0 * 100), TextUpfrontKudos.upfrontPrice(spec("\"max_length\":600,"
                + "\"max_context_length\":1024", ",\"models\":[\"mystery-model\"]")), "unknown size counts as 1B");
    }

    @Test
    void withoutKudosInHandTheRequestIsRefusedWithThePrice() throws Exception {
        TextRequestSpec big = spec("\"max_length\":1024,\"max_context_length\":2048", "");
        HordeException e = assertThrows(HordeException.class, () -> new TextUpfrontKudos(0, 0).admit(big, 1999,
                false));
        assertEquals(403, e.httpStatus());
        assertEquals("KudosUpfront", e.error().rc());
        assertTrue(e.error().message().contains("for requests over 512 tokens"), e.error().message());
        assertTrue(e.error().message().endsWith("This request requires 20.0 kudos to fulfil."), e.error().message());
        assertEquals(big, new TextUpfrontKudos(0, 0).admit(big, 2000, false).spec(), "kudos in hand: unchanged");
    }

    @Test
    void allowDowngradeShrinksTheLengthAndAllowsSlowWorkers() throws Exception {
        TextUpfrontKudos.Admitted admitted = new TextUpfrontKudos(100, 0).admit(spec("\"max_length\":1024,"
                + "\"max_context_length\":4096", ",\"slow_workers\":false"), 0, true);
        assertEquals(422, admitted.spec().params().maxLength());
        assertEquals(4096, admitted.spec().params().maxContextLength(), "the context is left as asked");
        assertTrue(admitted.spec().slowWorkers());
        assertEquals(List.of(UpfrontKudos.DOWNGRADED), admitted.warnings().stream()
                .map(GenerationInputRules.RequestWarning::code).toList());
        assertFalse(new TextUpfrontKudos(100, 0).needsKudosInHand(admitted.spec()));
    }
}
