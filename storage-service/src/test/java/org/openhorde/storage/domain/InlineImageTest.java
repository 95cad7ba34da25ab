package org.openhorde.storage.domain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.openhorde.contracts.HordeException;
import org.openhorde.contracts.Rc;
import org.openhorde.storage.TestImages;

/** Pins which inline (base64) generations a worker may submit. */
class InlineImageTest {

    private static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    private static String refusal(String base64, int maxBytes) {
        HordeException e = assertThrows(HordeException.class, () -> InlineImage.decode(base64, maxBytes));
        assertEquals(Rc.BadRequest.name(), e.error().rc());
        assertEquals(400, e.httpStatus());
        return e.error().message();
    }

    @Test
    void webpAndPngAreDecodedWithTheirFormat() {
        InlineImage webp = InlineImage.decode(base64(TestImages.WEBP), 1024);
        assertArrayEquals(TestImages.WEBP, webp.bytes());
        assertEquals(ImageFormat.WEBP, webp.format());
        byte[] png = TestImages.png(3, 3, 7);
        assertEquals(ImageFormat.PNG, InlineImage.decode(base64(png), 1024).format());
    }

    @Test
    void emptyOrMissingIsRefused() {
        assertEquals("generation is empty", refusal("", 1024));
        assertEquals("generation is empty", refusal(null, 1024));
    }

    @Test
    void notBase64IsRefused() {
        assertEquals("generation is not valid base64", refusal("this is not base64!", 1024));
        assertEquals("generation is not valid base64", refusal("R", 1024));
    }

    @Test
    void otherFormatsAreRefused() {
        assertEquals("generation must be a WebP or PNG image", refusal(base64(new byte[] {(byte) 0xFF, (byte) 0xD8}), 1024));
    }

    @Test
    void exactlyTheCapIsAcceptedOneByteMoreIsNot() {
        byte[] atCap = Arrays.copyOf(TestImages.WEBP, 100);
        assertEquals(100, InlineImage.decode(base64(atCap), 100).bytes().length);
        byte[] overCap = Arrays.copyOf(TestImages.WEBP, 101);
        assertEquals("generation is larger than 100 bytes", refusal(base64(overCap), 100));
        // Unpadded base64 of the cap still fits; a far longer string is refused before decoding.
        assertEquals(ImageFormat.WEBP, InlineImage.decode(base64(atCap).replace("=", ""), 100).format());
        assertEquals("generation is larger than 100 bytes", refusal("A".repeat(10_000), 100));
    }
}
