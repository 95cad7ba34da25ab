package org.openhorde.storage.domain;

import java.util.Optional;

/** The image formats a worker may deliver, told apart by their magic bytes rather than by what the sender claims. */
public enum ImageFormat {
    WEBP("image/webp"),
    PNG("image/png");

    private static final byte[] RIFF = {'R', 'I', 'F', 'F'};
    private static final byte[] WEBP_FOURCC = {'W', 'E', 'B', 'P'};
    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

    private final String contentType;

    ImageFormat(String contentType) {
        this.contentType = contentType;
    }

    public String contentType() {
        return contentType;
    }

    /** WebP is a RIFF container: {@code "RIFF" <4-byte size> "WEBP"}; PNG starts with its 8-byte signature. */
    public static Optional<ImageFormat> detect(byte[] bytes) {
        if (startsWith(bytes, 0, RIFF) && startsWith(bytes, 8, WEBP_FOURCC)) {
            return Optional.of(WEBP);
        }
        if (startsWith(bytes, 0, PNG_SIGNATURE)) {
            return Optional.of(PNG);
        }
        return Optional.empty();
    }

    private static boolean startsWith(byte[] bytes, int offset, byte[] prefix) {
        if (bytes.length < offset + prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (bytes[offset + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
