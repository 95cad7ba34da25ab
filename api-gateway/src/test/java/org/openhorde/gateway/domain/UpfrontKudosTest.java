package org.openhorde.gateway.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openhorde.contracts.HordeException;
import org.openhorde.contracts.events.ImageParams;
import org.openhorde.contracts.events.ImageRequestSpec;
import org.openhorde.contracts.internal.UserAccount;

/** Pins the AI Horde's upfront-kudos rule: when a request needs kudos in hand, and how allow_downgrade shrinks it. */
class UpfrontKudosTest {

    private final UpfrontKudos upfront = new UpfrontKudos(1024, 40);
    private final ObjectMapper json = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private ImageRequestSpec spec(String params, String extra) throws Exception {
        return GenerationInputRules.toSpec(json.readValue("{\"prompt\":\"a\",\"params\":{" + params + "}" + extra
                + "}", GenerationInput.class), UUID.randomUUID());
    }

    private static UserAccount holding(long centikudos) {
        return new UserAccount(7, "u", false, false, false, false, false, centikudos, 30, Map.of(), null,
                Instant.EPOCH);
    }

    @Test
    void whatNeedsKudosInHand() throws Exception {
        assertFalse(upfront.needsKudosInHand(spec("\"width\":1024,\"height\":1024,\"steps\":40", "")));
        assertTrue(upfront.needsKudosInHand(spec("\"width\":1088,\"height\":1024", "")));
        assertTrue(upfront.needsKudosInHand(spec("\"steps\":41", "")));
        assertTrue(upfront.needsKudosInHand(spec("\"steps\":21,\"sampler_name\":\"k_dpmpp_sde\"", "")));
        assertFalse(upfront.needsKudosInHand(spec("\"steps\":20,\"sampler_name\":\"k_dpm_2\"", "")));
        assertFalse(upfront.needsKudosInHand(spec("\"steps\":5,\"sampler_name\":\"k_dpm_adaptive\"", "")),
                "k_dpm_adaptive counts as 40 steps");
        assertTrue(upfront.needsKudosInHand(spec("\"steps\":11,\"sampler_name\":\"lcm\"", "")));
        assertTrue(upfront.needsKudosInHand(spec("\"steps\":21,\"control_type\":\"canny\"",
                ",\"source_image\":\"aGVsbG8=\"")));
        assertTrue(upfront.needsKudosInHand(spec("", ",\"slow_workers\":false")));
    }

    @Test
    void kudosInHandLetTheRequestThroughUnchanged() throws Exception {
        ImageRequestSpec large = spec("\"width\":2048,\"height\":2048,\"steps\":100", "");
        UpfrontKudos.Admitted admitted = upfront.admit(large, holding(1_000), 1_000);
        assertEquals(large, admitted.spec());
        assertEquals(List.of(), admitted.warnings());
    }

    @Test
    void withoutThemTheRequestIsRefusedWithThePrice() throws Exception {
        HordeException e = assertThrows(HordeException.class,
                () -> upfront.admit(spec("\"steps\":41", ""), holding(999), 1_000));
        assertEquals(403, e.httpStatus());
        assertEquals("KudosUpfront", e.error().rc());
        assertTrue(e.error().message().endsWith("This request requires 10.0 kudos to fulfil."));
    }

    @Test
    void allowDowngradeShrinksAreaStepsAndAllowsSlowWorkers() throws Exception {
        UpfrontKudos.Admitted admitted = upfront.admit(spec("\"width\":2048,\"height\":1024,\"steps\":80,"
                + "\"sampler_name\":\"k_heun\"", ",\"allow_downgrade\":true,\"slow_workers\":false"), holding(0), 1);
        ImageParams params = admitted.spec().params();
        assertEquals(1408, params.width());
        assertEquals(704, params.height());
        assertEquals(15, params.steps(), "k_heun counts double: 15 steps are 30");
        assertTrue(admitted.spec().slowWorkers());
        assertEquals(UpfrontKudos.DOWNGRADED, admitted.warnings().get(0).code());
        assertFalse(upfront.needsKudosInHand(admitted.spec()));
    }

    @Test
    void aDowngradeKeepsAtLeast512AndFiveSteps() throws Exception {
        ImageParams params = upfront.admit(spec("\"width\":3072,\"height\":384,\"steps\":500,\"sampler_name\":\"lcm\"",
                ",\"allow_downgrade\":true"), holding(0), 1).spec().params();
        assertEquals(2880, params.width());
        assertEquals(512, params.height(), "scaled to 320, but never below 512 (as the AI Horde)");
        assertEquals(10, params.steps());
    }
}
