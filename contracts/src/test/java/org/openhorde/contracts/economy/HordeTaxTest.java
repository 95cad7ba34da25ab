package org.openhorde.contracts.economy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Pins the horde tax with a remix's extra source images: 5 kudos each per request, spread over its images. */
class HordeTaxTest {

    @Test
    void extraSourceImagesAddFiveKudosEachPerRequest() {
        assertEquals(300, HordeTax.perImage(false, 0, 1));
        assertEquals(100, HordeTax.perImage(true, 0, 4));
        assertEquals(300 + 500, HordeTax.perImage(false, 1, 1));
        assertEquals(300 + 1500, HordeTax.perImage(false, 3, 1));
        assertEquals(300 + 250, HordeTax.perImage(false, 1, 2));
        // 500 over 3 images: rounded up, so all images together pay at least the 5 kudos.
        assertEquals(300 + 167, HordeTax.perImage(false, 1, 3));
    }
}
