package org.openhorde.contracts.economy;

import java.util.Set;

/**
 * The form names the AI Horde accepts and what each is worth. Interrogations are more intensive than captions, and a
 * post-processor's work grows with the image, so it is priced by 512-pixel tiles.
 */
public final class InterrogationForms {

    /** The AI Horde's {@code KNOWN_POST_PROCESSORS} (upscalers, face fixers, background removal). */
    public static final Set<String> POST_PROCESSORS = Set.of(
            "GFPGAN", "RealESRGAN_x4plus", "RealESRGAN_x2plus", "RealESRGAN_x4plus_anime_6B", "NMKD_Siax",
            "4x_AnimeSharp", "CodeFormers", "strip_background", "4xNomos8kSC", "4xLSDIRplus",
            "4xNomosWebPhoto_RealPLKSR", "4xNomos2_realplksr_dysample", "4xNomos2_hq_dat2", "2xModernSpanimationV1",
            "GFPGANv1.3", "RestoreFormer");

    /** The analysing forms. */
    public static final Set<String> ANALYSERS = Set.of(
            "caption", "interrogation", "nsfw");

    /** Names the AI Horde's schema also lists; accepted and priced as captions. */
    public static final Set<String> OTHER = Set.of("vectorize", "palette", "describe", "aesthetic");

    /** Whole kudos per tile of a post-processor form. */
    public static final long KUDOS_PER_TILE = 3;

    private InterrogationForms() {
    }

    public static boolean known(String name) {
        return name != null && (ANALYSERS.contains(name) || POST_PROCESSORS.contains(name) || OTHER.contains(name));
    }

    public static boolean postProcessor(String name) {
        return POST_PROCESSORS.contains(name);
    }

    /** Whole kudos the worker earns for the form: 1, 3 for {@code interrogation}, 3 × tiles for post-processors. */
    public static long kudos(String name, int tiles) {
        if ("interrogation".equals(name)) {
            return 3;
        }
        if (postProcessor(name)) {
            return KUDOS_PER_TILE * tiles;
        }
        return 1;
    }

    /** The horde tax in whole kudos the requester pays on top of a form: 1, and 1 more with {@code slow_workers}. */
    public static long tax(boolean slowWorkers) {
        return slowWorkers ? 2 : 1;
    }

    /** The AI Horde's image tiles: {@code ceil(w/512) × ceil(h/512)}. */
    public static int tiles(int width, int height) {
        return ((width + 511) / 512) * ((height + 511) / 512);
    }
}
