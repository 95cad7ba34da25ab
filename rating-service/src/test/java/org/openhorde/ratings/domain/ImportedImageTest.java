package org.openhorde.ratings.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Pins an imported image's derived id, the object keys a manifest may name and the image signatures accepted. */
class ImportedImageTest {

    @Test
    void theIdDerivesFromTheDatasetAndTheManifestIdAndMatchesTheSamplesIds() {
        assertEquals(ImportedImage.imageId("laion", "1"), ImportedImage.imageId("laion", "1"));
        assertNotEquals(ImportedImage.imageId("laion", "1"), ImportedImage.imageId("laion", "2"));
        assertNotEquals(ImportedImage.imageId("laion", "1"), ImportedImage.imageId("other", "1"));
        // The sample dataset goes through the importer with entry ids 0..n-1: its images keep their ids.
        assertEquals(SampleImages.imageId(5), ImportedImage.imageId(SampleImages.DATASET_NAME, "5"));
    }

    @Test
    void onlyPlainRelativeKeysMayBeNamed() {
        assertEquals(Optional.empty(), ImportedImage.objectKeyProblem("laion/part-1/0001.jpg"));
        for (String bad : new String[] {"/etc/passwd", "a/../b", "../b", "a//b", "a/./b", "a\\b", "a\nb",
                "x".repeat(ImportedImage.MAX_OBJECT_KEY + 1)}) {
            assertTrue(ImportedImage.objectKeyProblem(bad).isPresent(), bad);
        }
    }

    @Test
    void pngJpegAndWebpAreImagesAndNothingElseIs() {
        assertEquals(Optional.of(ImportedImage.ImageType.PNG), ImportedImage.sniff(SampleImages.png(1, 16)));
        assertEquals(Optional.of(ImportedImage.ImageType.JPEG),
                ImportedImage.sniff(new byte[] {(byte) 0xff, (byte) 0xd8, (byte) 0xff, (byte) 0xe0, 0, 0}));
        assertEquals(Optional.of(ImportedImage.ImageType.WEBP), ImportedImage.sniff(Base64.getDecoder()
                .decode("UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA==")));
        assertEquals(Optional.empty(), ImportedImage.sniff("<html>not an image</html>".getBytes()));
        assertEquals(Optional.empty(), ImportedImage.sniff(new byte[] {(byte) 0x89, 'P'}));
        assertEquals(Optional.empty(), ImportedImage.sniff("RIFF0000WAVE".getBytes()));
    }
}
