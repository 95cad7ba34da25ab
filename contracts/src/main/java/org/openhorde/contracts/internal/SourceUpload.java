package org.openhorde.contracts.internal;

/**
 * Gateway → storage-service: the source image (and mask) of an img2img or inpainting request, each as base64 or an
 * https URL, stored before the request is published.
 *
 * @param mask {@code null} when the request has none
 */
public record SourceUpload(String image, String mask) {
}
