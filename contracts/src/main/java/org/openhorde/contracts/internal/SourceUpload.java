package org.openhorde.contracts.internal;

import java.util.List;

/**
 * Gateway → storage-service: the source image (and mask) of an img2img or inpainting request, and the extra source
 * images of a remix request, each as base64 or an https URL, stored before the request is published.
 *
 * @param mask        {@code null} when the request has none
 * @param maskInAlpha the source image must carry the mask as its alpha channel: an inpainting request without a
 *                    {@code source_mask} (else AI Horde {@code InpaintingMissingMask})
 * @param extraImages a remix request's extra source images, in order; stored at
 *                    {@link org.openhorde.contracts.ObjectKeys#extraSourceImage} by index ({@code null} = none)
 */
public record SourceUpload(String image, String mask, boolean maskInAlpha, List<String> extraImages) {

    /** Sources whose image need not carry an alpha channel. */
    public SourceUpload(String image, String mask) {
        this(image, mask, false);
    }

    /** Sources without extra images. */
    public SourceUpload(String image, String mask, boolean maskInAlpha) {
        this(image, mask, maskInAlpha, List.of());
    }

    /** The extra images, never null. */
    public List<String> extras() {
        return extraImages == null ? List.of() : extraImages;
    }
}
