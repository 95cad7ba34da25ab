package org.openhorde.contracts.economy;

/**
 * Whether an image request's results go to the shared (LAION) dataset (seed rules): requested by the client or made
 * by the anonymous user, and never when a source image was given (img2img, inpainting, outpainting, depth2img may be
 * based on personal photos), whatever the client asked for.
 */
public final class SharingPolicy {

    private SharingPolicy() {
    }

    public static boolean applies(boolean sharedRequested, boolean anonymousRequester, boolean hasSourceImage) {
        if (hasSourceImage) {
            return false;
        }
        return sharedRequested || anonymousRequester;
    }
}
