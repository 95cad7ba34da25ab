package org.openhorde.ratings.domain;

import com.fasterxml.jackson.core.type.TypeReference;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.DelegatingSeekableInputStream;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.io.SeekableInputStream;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;

/**
 * Reads a dataset manifest in Parquet into the same {@link ManifestEntry}s the JSONL importer reads: one row per
 * image with {@code id} (string or integer), {@code url} or {@code object_key} (exactly one per row), and metadata —
 * a {@code metadata} column holding a JSON object, plus every other (flat) column under its own name. As pyarrow,
 * DuckDB or pandas write it: uncompressed, snappy, zstd or gzip.
 */
public final class ParquetManifest {

    static final String ID = "id";
    static final String URL = "url";
    static final String OBJECT_KEY = "object_key";
    static final String METADATA = "metadata";

    private ParquetManifest() {
    }

    /** Every entry, in file order; an {@link IllegalArgumentException} naming the row for anything malformed. */
    public static List<ManifestEntry> read(byte[] parquet) {
        ParquetReadOptions options = new ParquetReadOptions.Builder(new PlainParquetConfiguration())
                .withCodecFactory(new PureJavaCodecs()).build();
        List<ManifestEntry> entries = new ArrayList<>();
        try (ParquetFileReader reader = ParquetFileReader.open(new InMemoryInputFile(parquet), options)) {
            MessageType schema = reader.getFooter().getFileMetaData().getSchema();
            checkSchema(schema);
            PageReadStore pages;
            long row = 0;
            while ((pages = reader.readNextRowGroup()) != null) {
                RecordReader<Group> records = new ColumnIOFactory().getColumnIO(schema)
                        .getRecordReader(pages, new GroupRecordConverter(schema));
                for (long i = 0; i < pages.getRowCount(); i++) {
                    row++;
                    entries.add(entry(records.read(), schema, row));
                }
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof IllegalArgumentException) {
                throw (IllegalArgumentException) e;
            }
            throw new IllegalArgumentException("not a readable Parquet manifest: " + e.getMessage(), e);
        }
        return entries;
    }

    private static void checkSchema(MessageType schema) {
        if (!schema.containsField(ID)) {
            throw new IllegalArgumentException("a Parquet manifest needs an 'id' column");
        }
        if (!schema.containsField(URL) && !schema.containsField(OBJECT_KEY)) {
            throw new IllegalArgumentException("a Parquet manifest needs a 'url' or an 'object_key' column");
        }
        for (Type field : schema.getFields()) {
            if (!field.isPrimitive() || field.isRepetition(Type.Repetition.REPEATED)) {
                throw new IllegalArgumentException("column '" + field.getName() + "' is nested; put structured "
                        + "metadata in a 'metadata' column as a JSON object");
            }
        }
    }

    private static ManifestEntry entry(Group group, MessageType schema, long row) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        Object id = null;
        String url = null;
        String objectKey = null;
        for (Type field : schema.getFields()) {
            String name = field.getName();
            Object value = value(group, field.asPrimitiveType());
            switch (name) {
                case ID -> id = value;
                case URL -> url = value == null ? null : value.toString();
                case OBJECT_KEY -> objectKey = value == null ? null : value.toString();
                case METADATA -> {
                    if (value != null) {
                        metadata.putAll(jsonObject(value.toString(), row));
                    }
                }
                default -> {
                    if (value != null) {
                        metadata.put(name, value);
                    }
                }
            }
        }
        if (id == null || id.toString().isBlank()) {
            throw new IllegalArgumentException("manifest row " + row + " has no id");
        }
        boolean hasUrl = url != null && !url.isBlank();
        boolean hasKey = objectKey != null && !objectKey.isBlank();
        if (hasUrl == hasKey) {
            throw new IllegalArgumentException("manifest row " + row + " (id " + id
                    + ") needs exactly one of url and object_key");
        }
        return new ManifestEntry(id.toString(), hasUrl ? url : null, hasKey ? objectKey : null, metadata);
    }

    private static Map<String, Object> jsonObject(String json, long row) {
        try {
            return ExportFiles.JSON.readValue(json, new TypeReference<Map<String, Object>>() {
            });
        } catch (IOException e) {
            throw new IllegalArgumentException("manifest row " + row + ": metadata is not a JSON object");
        }
    }

    /** A flat column's value as JSON would carry it (strings, numbers, booleans; timestamps and UUIDs as text). */
    private static Object value(Group group, PrimitiveType type) {
        String name = type.getName();
        if (group.getFieldRepetitionCount(name) == 0) {
            return null;
        }
        LogicalTypeAnnotation logical = type.getLogicalTypeAnnotation();
        return switch (type.getPrimitiveTypeName()) {
            case BOOLEAN -> group.getBoolean(name, 0);
            case INT32 -> group.getInteger(name, 0);
            case INT64 -> {
                long value = group.getLong(name, 0);
                if (logical instanceof LogicalTypeAnnotation.TimestampLogicalTypeAnnotation timestamp) {
                    yield switch (timestamp.getUnit()) {
                        case MILLIS -> Instant.ofEpochMilli(value).toString();
                        case MICROS -> Instant.EPOCH.plusNanos(value * 1000).toString();
                        case NANOS -> Instant.EPOCH.plusNanos(value).toString();
                    };
                }
                yield value;
            }
            case FLOAT -> group.getFloat(name, 0);
            case DOUBLE -> group.getDouble(name, 0);
            case FIXED_LEN_BYTE_ARRAY -> {
                byte[] bytes = group.getBinary(name, 0).getBytes();
                if (logical instanceof LogicalTypeAnnotation.UUIDLogicalTypeAnnotation && bytes.length == 16) {
                    ByteBuffer buffer = ByteBuffer.wrap(bytes);
                    yield new UUID(buffer.getLong(), buffer.getLong()).toString();
                }
                yield java.util.HexFormat.of().formatHex(bytes);
            }
            case BINARY -> group.getString(name, 0);
            case INT96 -> java.util.HexFormat.of().formatHex(group.getInt96(name, 0).getBytes());
        };
    }

    /** Parquet's input abstraction over a byte array (the manifest was fetched whole). */
    private record InMemoryInputFile(byte[] bytes) implements InputFile {

        @Override
        public long getLength() {
            return bytes.length;
        }

        @Override
        public SeekableInputStream newStream() {
            Seekable in = new Seekable(bytes);
            return new DelegatingSeekableInputStream(in) {
                @Override
                public long getPos() {
                    return in.position();
                }

                @Override
                public void seek(long position) {
                    in.seek(position);
                }
            };
        }
    }

    private static final class Seekable extends ByteArrayInputStream {

        Seekable(byte[] bytes) {
            super(bytes);
        }

        long position() {
            return pos;
        }

        void seek(long position) {
            pos = (int) position;
        }
    }
}
