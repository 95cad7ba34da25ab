package org.openhorde.storage.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.apache.parquet.format.FileMetaData;
import org.apache.parquet.format.SchemaElement;
import org.apache.parquet.format.Util;
import org.junit.jupiter.api.Test;
import org.openhorde.contracts.events.ImageParams;
import org.openhorde.contracts.events.ImageRequestSpec;
import org.openhorde.contracts.events.JobCompleted;
import org.openhorde.contracts.events.JobOutcome;
import org.openhorde.contracts.events.Requester;
import org.openhorde.contracts.events.WorkerRef;

/** Pins the shared dataset's sidecar fields and the Parquet manifest's file layout. */
class ManifestTest {

    private static JobCompleted completed(String prompt, JobOutcome outcome) {
        ImageParams params = new ImageParams("k_euler_a", new BigDecimal("7.5"), null, null, 640, 512, 25, 1, "42",
                null, true, false, false, null, null, List.of("GFPGAN"), List.of(), List.of(), null, false, false,
                false);
        ImageRequestSpec spec = new ImageRequestSpec(prompt, params, List.of("stable_diffusion"), false, false, false,
                true, List.of(), false, true, true, "img2img", null, null, true, false, false, null);
        return JobCompleted.of(UUID.randomUUID(), UUID.randomUUID(), outcome,
                new Requester(3, "r#3", false, false, 0), new WorkerRef(UUID.randomUUID(), "w", 4),
                "stable_diffusion", "42", 1000, 100, true, spec, "x.webp");
    }

    @Test
    void theNegativePromptIsSplitOffAtTheFirstSeparator() {
        RequesterProfile profile = new RequesterProfile(UserType.PSEUDONYMOUS, 12L, Instant.now());
        SharedImageMetadata metadata = SharedImageMetadata.of(
                completed(" a lighthouse ### blurry ### ugly", JobOutcome.CENSORED), profile);
        assertEquals("a lighthouse", metadata.prompt());
        assertEquals("blurry ### ugly", metadata.negativePrompt());
        assertEquals(640, metadata.width());
        assertEquals(512, metadata.height());
        assertEquals(25, metadata.steps());
        assertEquals("k_euler_a", metadata.sampler());
        assertEquals(new BigDecimal("7.5"), metadata.cfg());
        assertEquals(List.of("GFPGAN"), metadata.postProcessing());
        assertEquals("pseudonymous", metadata.userType());
        assertEquals(12L, metadata.imagesRequested());
        assertEquals(true, metadata.censored());

        SharedImageMetadata plain = SharedImageMetadata.of(completed("a lighthouse", JobOutcome.DELIVERED), profile);
        assertEquals("a lighthouse", plain.prompt());
        assertNull(plain.negativePrompt());
        assertEquals(false, plain.censored());
    }

    @Test
    void theParquetPartHasOneRowPerImageAndTheManifestColumns() throws Exception {
        RequesterProfile profile = new RequesterProfile(UserType.ANONYMOUS, null, Instant.now());
        List<ManifestRow> rows = List.of(
                new ManifestRow(SharedImageMetadata.of(completed("a ### b", JobOutcome.DELIVERED), profile),
                        "1.webp", "1.json", "image/webp"),
                new ManifestRow(SharedImageMetadata.of(completed("c", JobOutcome.CENSORED), profile), "2.webp",
                        "2.json", null));

        byte[] parquet = ManifestParquet.write(rows);

        assertEquals("PAR1", new String(parquet, 0, 4, StandardCharsets.US_ASCII));
        assertEquals("PAR1", new String(parquet, parquet.length - 4, 4, StandardCharsets.US_ASCII));
        int footer = (parquet[parquet.length - 8] & 0xff) | (parquet[parquet.length - 7] & 0xff) << 8
                | (parquet[parquet.length - 6] & 0xff) << 16 | (parquet[parquet.length - 5] & 0xff) << 24;
        FileMetaData metadata = Util.readFileMetaData(new ByteArrayInputStream(parquet,
                parquet.length - 8 - footer, footer));
        assertEquals(2, metadata.getNum_rows());
        List<String> columns = metadata.getSchema().stream().map(SchemaElement::getName).toList();
        for (String column : Arrays.asList("id", "request_id", "prompt", "negative_prompt", "width", "height",
                "steps", "sampler", "cfg", "karras", "post_processing", "model", "seed", "user_type",
                "images_requested", "censored", "created_at", "image_key", "sidecar_key", "content_type")) {
            assertEquals(true, columns.contains(column), column + " in " + columns);
        }
    }

    @Test
    void partKeysSortInExportOrder() {
        assertEquals("manifest/part-000007.jsonl", ManifestPart.jsonlKey(7));
        assertEquals("manifest/part-000012.parquet", ManifestPart.parquetKey(12));
        assertEquals(3, ManifestIndex.of(List.of(new ManifestPart(1, 1, "a", "b", Instant.now()),
                new ManifestPart(2, 2, "c", "d", Instant.now())), Instant.now()).totalRows());
    }
}
