package org.openhorde.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Pins how the worker reads a pop answer's remix part: the extra source images' URLs, in order. */
class PoppedJobTest {

    @Test
    void aRemixPopCarriesItsExtraSourceImages() throws Exception {
        JsonNode pop = HordeApi.JSON.readTree("""
                {"id":"a","ids":["a"],"model":"Stable Cascade 1.0","source_processing":"remix",
                 "payload":{"prompt":"p","seed":"1","width":512,"height":512,"ddim_steps":20},
                 "extra_source_images":[{"image":"https://s3/x0","strength":0.5},{"image":"https://s3/x1","strength":1.0}],
                 "r2_uploads":["https://s3/up"]}
                """);
        PoppedJob job = PoppedJob.from(pop, 0).orElseThrow();
        assertEquals(List.of("https://s3/x0", "https://s3/x1"), job.extraSources());
    }

    @Test
    void aPlainPopHasNone() throws Exception {
        JsonNode pop = HordeApi.JSON.readTree("""
                {"id":"a","ids":["a"],"model":"m","payload":{"prompt":"p"},"extra_source_images":null}
                """);
        assertEquals(List.of(), PoppedJob.from(pop, 0).orElseThrow().extraSources());
    }
}
