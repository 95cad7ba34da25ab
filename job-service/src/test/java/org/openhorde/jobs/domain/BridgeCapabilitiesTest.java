package org.openhorde.jobs.domain;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Pins which bridges take a remix's extra source images: reGen from version 5 (AI Horde), the reference worker. */
class BridgeCapabilitiesTest {

    @Test
    void reGenTakesThemFromVersionFive() {
        assertTrue(BridgeCapabilities.extraSourceImages("AI Horde Worker reGen:5:https://x"));
        assertTrue(BridgeCapabilities.extraSourceImages("AI Horde Worker reGen:10.1.2:https://x"));
        assertFalse(BridgeCapabilities.extraSourceImages("AI Horde Worker reGen:4.9.9:https://x"));
        assertTrue(BridgeCapabilities.extraSourceImages("OpenHorde Reference Worker:0.1:https://x"));
    }

    @Test
    void otherOrUnreadableBridgesDoNot() {
        assertFalse(BridgeCapabilities.extraSourceImages("AI Horde Worker:24:https://x"));
        assertFalse(BridgeCapabilities.extraSourceImages("unknown:0:unknown"));
        assertFalse(BridgeCapabilities.extraSourceImages("AI Horde Worker reGen"));
        assertFalse(BridgeCapabilities.extraSourceImages("AI Horde Worker reGen:v5:x"));
        assertFalse(BridgeCapabilities.extraSourceImages(null));
    }
}
