package org.openhorde.contracts.economy;

/**
 * The horde tax (seed rule): every image costs its requester 3 kudos on top of its price, or 1 kudo when the request
 * is shared with the public dataset. The tax is burned, never paid to anyone.
 */
public final class HordeTax {

    public static final long PER_IMAGE = Centikudos.ofKudos(3);
    public static final long PER_SHARED_IMAGE = Centikudos.ofKudos(1);

    private HordeTax() {
    }

    public static long perImage(boolean shared) {
        return shared ? PER_SHARED_IMAGE : PER_IMAGE;
    }
}
