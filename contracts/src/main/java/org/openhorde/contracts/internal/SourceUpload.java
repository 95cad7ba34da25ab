package org.openhorde.contracts.internal;

/**
 * Gateway → storage-service: the source image (and mask) of an img2img or inpainting request, each as base64 or an
 * https URL, stored before the request is published.
 *
 * @param mask        {@code null} when the request has none
 * @param maskInAlpha the source image must carry the mask as its alpha channel: an inpainting request without a
 *                    {@code source_mask} (else AI Horde {@code InpaintingMissingMask})
 */
public record SourceUpload(String image, String mask, boolean maskInAlpha) {

    /** Sources whose image need not carry an alpha channel. */
    public SourceUpload(String image, String mask) {
        this(image, mask, false);
    }
}
