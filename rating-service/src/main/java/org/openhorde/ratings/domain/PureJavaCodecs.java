package org.openhorde.ratings.domain;

import io.airlift.compress.Decompressor;
import io.airlift.compress.snappy.SnappyDecompressor;
import io.airlift.compress.zstd.ZstdDecompressor;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.zip.GZIPInputStream;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/**
 * Decompression for the Parquet manifests operators bring, without Hadoop's codec machinery (its configuration
 * stack and native libraries, which we do not ship): pure-Java Snappy and Zstandard (aircompressor) and the JDK's
 * gzip — the defaults of pyarrow, DuckDB and Spark. Reading only; the export itself is written uncompressed.
 */
final class PureJavaCodecs implements CompressionCodecFactory {

    @Override
    public BytesInputCompressor getCompressor(CompressionCodecName codec) {
        throw new UnsupportedOperationException("only reads");
    }

    @Override
    public BytesInputDecompressor getDecompressor(CompressionCodecName codec) {
        return switch (codec) {
            case UNCOMPRESSED -> new Codec(null, false);
            case SNAPPY -> new Codec(new SnappyDecompressor(), false);
            case ZSTD -> new Codec(new ZstdDecompressor(), false);
            case GZIP -> new Codec(null, true);
            default -> throw new IllegalArgumentException("Parquet compression " + codec
                    + " is not supported; write the manifest uncompressed or with snappy, zstd or gzip.");
        };
    }

    @Override
    public void release() {
    }

    private record Codec(Decompressor decompressor, boolean gzip) implements BytesInputDecompressor {

        @Override
        public BytesInput decompress(BytesInput bytes, int uncompressedSize) throws IOException {
            byte[] input = bytes.toByteArray();
            if (decompressor == null && !gzip) {
                return BytesInput.from(input);
            }
            byte[] output = new byte[uncompressedSize];
            if (gzip) {
                try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(input))) {
                    int read = in.readNBytes(output, 0, uncompressedSize);
                    if (read != uncompressedSize) {
                        throw new IOException("gzip page shorter than its header says");
                    }
                }
            } else {
                decompressor.decompress(input, 0, input.length, output, 0, uncompressedSize);
            }
            return BytesInput.from(output);
        }

        @Override
        public void decompress(ByteBuffer input, int compressedSize, ByteBuffer output, int decompressedSize)
                throws IOException {
            byte[] in = new byte[compressedSize];
            input.get(in);
            output.put(decompress(BytesInput.from(in), decompressedSize).toByteArray());
        }

        @Override
        public void release() {
        }
    }
}
