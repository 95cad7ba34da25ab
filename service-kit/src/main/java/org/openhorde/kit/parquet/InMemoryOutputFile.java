package org.openhorde.kit.parquet;

import java.io.ByteArrayOutputStream;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;

/**
 * Parquet's output abstraction over a byte array: the file goes to S3 in one PUT, no local file, no Hadoop FS.
 * storage-service's shared-dataset manifest and rating-service's research export parts are written through it.
 */
public final class InMemoryOutputFile implements OutputFile {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    /** The file written so far (all of it once the writer is closed). */
    public byte[] bytes() {
        return bytes.toByteArray();
    }

    @Override
    public PositionOutputStream create(long blockSizeHint) {
        return stream();
    }

    @Override
    public PositionOutputStream createOrOverwrite(long blockSizeHint) {
        return stream();
    }

    @Override
    public boolean supportsBlockSize() {
        return false;
    }

    @Override
    public long defaultBlockSize() {
        return 0;
    }

    private PositionOutputStream stream() {
        bytes.reset();
        return new PositionOutputStream() {
            @Override
            public long getPos() {
                return bytes.size();
            }

            @Override
            public void write(int b) {
                bytes.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                bytes.write(b, off, len);
            }
        };
    }
}
