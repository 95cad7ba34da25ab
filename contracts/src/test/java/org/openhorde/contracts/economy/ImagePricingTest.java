package org.openhorde.contracts.economy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openhorde.contracts.events.ImageParams;
import org.openhorde.contracts.events.LoraSpec;
import org.openhorde.contracts.events.TiSpec;

/** Pins the closed-form image price and the horde tax / sharing rules every service relies on. */
class ImagePricingTest {

    private static ImageParams params(int width, int height, int steps, List<String> pp, List<LoraSpec> loras,
                                      List<TiSpec> tis, String controlType) {
        return new ImageParams("k_euler_a", new BigDecimal("7.5"), null, null, width, height, steps, 1, null, null,
                true, false, false, null, null, pp, loras, tis, controlType, false, false, false);
    }

    @Test
    void fullSizeImageCostsTheReferenceFormula() {
        // 1024x1024: r = 1, so 0.1232*50 + 0.1232*50*8.75 = 6.16 + 53.9 = 60.06
        assertEquals(6006, ImagePricing.basePrice(1024, 1024, 50));
    }

    @Test
    void smallestImageCostsOnlyItsSteps() {
        // 64x64: r = 0, so only 0.1232 per step
        assertEquals(Math.round(0.1232 * 30 * 100), ImagePricing.basePrice(64, 64, 30));
    }

    @Test
    void defaultImageHasAStablePrice() {
        // 512x512x30: r = (258048/1044480)^1.75 = 0.086637..., 3.696 + 0.086637*3.696*8.75 = 6.498
        assertEquals(650, ImagePricing.basePrice(512, 512, 30));
    }

    @Test
    void priceGrowsWithStepsAndArea() {
        assertTrue(ImagePricing.basePrice(512, 512, 50) > ImagePricing.basePrice(512, 512, 30));
        assertTrue(ImagePricing.basePrice(768, 768, 30) > ImagePricing.basePrice(512, 512, 30));
    }

    @Test
    void extrasMultiplyThenAdd() {
        long base = ImagePricing.basePrice(512, 512, 30);
        assertEquals(Math.round(base * 1.2), ImagePricing.pricePerImage(
                params(512, 512, 30, List.of("GFPGAN"), null, null, null), false));
        assertEquals(Math.round(base * 3.0), ImagePricing.pricePerImage(
                params(512, 512, 30, null, null, null, "canny"), false));
        assertEquals(Math.round(base * 1.3), ImagePricing.pricePerImage(
                params(512, 512, 30, null, null, null, null), true));
        LoraSpec lora = new LoraSpec("x", BigDecimal.ONE, BigDecimal.ONE, null, false);
        TiSpec ti = new TiSpec("y", "prompt", BigDecimal.ONE);
        assertEquals(base + 600 + 100, ImagePricing.pricePerImage(
                params(512, 512, 30, null, List.of(lora, lora), List.of(ti, ti), null), false));
    }

    @Test
    void taxIsThreeOrOneWhenShared() {
        assertEquals(300, HordeTax.perImage(false));
        assertEquals(100, HordeTax.perImage(true));
    }

    @Test
    void sharingFollowsTheSeedRules() {
        assertTrue(SharingPolicy.applies(true, false, false));
        assertTrue(SharingPolicy.applies(false, true, false), "anonymous is always shared");
        assertEquals(false, SharingPolicy.applies(false, false, false));
        assertEquals(false, SharingPolicy.applies(true, true, true), "a source image is never shared");
    }

    @Test
    void centikudosAreExact() {
        assertEquals(1234, Centikudos.ofKudos(new BigDecimal("12.34")));
        assertEquals(new BigDecimal("12.34"), Centikudos.toKudos(1234));
        assertEquals(2, ImagePricing.accurateSteps("k_heun", 1));
    }
}
