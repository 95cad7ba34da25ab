package org.openhorde.storage.domain;

import static org.apache.parquet.schema.LogicalTypeAnnotation.listType;
import static org.apache.parquet.schema.LogicalTypeAnnotation.stringType;
import static org.apache.parquet.schema.LogicalTypeAnnotation.timestampType;
import static org.apache.parquet.schema.LogicalTypeAnnotation.uuidType;
import static org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.BINARY;
import static org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.BOOLEAN;
import static org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.DOUBLE;
import static org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY;
import static org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.INT32;
import static org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.INT64;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.UUID;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimeUnit;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Types;
import org.openhorde.kit.parquet.InMemoryOutputFile;

/**
 * Writes manifest rows as one Parquet file in memory, with the same columns as the JSONL part (the sidecar's fields
 * plus the object keys). Uncompressed on purpose: every Parquet compression codec goes through Hadoop's
 * configuration classes, which we do not ship; dictionary encoding keeps the repetitive columns small anyway.
 */
public final class ManifestParquet {

    public static final MessageType SCHEMA = Types.buildMessage()
            .required(FIXED_LEN_BYTE_ARRAY).length(16).as(uuidType()).named("id")
            .required(FIXED_LEN_BYTE_ARRAY).length(16).as(uuidType()).named("request_id")
            .required(BINARY).as(stringType()).named("prompt")
            .optional(BINARY).as(stringType()).named("negative_prompt")
            .required(INT32).named("width")
            .required(INT32).named("height")
            .required(INT32).named("steps")
            .optional(BINARY).as(stringType()).named("sampler")
            .optional(DOUBLE).named("cfg")
            .required(BOOLEAN).named("karras")
            .requiredList().requiredElement(BINARY).as(stringType()).named("post_processing")
            .optional(BINARY).as(stringType()).named("model")
            .optional(BINARY).as(stringType()).named("seed")
            .optional(BINARY).as(stringType()).named("user_type")
            .optional(INT64).named("images_requested")
            .required(BOOLEAN).named("censored")
            .required(INT64).as(timestampType(true, TimeUnit.MILLIS)).named("created_at")
            .required(BINARY).as(stringType()).named("image_key")
            .required(BINARY).as(stringType()).named("sidecar_key")
            .optional(BINARY).as(stringType()).named("content_type")
            .named("shared_image");

    private ManifestParquet() {
    }

    public static byte[] write(List<ManifestRow> rows) {
        InMemoryOutputFile file = new InMemoryOutputFile();
        try (ParquetWriter<Group> writer = ExampleParquetWriter.builder(file)
                .withConf(new PlainParquetConfiguration())
                .withType(SCHEMA)
                .withCompressionCodec(CompressionCodecName.UNCOMPRESSED)
                .build()) {
            SimpleGroupFactory groups = new SimpleGroupFactory(SCHEMA);
            for (ManifestRow row : rows) {
                writer.write(group(groups.newGroup(), row));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing Parquet to memory failed", e);
        }
        return file.bytes();
    }

    private static Group group(Group group, ManifestRow row) {
        SharedImageMetadata m = row.metadata();
        group.add("id", uuid(m.id()));
        group.add("request_id", uuid(m.requestId()));
        group.add("prompt", m.prompt());
        optional(group, "negative_prompt", m.negativePrompt());
        group.add("width", m.width());
        group.add("height", m.height());
        group.add("steps", m.steps());
        optional(group, "sampler", m.sampler());
        if (m.cfg() != null) {
            group.add("cfg", m.cfg().doubleValue());
        }
        group.add("karras", m.karras());
        Group list = group.addGroup("post_processing");
        for (String name : m.postProcessing()) {
            list.addGroup("list").add("element", name);
        }
        optional(group, "model", m.model());
        optional(group, "seed", m.seed());
        optional(group, "user_type", m.userType());
        if (m.imagesRequested() != null) {
            group.add("images_requested", m.imagesRequested().longValue());
        }
        group.add("censored", m.censored());
        group.add("created_at", m.createdAt().toEpochMilli());
        group.add("image_key", row.imageKey());
        group.add("sidecar_key", row.sidecarKey());
        optional(group, "content_type", row.contentType());
        return group;
    }

    private static void optional(Group group, String field, String value) {
        if (value != null) {
            group.add(field, value);
        }
    }

    private static Binary uuid(UUID id) {
        ByteBuffer bytes = ByteBuffer.allocate(16);
        bytes.putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits());
        return Binary.fromConstantByteArray(bytes.array());
    }
}
