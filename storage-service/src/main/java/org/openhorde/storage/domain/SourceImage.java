package org.openhorde.storage.domain;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Base64;
import java.util.Iterator;
import java.util.Locale;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.openhorde.contracts.HordeException;
import org.openhorde.contracts.Rc;

/**
 * A client's source image or mask, checked against the AI Horde's limits and ready to store: WebP is kept as sent
 * (its size is read from its header), PNG is kept as sent once it decoded, any other format Java reads (JPEG, GIF,
 * BMP) is re-encoded as PNG. The size in pixels is read from the header before anything is decoded, so a small
 * file that claims to be huge (a decompression bomb) is refused without being expanded.
 *
 * @param alpha whether the image is colour plus alpha (four channels, the AI Horde's RGBA test for a mask carried
 *              in the alpha channel): a WebP's alpha flag, or the decoded image's bands
 */
public record SourceImage(byte[] bytes, ImageFormat format, int width, int height, boolean alpha) {

    /** Whether a source value is a URL to fetch rather than base64: base64 never contains a colon. */
    public static boolean isUrl(String value) {
        String lower = value.strip().toLowerCase(Locale.ROOT);
        return value.contains(":") && !lower.startsWith("data:");
    }

    /** Decodes a base64 source (a {@code data:image/...;base64,} prefix is tolerated), refusing it above {@code maxBytes}. */
    public static byte[] decodeBase64(String field, String value, int maxBytes) {
        String base64 = value.strip();
        if (base64.regionMatches(true, 0, "data:", 0, 5)) {
            int comma = base64.indexOf(',');
            base64 = comma < 0 ? "" : base64.substring(comma + 1);
        }
        if (base64.isEmpty()) {
            throw new HordeException(Rc.SourceImageUnreadable, field + " is empty.");
        }
        // base64 of n bytes is 4 * ceil(n / 3) characters: anything longer is too large before decoding it.
        if (base64.length() > 4 * ((maxBytes + 2L) / 3)) {
            throw tooLarge(field, maxBytes);
        }
        byte[] bytes;
        try {
            // Strict decoding (the MIME decoder skips garbage); line breaks some clients insert are dropped first.
            bytes = Base64.getDecoder().decode(base64.replaceAll("\\s", ""));
        } catch (IllegalArgumentException e) {
            throw new HordeException(Rc.SourceImageUnreadable, field + " is neither an https URL nor valid base64.");
        }
        if (bytes.length > maxBytes) {
            throw tooLarge(field, maxBytes);
        }
        return bytes;
    }

    /** Checks decoded bytes: a readable image no larger than {@code maxSide} pixels on either side. */
    public static SourceImage read(String field, byte[] bytes, int maxSide) {
        if (ImageFormat.detect(bytes).orElse(null) == ImageFormat.WEBP) {
            int[] size = webpSize(bytes);
            if (size == null) {
                throw unreadable(field);
            }
            checkSide(field, size[0], size[1], maxSide);
            return new SourceImage(bytes, ImageFormat.WEBP, size[0], size[1], webpAlpha(bytes));
        }
        try (ImageInputStream input = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = input == null ? null : ImageIO.getImageReaders(input);
            if (readers == null || !readers.hasNext()) {
                throw unreadable(field);
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(input, true, true);
                int width = reader.getWidth(0);
                int height = reader.getHeight(0);
                checkSide(field, width, height, maxSide);
                BufferedImage image = reader.read(0);
                boolean alpha = colourWithAlpha(image);
                if (ImageFormat.detect(bytes).orElse(null) == ImageFormat.PNG) {
                    return new SourceImage(bytes, ImageFormat.PNG, width, height, alpha);
                }
                ByteArrayOutputStream png = new ByteArrayOutputStream();
                if (!ImageIO.write(image, "png", png)) {
                    throw unreadable(field);
                }
                return new SourceImage(png.toByteArray(), ImageFormat.PNG, width, height, alpha);
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof HordeException horde) {
                throw horde;
            }
            throw unreadable(field);
        }
    }

    /**
     * Colour plus alpha in four bands, as the AI Horde's split into red, green, blue and alpha needs: a palette image
     * with a transparent entry or grey with alpha has an alpha channel but not this one, and the AI Horde refuses it
     * as a mask carrier too.
     */
    private static boolean colourWithAlpha(BufferedImage image) {
        return image.getColorModel().hasAlpha() && image.getRaster().getNumBands() == 4;
    }

    /**
     * A WebP's alpha, from its header: the extended format's alpha flag, or the lossless format's
     * {@code alpha_is_used} bit; simple lossy WebP has none.
     */
    static boolean webpAlpha(byte[] b) {
        String chunk = new String(b, 12, 4, java.nio.charset.StandardCharsets.US_ASCII);
        return switch (chunk) {
            // Flags byte: reserved (2 bits), ICC, alpha, EXIF, XMP, animation, reserved.
            case "VP8X" -> (b[20] & 0x10) != 0;
            // After the signature: 14 bits width-1, 14 bits height-1, then alpha_is_used.
            case "VP8L" -> (b[24] & 0x10) != 0;
            default -> false;
        };
    }

    private static void checkSide(String field, int width, int height, int maxSide) {
        if (width <= 0 || height <= 0) {
            throw unreadable(field);
        }
        if (width > maxSide || height > maxSide) {
            throw new HordeException(Rc.SourceImageResolutionExceeded, field + " is " + width + "×" + height
                    + " pixels; at most " + maxSide + "×" + maxSide + " are accepted.");
        }
    }

    /**
     * Width and height from a WebP header, or null when it is not a well-formed one. Simple lossy ({@code VP8 }),
     * lossless ({@code VP8L}) and extended ({@code VP8X}) files each store them differently.
     */
    static int[] webpSize(byte[] b) {
        if (b.length < 30) {
            return null;
        }
        String chunk = new String(b, 12, 4, java.nio.charset.StandardCharsets.US_ASCII);
        switch (chunk) {
            case "VP8 " -> {
                // Frame tag (3 bytes), start code 9d 01 2a, then 14-bit width and height.
                if ((b[23] & 0xff) != 0x9d || (b[24] & 0xff) != 0x01 || (b[25] & 0xff) != 0x2a) {
                    return null;
                }
                return new int[] {u16(b, 26) & 0x3fff, u16(b, 28) & 0x3fff};
            }
            case "VP8L" -> {
                // Signature 0x2f, then 14-bit width-1 and height-1, bit-packed little-endian.
                if ((b[20] & 0xff) != 0x2f) {
                    return null;
                }
                long bits = (b[21] & 0xffL) | (b[22] & 0xffL) << 8 | (b[23] & 0xffL) << 16 | (b[24] & 0xffL) << 24;
                return new int[] {(int) (bits & 0x3fff) + 1, (int) ((bits >> 14) & 0x3fff) + 1};
            }
            case "VP8X" -> {
                // 24-bit canvas width-1 and height-1 after 4 bytes of flags.
                return new int[] {u24(b, 24) + 1, u24(b, 27) + 1};
            }
            default -> {
                return null;
            }
        }
    }

    private static int u16(byte[] b, int at) {
        return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8;
    }

    private static int u24(byte[] b, int at) {
        return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8 | (b[at + 2] & 0xff) << 16;
    }

    private static HordeException unreadable(String field) {
        return new HordeException(Rc.SourceImageUnreadable, field + " is not an image we can read (WebP, PNG, JPEG).");
    }

    public static HordeException tooLarge(String field, int maxBytes) {
        return new HordeException(Rc.SourceImageSizeExceeded, field + " is larger than " + maxBytes + " bytes.");
    }
}
