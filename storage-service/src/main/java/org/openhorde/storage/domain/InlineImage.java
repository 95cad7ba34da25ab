package org.openhorde.storage.domain;

import java.util.Base64;
import org.openhorde.contracts.HordeException;
import org.openhorde.contracts.Rc;

/** An image a worker submitted inline as base64, decoded and checked before it is stored. */
public record InlineImage(byte[] bytes, ImageFormat format) {

    /**
     * Decodes and checks a worker's base64 image.
     *
     * @throws HordeException {@code BadRequest} when it is empty, not base64, larger than {@code maxBytes} decoded, or
     *                        neither WebP nor PNG
     */
    public static InlineImage decode(String base64, int maxBytes) {
        if (base64 == null || base64.isEmpty()) {
            throw badRequest("generation is empty");
        }
        // Refuse before decoding: base64 of n bytes is 4 * ceil(n / 3) characters, so anything longer is too large
        // (or not base64), and a huge body never gets decoded into memory.
        if (base64.length() > 4 * ((maxBytes + 2L) / 3)) {
            throw tooLarge(maxBytes);
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw badRequest("generation is not valid base64");
        }
        if (bytes.length > maxBytes) {
            throw tooLarge(maxBytes);
        }
        ImageFormat format = ImageFormat.detect(bytes)
                .orElseThrow(() -> badRequest("generation must be a WebP or PNG image"));
        return new InlineImage(bytes, format);
    }

    private static HordeException tooLarge(int maxBytes) {
        return badRequest("generation is larger than " + maxBytes + " bytes");
    }

    private static HordeException badRequest(String message) {
        return new HordeException(Rc.BadRequest, message);
    }
}
