package org.openhorde.ratings.domain;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.Consumer;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.openhorde.kit.parquet.InMemoryOutputFile;

/**
 * Cuts a stream of export rows into parts as they arrive, each written in both formats at once: a part closes when
 * it holds {@code maxRows} rows or its JSONL reaches {@code maxBytes}, and is handed to the sink (which uploads it)
 * before the next row is taken. So an export of any size holds one part in memory, never all its rows.
 */
public final class ExportParts {

    /** One finished part: its number (from 1), its row count and its two files. */
    public record Part(int number, long rows, byte[] parquet, byte[] jsonl) {
    }

    private final int maxRows;
    private final long maxBytes;
    private final Consumer<Part> sink;
    private PartWriter current;
    private int finished;

    public ExportParts(int maxRows, long maxBytes, Consumer<Part> sink) {
        this.maxRows = Math.max(1, maxRows);
        this.maxBytes = Math.max(1, maxBytes);
        this.sink = sink;
    }

    public void add(ExportRow row) {
        if (current != null && current.full()) {
            closeCurrent();
        }
        if (current == null) {
            current = new PartWriter();
        }
        current.write(row);
    }

    /** Hands over the last part; an export of no rows still has one (empty) part, so readers always find a file. */
    public void finish() {
        if (current == null && finished == 0) {
            current = new PartWriter();
        }
        if (current != null) {
            closeCurrent();
        }
    }

    /** Parts handed to the sink so far. */
    public int finished() {
        return finished;
    }

    private void closeCurrent() {
        Part part = current.close(finished + 1);
        current = null;
        finished++;
        sink.accept(part);
    }

    /** The two files of the part being written. */
    private final class PartWriter {

        private final InMemoryOutputFile parquetFile = new InMemoryOutputFile();
        private final ParquetWriter<Group> parquet;
        private final SimpleGroupFactory groups = new SimpleGroupFactory(ExportColumns.SCHEMA);
        private final ByteArrayOutputStream jsonl = new ByteArrayOutputStream();
        private long rows;

        PartWriter() {
            try {
                parquet = ExampleParquetWriter.builder(parquetFile)
                        .withConf(new PlainParquetConfiguration())
                        .withType(ExportColumns.SCHEMA)
                        .withCompressionCodec(CompressionCodecName.UNCOMPRESSED)
                        .build();
            } catch (IOException e) {
                throw new UncheckedIOException("opening a Parquet part in memory failed", e);
            }
        }

        void write(ExportRow row) {
            try {
                parquet.write(ExportFiles.group(groups.newGroup(), row));
            } catch (IOException e) {
                throw new UncheckedIOException("writing Parquet to memory failed", e);
            }
            jsonl.writeBytes(ExportFiles.json(row));
            jsonl.write('\n');
            rows++;
        }

        boolean full() {
            return rows >= maxRows || jsonl.size() >= maxBytes;
        }

        Part close(int number) {
            try {
                parquet.close();
            } catch (IOException e) {
                throw new UncheckedIOException("closing a Parquet part in memory failed", e);
            }
            return new Part(number, rows, parquetFile.bytes(), jsonl.toByteArray());
        }
    }
}
