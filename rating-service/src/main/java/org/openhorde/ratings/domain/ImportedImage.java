package org.openhorde.ratings.domain;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;

/**
 * The rules of one imported dataset image: its id (derived, so a re-run of an import finds the images it made),
 * where its bytes go, which object keys a manifest may name, and which bytes count as an image.
 */
public final class ImportedImage {

    /** The longest manifest id kept (the column's width). */
    public static final int MAX_ENTRY_ID = 300;
    /** The longest object key (the column's width). */
    public static final int MAX_OBJECT_KEY = 300;

    private ImportedImage() {
    }

    /** The image's id: the same for the same dataset and manifest id, whichever run or replica imports it. */
    public static UUID imageId(String datasetName, String entryId) {
        return UUID.nameUUIDFromBytes((datasetName + ":" + entryId).getBytes(StandardCharsets.UTF_8));
    }

    /** Where a fetched image is stored in the datasets bucket. */
    public static String objectKey(UUID datasetId, UUID imageId, ImageType type) {
        return "datasets/" + datasetId + "/" + imageId + "." + type.extension();
    }

    /**
     * Why a manifest's object key is refused, or empty when it may be used: a plain relative key in the datasets
     * bucket, no {@code ..} segment, no control characters.
     */
    public static Optional<String> objectKeyProblem(String key) {
        if (key.length() > MAX_OBJECT_KEY) {
            return Optional.of("object_key is longer than " + MAX_OBJECT_KEY + " characters");
        }
        if (key.startsWith("/") || key.contains("\\")) {
            return Optional.of("object_key must be a relative key without backslashes");
        }
        for (String segment : key.split("/", -1)) {
            if (segment.equals("..") || segment.equals(".") || segment.isEmpty()) {
                return Optional.of("object_key has an empty, '.' or '..' segment");
            }
        }
        if (key.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            return Optional.of("object_key has control characters");
        }
        return Optional.empty();
    }

    /** The image formats a dataset may hold: what browsers show and the rating page displays. */
    public enum ImageType {
        PNG("png", "image/png"), JPEG("jpg", "image/jpeg"), WEBP("webp", "image/webp");

        private final String extension;
        private final String contentType;

        ImageType(String extension, String contentType) {
            this.extension = extension;
            this.contentType = contentType;
        }

        public String extension() {
            return extension;
        }

        public String contentType() {
            return contentType;
        }
    }

    /** The format the bytes' signature names (the first 12 bytes suffice), empty for anything else. */
    public static Optional<ImageType> sniff(byte[] head) {
        if (startsWith(head, 0, 0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a)) {
            return Optional.of(ImageType.PNG);
        }
        if (startsWith(head, 0, 0xff, 0xd8, 0xff)) {
            return Optional.of(ImageType.JPEG);
        }
        if (startsWith(head, 0, 'R', 'I', 'F', 'F') && startsWith(head, 8, 'W', 'E', 'B', 'P')) {
            return Optional.of(ImageType.WEBP);
        }
        return Optional.empty();
    }

    private static boolean startsWith(byte[] bytes, int offset, int... signature) {
        if (bytes.length < offset + signature.length) {
            return false;
        }
        for (int i = 0; i < signature.length; i++) {
            if ((bytes[offset + i] & 0xff) != signature[i]) {
                return false;
            }
        }
        return true;
    }
}
