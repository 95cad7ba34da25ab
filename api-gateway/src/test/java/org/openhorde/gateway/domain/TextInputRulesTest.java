package org.openhorde.gateway.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.openhorde.contracts.HordeException;
import org.openhorde.contracts.events.TextRequestSpec;
import org.openhorde.contracts.internal.JobSubmission;
import org.openhorde.contracts.internal.PopRequest;

/** Pins text request validation (schema limits, the AI Horde's text rc codes), its defaults, and the scribe's pop. */
class TextInputRulesTest {

    private final ObjectMapper json = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private TextRequestSpec spec(String body) throws Exception {
        return TextInputRules.toSpec(json.readValue(body, TextGenerationInput.class));
    }

    private String refused(String body) throws Exception {
        TextGenerationInput input = json.readValue(body, TextGenerationInput.class);
        return assertThrows(HordeException.class, () -> TextInputRules.toSpec(input)).error().rc();
    }

    @Test
    void aBarePromptGetsTheAiHordesDefaults() throws Exception {
        TextRequestSpec spec = spec("{\"prompt\":\"Once upon a time\"}");
        assertEquals(1, spec.params().n());
        assertEquals(80, spec.params().maxLength());
        assertEquals(2048, spec.params().maxContextLength());
        assertTrue(spec.validatedBackends());
        assertTrue(spec.slowWorkers());
        assertTrue(spec.models().isEmpty(), "no models: any text model");
        assertNull(spec.softprompt());
    }

    @Test
    void schemaLimitsAreReportedTogether() throws Exception {
        TextGenerationInput input = json.readValue("{\"prompt\":\"x\",\"params\":{\"n\":21,\"max_length\":8,"
                + "\"temperature\":6}}", TextGenerationInput.class);
        HordeException e = assertThrows(HordeException.class, () -> TextInputRules.toSpec(input));
        assertEquals(400, e.httpStatus());
        assertTrue(e.error().errors().keySet().containsAll(java.util.List.of("params.n", "params.max_length",
                "params.temperature")), e.error().errors().toString());
        assertEquals("BadRequest", refused("{\"params\":{}}"), "a prompt is required");
    }

    @Test
    void theTextRulesAnswerTheirOwnCodes() throws Exception {
        assertEquals("TokenOverflow", refused("{\"prompt\":\"x\",\"params\":{\"max_length\":512,"
                + "\"max_context_length\":256}}"));
        assertEquals("MissingFullSamplerOrder", refused("{\"prompt\":\"x\",\"params\":{\"sampler_order\":[6,0,1]}}"));
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 129; i++) {
            many.append(i == 0 ? "" : ",").append("\"s").append(i).append('"');
        }
        assertEquals("TooManyStopSequences", refused("{\"prompt\":\"x\",\"params\":{\"stop_sequence\":[" + many
                + "]}}"));
        assertEquals("ExcessiveStopSequence", refused("{\"prompt\":\"x\",\"params\":{\"stop_sequence\":[\""
                + "a".repeat(2001) + "\"]}}"));
        assertEquals("InvalidExtraSourceImages.", refused("{\"prompt\":\"x\",\"extra_source_images\":[{}]}"));
    }

    @Test
    void aScribesPopTakesTheAiHordesDefaultsAndTheCommonRules() {
        PopRequest pop = TextWorkerRules.toPopRequest(new TextPopInput("scribe", null, null,
                java.util.List.of("koboldcpp/LLaMA2-13B"), null, null, null, null, null, null, null, null, null));
        assertTrue(pop.text());
        assertEquals(512, pop.maxLength());
        assertEquals(2048, pop.maxContextLength());
        assertThrows(HordeException.class, () -> TextWorkerRules.toPopRequest(new TextPopInput("scribe", null, null,
                null, null, null, null, null, null, null, null, null, null)), "models are required, as for images");
    }

    @Test
    void aSubmissionCarriesTheTextAndDefaultsTheSeedToZero() {
        JobSubmission submission = TextWorkerRules.toSubmission(new TextSubmitInput(
                "8b3b8d0e-8a2c-4f3e-9d7e-1b2c3d4e5f60", "the end", "ok", null, null), 7);
        assertEquals("the end", submission.text());
        assertEquals("0", submission.seed());
        assertNull(TextWorkerRules.toSubmission(new TextSubmitInput("8b3b8d0e-8a2c-4f3e-9d7e-1b2c3d4e5f60", "x",
                "faulted", null, null), 7).text(), "a faulted job delivers no text");
    }
}
