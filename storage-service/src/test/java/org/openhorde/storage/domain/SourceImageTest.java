package org.openhorde.storage.domain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Base64;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.openhorde.contracts.HordeException;
import org.openhorde.storage.TestImages;

/** Pins how source images are told apart from URLs, decoded, measured and refused with the AI Horde's codes. */
class SourceImageTest {

    private static String rc(Runnable call) {
        return assertThrows(HordeException.class, call::run).error().rc();
    }

    @Test
    void urlsAreToldApartFromBase64() {
        assertTrue(SourceImage.isUrl("https://example.com/a.png"));
        assertTrue(SourceImage.isUrl("http://127.0.0.1/"));
        assertTrue(SourceImage.isUrl("ftp://example.com/a.png"));
        assertFalse(SourceImage.isUrl("aGVsbG8="));
        assertFalse(SourceImage.isUrl("data:image/png;base64,aGVsbG8="));
    }

    @Test
    void base64IsDecodedWithOrWithoutADataUrlPrefixAndCappedBeforeDecoding() {
        assertArrayEquals("hello".getBytes(), SourceImage.decodeBase64("source_image", "aGVsbG8=", 10));
        assertArrayEquals("hello".getBytes(),
                SourceImage.decodeBase64("source_image", "data:image/png;base64,aGVsbG8=", 10));
        assertEquals("SourceImageSizeExceeded", rc(() -> SourceImage.decodeBase64("source_image", "aGVsbG8=", 4)));
        assertEquals("SourceImageSizeExceeded",
                rc(() -> SourceImage.decodeBase64("source_image", "A".repeat(1000), 100)));
        assertEquals("SourceImageUnreadable", rc(() -> SourceImage.decodeBase64("source_image", "%%%%", 10)));
        assertEquals("SourceImageUnreadable", rc(() -> SourceImage.decodeBase64("source_image", " ", 10)));
    }

    @Test
    void webpKeepsItsBytesAndItsSizeComesFromTheHeader() {
        SourceImage webp = SourceImage.read("source_image", TestImages.WEBP, 3072);
        assertEquals(ImageFormat.WEBP, webp.format());
        assertEquals(1, webp.width());
        assertEquals(1, webp.height());
        assertArrayEquals(TestImages.WEBP, webp.bytes());
    }

    @Test
    void webpHeadersOfEachKindAreMeasured() {
        byte[] lossy = webp("VP8 ", 0, 0, 0, 0x9d, 0x01, 0x2a, 0x00, 0x0c, 0x00, 0x08);
        assertArrayEquals(new int[] {3072, 2048}, SourceImage.webpSize(lossy));
        byte[] extended = webp("VP8X", 0, 0, 0, 0, 0xff, 0x0b, 0x00, 0xff, 0x0b, 0x00);
        assertArrayEquals(new int[] {3072, 3072}, SourceImage.webpSize(extended));
        byte[] huge = webp("VP8X", 0, 0, 0, 0, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00);
        assertEquals("SourceImageResolutionExceeded", rc(() -> SourceImage.read("source_image", huge, 3072)));
        byte[] broken = webp("VP8 ", 0, 0, 0, 0x00, 0x00, 0x00, 0x00, 0x0c, 0x00, 0x08);
        assertEquals("SourceImageUnreadable", rc(() -> SourceImage.read("source_image", broken, 3072)));
    }

    @Test
    void pngIsKeptAndOtherFormatsBecomePng() throws Exception {
        byte[] png = TestImages.png(20, 10, 3);
        SourceImage kept = SourceImage.read("source_image", png, 3072);
        assertEquals(ImageFormat.PNG, kept.format());
        assertArrayEquals(png, kept.bytes());
        assertEquals(20, kept.width());
        assertEquals(10, kept.height());

        ByteArrayOutputStream jpeg = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(16, 8, BufferedImage.TYPE_INT_RGB), "jpg", jpeg);
        SourceImage converted = SourceImage.read("source_image", jpeg.toByteArray(), 3072);
        assertEquals(ImageFormat.PNG, converted.format());
        BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(converted.bytes()));
        assertEquals(16, decoded.getWidth());
        assertEquals(8, decoded.getHeight());
    }

    @Test
    void tooLargeOrUnreadableImagesAreRefused() {
        assertEquals("SourceImageResolutionExceeded",
                rc(() -> SourceImage.read("source_image", TestImages.png(20, 10, 3), 16)));
        assertEquals("SourceImageUnreadable", rc(() -> SourceImage.read("source_mask", "not an image".getBytes(), 16)));
        byte[] truncated = Arrays.copyOf(TestImages.png(20, 10, 3), 40);
        assertEquals("SourceImageUnreadable", rc(() -> SourceImage.read("source_image", truncated, 3072)));
    }

    /** A RIFF/WEBP container whose first chunk is {@code chunk} with the given payload bytes. */
    private static byte[] webp(String chunk, int... payload) {
        byte[] bytes = new byte[20 + payload.length + 10];
        byte[] head = ("RIFF\0\0\0\0WEBP" + chunk).getBytes();
        System.arraycopy(head, 0, bytes, 0, head.length);
        for (int i = 0; i < payload.length; i++) {
            bytes[20 + i] = (byte) payload[i];
        }
        return bytes;
    }

    @Test
    void dataUrlsAreNotMistakenForUrls() {
        String png = Base64.getEncoder().encodeToString(TestImages.png(2, 2, 1));
        assertFalse(SourceImage.isUrl("data:image/png;base64," + png));
    }
}
