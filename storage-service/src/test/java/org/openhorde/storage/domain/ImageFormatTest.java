package org.openhorde.storage.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.openhorde.storage.TestImages;

/** Pins how a delivered image's format is told from its magic bytes. */
class ImageFormatTest {

    @Test
    void webpIsARiffContainerWithAWebpFourcc() {
        assertEquals(Optional.of(ImageFormat.WEBP), ImageFormat.detect(TestImages.WEBP));
        assertEquals("image/webp", ImageFormat.WEBP.contentType());
    }

    @Test
    void pngIsRecognisedByItsSignature() {
        assertEquals(Optional.of(ImageFormat.PNG), ImageFormat.detect(TestImages.png(2, 2, 1)));
        assertEquals("image/png", ImageFormat.PNG.contentType());
    }

    @Test
    void otherRiffContainersAndOtherBytesAreNotImages() {
        assertEquals(Optional.empty(), ImageFormat.detect("RIFF\0\0\0\0WAVEfmt ".getBytes(StandardCharsets.US_ASCII)));
        assertEquals(Optional.empty(), ImageFormat.detect(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 0}));
        assertEquals(Optional.empty(), ImageFormat.detect("RIFF".getBytes(StandardCharsets.US_ASCII)));
        assertEquals(Optional.empty(), ImageFormat.detect(new byte[0]));
    }
}
