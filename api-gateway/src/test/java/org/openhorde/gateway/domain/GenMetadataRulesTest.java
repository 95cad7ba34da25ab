package org.openhorde.gateway.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openhorde.contracts.HordeException;
import org.openhorde.contracts.events.GenerationMetadata;

/** Pins the AI Horde's schema of a text submit's gen_metadata, its limit of 50, and the csam entry it adds. */
class GenMetadataRulesTest {

    @Test
    void entriesAreKeptAsSent() {
        assertEquals(List.of(new GenerationMetadata("censorship", "csam", "rule-7")),
                GenMetadataRules.text(List.of(Map.of("type", "censorship", "value", "csam", "ref", "rule-7")),
                        "censored"));
        assertEquals(List.of(), GenMetadataRules.text(null, "ok"));
    }

    @Test
    void aCsamSubmitWithoutItsEntryGetsOne() {
        assertEquals(List.of(GenMetadataRules.CSAM), GenMetadataRules.text(null, "csam"));
        assertEquals(List.of(GenMetadataRules.CSAM), GenMetadataRules.text(List.of(Map.of("type", "censorship",
                "value", "csam")), "csam"), "not twice");
    }

    @Test
    void entriesOutsideTheSchemaAre400sNamingTheField() {
        HordeException e = assertThrows(HordeException.class, () -> GenMetadataRules.text(List.of(
                Map.of("type", "lora", "value", "csam"), Map.of("value", "nsfw"), "text",
                Map.of("type", "censorship", "value", "csam", "ref", "r".repeat(256))), "ok"));
        assertEquals(400, e.httpStatus());
        Map<String, String> errors = e.error().errors();
        assertTrue(errors.get("gen_metadata.0.type").contains("is not one of"), errors.toString());
        assertTrue(errors.get("gen_metadata.1.type").contains("required"), errors.toString());
        assertTrue(errors.get("gen_metadata.1.value").contains("is not one of"), errors.toString());
        assertTrue(errors.get("gen_metadata.2").contains("object"), errors.toString());
        assertTrue(errors.containsKey("gen_metadata.3.ref"), errors.toString());
    }

    @Test
    void moreThanFiftyEntriesAreRefused() {
        HordeException e = assertThrows(HordeException.class, () -> GenMetadataRules.text(
                Collections.nCopies(51, Map.of("type", "censorship", "value", "csam")), "ok"));
        assertEquals(400, e.httpStatus());
        assertEquals("Too many metadata fields. Max is 50.", e.error().message());
    }
}
