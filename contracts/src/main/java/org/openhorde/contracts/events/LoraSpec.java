package org.openhorde.contracts.events;

import java.math.BigDecimal;

/** One LoRA of an image request (AI Horde {@code params.loras[]}). */
public record LoraSpec(String name, BigDecimal model, BigDecimal clip, String injectTrigger, boolean isVersion) {
}
