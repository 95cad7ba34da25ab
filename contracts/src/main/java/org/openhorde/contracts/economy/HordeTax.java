package org.openhorde.contracts.economy;

/**
 * The horde tax (seed rule): every image costs its requester 3 kudos on top of its price, or 1 kudo when the request
 * is shared with the public dataset, plus 5 kudos per extra source image of a remix request (the AI Horde's
 * activation tax for them). The tax is burned, never paid to anyone.
 */
public final class HordeTax {

    public static final long PER_IMAGE = Centikudos.ofKudos(3);
    public static final long PER_SHARED_IMAGE = Centikudos.ofKudos(1);

    private HordeTax() {
    }

    /** What the AI Horde burns per extra source image of a remix request, once per request. */
    public static final long PER_EXTRA_SOURCE_IMAGE = Centikudos.ofKudos(5);

    public static long perImage(boolean shared) {
        return shared ? PER_SHARED_IMAGE : PER_IMAGE;
    }

    /**
     * The tax per image of a request with {@code extraSources} extra source images and {@code images} images: the AI
     * Horde's {@code 5 × len(extra_source_images)} per request, spread over its images because this horde burns tax
     * per delivered image (rounded up to whole centikudos, so all images together never pay less).
     */
    public static long perImage(boolean shared, int extraSources, int images) {
        long extra = PER_EXTRA_SOURCE_IMAGE * extraSources;
        int over = Math.max(1, images);
        return perImage(shared) + (extra + over - 1) / over;
    }
}
