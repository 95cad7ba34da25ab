package org.openhorde.gateway.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openhorde.contracts.HordeException;
import org.openhorde.contracts.internal.JobSubmission;

/** Pins a worker's submission: seeds as numbers or text, states, malformed job ids, and which images are stored. */
class SubmitRulesTest {

    private final ObjectMapper json = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private SubmitInput input(String body) throws Exception {
        return json.readValue(body, SubmitInput.class);
    }

    @Test
    void aReGenSubmissionIsUnderstood() throws Exception {
        UUID jobId = UUID.randomUUID();
        SubmitInput input = input("{\"id\":\"" + jobId + "\",\"generation\":\"R2\",\"state\":\"ok\",\"seed\":1234,"
                + "\"gen_metadata\":[]}");
        JobSubmission submission = SubmitRules.toSubmission(input, 7);
        assertEquals(new JobSubmission(7, jobId, "ok", "1234", false), submission);
        assertTrue(SubmitRules.inlineGeneration(input, submission.state()).isEmpty(), "R2 was uploaded already");
    }

    @Test
    void stateDefaultsToOkAndSeedMayBeText() throws Exception {
        JobSubmission submission = SubmitRules.toSubmission(
                input("{\"id\":\"" + UUID.randomUUID() + "\",\"seed\":\"42\",\"censored\":true}"), 7);
        assertEquals("ok", submission.state());
        assertEquals("42", submission.seed());
        assertTrue(submission.censored());
    }

    @Test
    void onlyDeliveredImagesAreStoredInline() throws Exception {
        SubmitInput input = input("{\"id\":\"" + UUID.randomUUID() + "\",\"generation\":\"UklGRg==\",\"seed\":1}");
        assertEquals("UklGRg==", SubmitRules.inlineGeneration(input, "ok").orElseThrow().base64());
        assertTrue(SubmitRules.inlineGeneration(input, "censored").isPresent());
        assertFalse(SubmitRules.inlineGeneration(input, "csam").isPresent());
        assertFalse(SubmitRules.inlineGeneration(input, "faulted").isPresent());
    }

    @Test
    void badSubmissionsAreRefused() throws Exception {
        SubmitInput malformedId = input("{\"id\":\"not-a-job\",\"seed\":1}");
        HordeException unknown = assertThrows(HordeException.class, () -> SubmitRules.toSubmission(malformedId, 7));
        assertEquals("InvalidJobID", unknown.error().rc());
        assertEquals(404, unknown.httpStatus());

        SubmitInput noSeed = input("{\"id\":\"" + UUID.randomUUID() + "\",\"state\":\"great\"}");
        HordeException invalid = assertThrows(HordeException.class, () -> SubmitRules.toSubmission(noSeed, 7));
        assertEquals("'seed' is a required property", invalid.error().errors().get("seed"));
        assertTrue(invalid.error().errors().get("state").startsWith("'great' is not one of"));
    }
}
