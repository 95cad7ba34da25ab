package org.openhorde.gateway.domain;

import java.math.RoundingMode;
import org.openhorde.contracts.economy.Centikudos;
import org.openhorde.contracts.economy.HordeTax;
import org.openhorde.contracts.economy.ImagePricing;
import org.openhorde.contracts.economy.SharingPolicy;
import org.openhorde.contracts.events.ImageRequestSpec;
import org.openhorde.contracts.internal.UserAccount;

/**
 * What an image request costs this requester, in centikudos: a worker earns {@code pricePerImage} per image, and
 * {@code taxPerImage} is burned on top (less when the request is shared, more with extra source images).
 */
public record RequestQuote(long pricePerImage, long taxPerImage, boolean shared, int images) {

    public static RequestQuote of(ImageRequestSpec spec, UserAccount requester) {
        boolean shared = SharingPolicy.applies(spec.sharedRequested(), requester.anonymous(), spec.hasSourceImage());
        return new RequestQuote(ImagePricing.pricePerImage(spec.params(), spec.hasSourceImage()),
                HordeTax.perImage(shared, spec.extraSources().size(), spec.params().n()), shared, spec.params().n());
    }

    /** What all images cost with tax, in centikudos: what a request needing kudos upfront must find in hand. */
    public long totalCost() {
        return (pricePerImage + taxPerImage) * images;
    }

    /** The dry run's answer: whole kudos for all images with tax, rounded half-even like the AI Horde's Python. */
    public long estimatedKudos() {
        long total = totalCost();
        return Centikudos.toKudos(total).setScale(0, RoundingMode.HALF_EVEN).longValueExact();
    }
}
