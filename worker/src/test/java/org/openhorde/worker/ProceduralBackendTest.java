package org.openhorde.worker;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** The simulator: deterministic pictures of the requested size, a GPU-like duration, and the pop answer it reads. */
class ProceduralBackendTest {

    @Test
    void samePromptSeedAndSizeGiveTheSameImage() throws Exception {
        byte[] a = ProceduralBackend.render("a lighthouse", 42, 320, 192);
        byte[] b = ProceduralBackend.render("a lighthouse", 42, 320, 192);
        byte[] otherSeed = ProceduralBackend.render("a lighthouse", 43, 320, 192);
        byte[] otherPrompt = ProceduralBackend.render("a lighthouse at dusk", 42, 320, 192);
        assertArrayEquals(a, b);
        assertFalse(Arrays.equals(a, otherSeed));
        assertFalse(Arrays.equals(a, otherPrompt));
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(a));
        assertEquals(320, image.getWidth());
        assertEquals(192, image.getHeight());
    }

    @Test
    void throttleTakesMegapixelstepsOverSpeed() {
        assertEquals(0, new ProceduralBackend(0).simulatedNanos(512, 512, 20));
        // 512 x 512 x 20 = 5.24288 MPS; at 2 MPS/s that is 2.62 s
        assertEquals(2_621_440_000L, new ProceduralBackend(2).simulatedNanos(512, 512, 20));
    }

    @Test
    void aPopAnswerBecomesAJobWithOneUploadPerImage() throws Exception {
        JsonNode pop = HordeApi.JSON.readTree("""
                {"payload": {"prompt": "p", "seed": "1234", "width": 576, "height": 448, "ddim_steps": 12,
                             "n_iter": 2},
                 "id": "a", "ids": ["a", "b"], "model": "m", "ttl": 200,
                 "r2_upload": "u1", "r2_uploads": ["u1", "u2"], "skipped": {}}
                """);
        PoppedJob job = PoppedJob.from(pop, 0).orElseThrow();
        assertEquals(List.of("a", "b"), job.ids());
        assertEquals("u2", job.uploadUrl(1));
        assertEquals(1235, job.seedOf(1));
        assertEquals(576, job.width());
        assertEquals(12, job.steps());
        assertEquals(200L * 1_000_000_000L, job.deadlineNanos());
        JsonNode nothing = HordeApi.JSON.readTree("{\"id\": null, \"ids\": [], \"skipped\": {\"models\": 3}}");
        assertTrue(PoppedJob.from(nothing, 0).isEmpty());
        assertEquals(PoppedJob.seed("abc"), PoppedJob.seed("abc"));
    }
}
