package org.openhorde.contracts.events;

import java.math.BigDecimal;

/** One textual inversion of an image request (AI Horde {@code params.tis[]}). */
public record TiSpec(String name, String injectTi, BigDecimal strength) {
}
