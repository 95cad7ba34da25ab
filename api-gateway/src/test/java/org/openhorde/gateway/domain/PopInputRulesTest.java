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
import org.openhorde.contracts.internal.PopRequest;

/** Pins an image worker's pop: the AI Horde's parser defaults and its limits. */
class PopInputRulesTest {

    private final ObjectMapper json = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private PopRequest pop(String body) throws Exception {
        return PopInputRules.toPopRequest(json.readValue(body, PopInput.class));
    }

    private HordeException refused(String body) throws Exception {
        PopInput input = json.readValue(body, PopInput.class);
        return assertThrows(HordeException.class, () -> PopInputRules.toPopRequest(input));
    }

    @Test
    void absentFieldsTakeTheParserDefaults() throws Exception {
        PopRequest pop = pop("{\"name\":\"  my-worker \",\"models\":[\"stable_diffusion\"]}");
        assertEquals("my-worker", pop.name());
        assertEquals(List.of("stable_diffusion"), pop.models());
        assertTrue(pop.nsfw());
        assertEquals(1, pop.threads());
        assertEquals(1, pop.amount());
        assertEquals(262_144, pop.maxPixels());
        assertEquals("unknown:0:unknown", pop.bridgeAgent());
        assertTrue(pop.allowImg2img());
        assertTrue(pop.allowPainting());
        assertTrue(pop.allowUnsafeIpaddr());
        assertTrue(pop.allowPostProcessing());
        assertFalse(pop.allowControlnet());
        assertFalse(pop.allowSdxlControlnet());
        assertFalse(pop.allowLora());
        assertFalse(pop.requireUpfrontKudos());
        assertFalse(pop.extraSlowWorker());
        assertFalse(pop.limitMaxSteps());
        assertEquals(List.of(), pop.priorityUsernames());
        assertEquals(List.of(), pop.blacklist());
    }

    @Test
    void whatReGenSendsIsKept() throws Exception {
        PopRequest pop = pop("""
                {"name":"w","priority_usernames":["alice#12"],"nsfw":false,
                 "models":["stable_diffusion","AlbedoBase XL"],
                 "bridge_agent":"AI Horde Worker reGen:9.0.2:https://github.com/Haidra-Org/horde-worker-reGen",
                 "threads":2,"amount":4,"max_pixels":1048576,"blacklist":["cat"],"allow_img2img":false,
                 "allow_controlnet":true,"allow_sdxl_controlnet":true,"allow_lora":true,"extra_slow_worker":true}
                """);
        assertEquals(List.of("alice#12"), pop.priorityUsernames());
        assertFalse(pop.nsfw());
        assertEquals(2, pop.threads());
        assertEquals(4, pop.amount());
        assertEquals(1_048_576, pop.maxPixels());
        assertFalse(pop.allowImg2img());
        assertTrue(pop.allowControlnet());
        assertTrue(pop.allowSdxlControlnet());
        assertTrue(pop.allowLora());
        assertTrue(pop.extraSlowWorker());
        assertEquals(List.of("cat"), pop.blacklist());
    }

    @Test
    void limitsAreEnforced() throws Exception {
        assertEquals("'name' is a required property",
                refused("{\"models\":[\"stable_diffusion\"]}").error().errors().get("name"));
        assertEquals("'models' is a required property", refused("{\"name\":\"w\"}").error().errors().get("models"));
        assertTrue(refused("{\"name\":\"w\",\"models\":[]}").error().errors().containsKey("models"));
        assertEquals("TooLongWorkerName",
                refused("{\"name\":\"" + "w".repeat(101) + "\",\"models\":[\"sd1\"]}").error().rc());
        assertEquals("InvalidPriorityUsername",
                refused("{\"name\":\"w\",\"models\":[\"sd15\"],\"priority_usernames\":[\"alice\"]}").error().rc());
        HordeException ranges = refused("{\"name\":\"w\",\"models\":[\"sd15\"],\"threads\":51,\"amount\":21}");
        assertEquals("51 is greater than the maximum of 50", ranges.error().errors().get("threads"));
        assertEquals("21 is greater than the maximum of 20", ranges.error().errors().get("amount"));
    }
}
