package org.openhorde.gateway.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openhorde.contracts.economy.ImagePricing;
import org.openhorde.contracts.events.ImageRequestSpec;
import org.openhorde.contracts.internal.UserAccount;
import org.openhorde.contracts.internal.UserRecords;

/** Pins what a request costs: the shared price formula, the horde tax and sharing rule, and the dry run's rounding. */
class RequestQuoteTest {

    private static UserAccount user(boolean anonymous) {
        return new UserAccount(anonymous ? 0 : 5, "u", anonymous, !anonymous, false, false, false, 0, 30, Map.of(),
                new UserRecords(0, 0, 0, 0), Instant.EPOCH);
    }

    private static ImageRequestSpec spec(int n, boolean shared) {
        return GenerationInputRules.toSpec(new GenerationInput("a cat", new ModelGenerationInput(null, null, null,
                null, null, null, null, n, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null), List.of(), null, null, null, null, null, null, null, shared, null, null, null, null,
                null, null, null, null), UUID.randomUUID());
    }

    @Test
    void aRegisteredRequesterPaysTheFullTaxUnlessSharing() {
        RequestQuote quote = RequestQuote.of(spec(2, false), user(false));
        assertEquals(ImagePricing.basePrice(512, 512, 30), quote.pricePerImage());
        assertEquals(300, quote.taxPerImage());
        assertFalse(quote.shared());
        // (6.50 + 3) * 2 = 19
        assertEquals(19, quote.estimatedKudos());
        assertEquals(100, RequestQuote.of(spec(1, true), user(false)).taxPerImage());
    }

    @Test
    void anonymousRequestsAreAlwaysShared() {
        RequestQuote quote = RequestQuote.of(spec(1, false), user(true));
        assertTrue(quote.shared());
        assertEquals(100, quote.taxPerImage());
        // 6.50 + 1 = 7.50 rounds half to even
        assertEquals(8, quote.estimatedKudos());
    }
}
