package org.openhorde.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** The analyser simulator's stated rules, on pictures whose answers are known. */
class SimulatedAnalyserTest {

    /** A plain-colour picture with a centred square of another colour. */
    static BufferedImage picture(int w, int h, Color background, Color subject) {
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(background);
        g.fillRect(0, 0, w, h);
        g.setColor(subject);
        g.fillRect(w / 4, h / 4, w / 2, h / 2);
        g.dispose();
        return image;
    }

    static byte[] png(BufferedImage image) {
        return SimulatedAnalyser.png(image);
    }

    @Test
    void captionNamesLightOrientationColoursAndSize() {
        BufferedImage redOnWhite = picture(640, 320, Color.WHITE, new Color(210, 25, 25));
        String caption = SimulatedAnalyser.run("caption", redOnWhite).value().asText();
        // 75 % white, 25 % red; luma ≈ 0.79 → bright; 2:1 → landscape
        assertEquals("a bright landscape image, mostly white with red (640x320)", caption);
        String dark = SimulatedAnalyser.run("caption", picture(300, 600, Color.BLACK, Color.BLACK)).value().asText();
        assertEquals("a dark portrait image, mostly black (300x600)", dark);
    }

    @Test
    void nsfwIsTheSkinShareRule() {
        Color skin = new Color(224, 172, 140);
        assertTrue(SimulatedAnalyser.isSkin(224, 172, 140));
        assertFalse(SimulatedAnalyser.isSkin(128, 128, 128));
        // all skin-toned → 100 % ≥ 40 %
        assertTrue(SimulatedAnalyser.run("nsfw", picture(200, 200, skin, skin)).value().asBoolean());
        // a skin-toned square covering 25 % → below the 40 % threshold
        assertFalse(SimulatedAnalyser.run("nsfw", picture(200, 200, Color.BLUE, skin)).value().asBoolean());
    }

    @Test
    void interrogationTagsCarryConfidencesMostConfidentFirst() {
        JsonNode result = SimulatedAnalyser.run("interrogation",
                picture(512, 512, new Color(40, 160, 50), new Color(40, 70, 200))).value();
        JsonNode tags = result.path("tags");
        assertTrue(tags.isArray() && tags.size() >= 4, result.toString());
        double previous = 1.0;
        for (JsonNode tag : tags) {
            double confidence = tag.path("confidence").asDouble(-1);
            assertTrue(confidence >= 0 && confidence <= previous, result.toString());
            previous = confidence;
        }
        assertEquals(0.75, confidenceOf(tags, "green"), 1e-9);
        assertEquals(0.25, confidenceOf(tags, "blue"), 1e-9);
        assertTrue(confidenceOf(tags, "square") > 0);
    }

    private static double confidenceOf(JsonNode tags, String text) {
        for (JsonNode tag : tags) {
            if (tag.path("text").asText().equals(text)) {
                return tag.path("confidence").asDouble();
            }
        }
        return -1;
    }

    @Test
    void upscalersResizeByTheirFactorAndFaceFixersChangeNothing() throws Exception {
        BufferedImage source = picture(96, 64, Color.WHITE, Color.RED);
        BufferedImage x4 = read(SimulatedAnalyser.run("RealESRGAN_x4plus", source).image());
        assertEquals(384, x4.getWidth());
        assertEquals(256, x4.getHeight());
        BufferedImage x2 = read(SimulatedAnalyser.run("RealESRGAN_x2plus", source).image());
        assertEquals(192, x2.getWidth());
        BufferedImage fixed = read(SimulatedAnalyser.run("GFPGAN", source).image());
        assertEquals(source.getRGB(48, 32), fixed.getRGB(48, 32));
        assertEquals(source.getRGB(0, 0), fixed.getRGB(0, 0));
        assertTrue(SimulatedAnalyser.run("CodeFormers", source).note().contains("unchanged"));
        // a huge upscale is capped instead of exhausting the heap
        BufferedImage big = new BufferedImage(2048, 2048, BufferedImage.TYPE_INT_RGB);
        BufferedImage capped = SimulatedAnalyser.upscale(big, 4);
        assertTrue((long) capped.getWidth() * capped.getHeight() <= SimulatedAnalyser.MAX_OUTPUT_PIXELS);
    }

    @Test
    void stripBackgroundMakesTheBackdropTransparentAndKeepsTheSubject() throws Exception {
        BufferedImage source = picture(100, 80, new Color(250, 250, 250), new Color(20, 40, 160));
        BufferedImage cut = read(SimulatedAnalyser.run("strip_background", source).image());
        assertTrue(cut.getColorModel().hasAlpha());
        assertEquals(0, cut.getRGB(0, 0) >>> 24);
        assertEquals(0, cut.getRGB(99, 79) >>> 24);
        assertEquals(0, cut.getRGB(10, 40) >>> 24);
        assertEquals(255, cut.getRGB(50, 40) >>> 24);
        assertEquals(new Color(20, 40, 160).getRGB() & 0xFFFFFF, cut.getRGB(50, 40) & 0xFFFFFF);
    }

    @Test
    void producedImagesSayTheyComeFromTheSimulatorAndBadSourcesAreRefused() throws Exception {
        byte[] png = SimulatedAnalyser.run("GFPGAN", picture(8, 8, Color.WHITE, Color.RED)).image();
        assertTrue(new String(png, java.nio.charset.StandardCharsets.ISO_8859_1).contains("analyser SIMULATOR"));
        SimulatedAnalyser analyser = new SimulatedAnalyser(0);
        assertThrows(IllegalArgumentException.class,
                () -> analyser.process("caption", Map.of(), "not an image".getBytes()));
        assertThrows(IllegalArgumentException.class,
                () -> analyser.process("vectorize", Map.of(), png(picture(8, 8, Color.WHITE, Color.RED))));
        assertEquals("a bright square image, mostly white with red (8x8)",
                analyser.process("caption", Map.of(), png(picture(8, 8, Color.WHITE, Color.RED))).value().asText());
        assertTrue(analyser.description().contains("SIMULATOR"));
    }

    /** The AI Horde keeps sources as WebP; the JDK cannot read it, the ImageIO plugin can. */
    @Test
    void webpSourcesAreRead() throws Exception {
        byte[] webp = java.nio.file.Files.readAllBytes(java.nio.file.Path.of("..", "docs", "walkthrough.webp"));
        String caption = new SimulatedAnalyser(0).process("caption", Map.of(), webp).value().asText();
        assertTrue(caption.matches("a (bright|dim|dark) \\w+ image, mostly .+ \\(\\d+x\\d+\\)"), caption);
    }

    private static BufferedImage read(byte[] bytes) throws Exception {
        return ImageIO.read(new ByteArrayInputStream(bytes));
    }
}
