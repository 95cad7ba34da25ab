package org.openhorde.gateway.domain;

import java.util.List;
import java.util.Set;
import org.openhorde.contracts.HordeException;
import org.openhorde.contracts.Rc;
import org.openhorde.contracts.economy.Centikudos;
import org.openhorde.contracts.events.ImageParams;
import org.openhorde.contracts.events.ImageRequestSpec;
import org.openhorde.contracts.internal.UserAccount;
import org.openhorde.gateway.domain.GenerationInputRules.RequestWarning;

/**
 * The AI Horde's upfront kudos (its {@code require_upfront_kudos}): a large or long request is only queued for a
 * requester who already holds what it will cost; with {@code allow_downgrade} it is shrunk until it no longer needs
 * them. Anonymous users never hold kudos, so this is also their size and step limit.
 *
 * @param maxResolution the side of the largest square image that needs no kudos in hand (AI Horde: 1024 on a busy
 *                      horde, less when the queue is long)
 * @param maxSteps      the most (accurate) steps that need no kudos in hand (AI Horde: a model's {@code max_steps},
 *                      40 unless the model reference says otherwise)
 */
public record UpfrontKudos(int maxResolution, int maxSteps) {

    /** Samplers that run the model twice per step, so a step costs two. */
    private static final Set<String> SECOND_ORDER = Set.of("k_heun", "k_dpm_2", "k_dpm_2_a", "k_dpmpp_2s_a",
            "k_dpmpp_sde");
    /** k_dpm_adaptive picks its own step count; the AI Horde counts it as this many. */
    private static final int ADAPTIVE_STEPS = 40;
    private static final int LCM_MAX_STEPS = 10;
    private static final int CONTROLNET_MAX_STEPS = 20;
    /** What a downgrade shrinks the steps to at most (AI Horde: the models' max_steps, default 30)... */
    private static final int DOWNGRADED_MAX_STEPS = 30;
    /** ...but never below. */
    private static final int DOWNGRADED_MIN_STEPS = 5;
    private static final int DOWNGRADED_MIN_SIDE = 512;
    static final String DOWNGRADED = "RequestDowngraded";

    /** The request as it will be queued, and what the horde changed in it. */
    public record Admitted(ImageRequestSpec spec, List<RequestWarning> warnings) {
    }

    /**
     * @param cost what the request costs in total, in centikudos (the dry run's estimate)
     * @throws HordeException 403 {@code KudosUpfront} when the requester cannot pay it upfront and may not downgrade
     */
    public Admitted admit(ImageRequestSpec spec, UserAccount requester, long cost) {
        if (!needsKudosInHand(spec) || cost <= requester.kudos()) {
            return new Admitted(spec, List.of());
        }
        if (!spec.allowDowngrade()) {
            throw new HordeException(Rc.KudosUpfront, "Due to heavy demand, for requests over " + maxResolution + "x"
                    + maxResolution + " or over " + maxSteps + " steps (10 steps for LCM work, and half those steps"
                    + " for k_heun, dpmpp_sde, dpm_2* and 20 for ControlNet), or with slow_workers disabled, the client"
                    + " needs to already have the required kudos. This request requires "
                    + Centikudos.toWireKudos(cost) + " kudos to fulfil.");
        }
        ImageRequestSpec downgraded = downgrade(spec);
        ImageParams was = spec.params();
        ImageParams now = downgraded.params();
        return new Admitted(downgraded, List.of(new RequestWarning(DOWNGRADED, "This request needed kudos upfront,"
                + " so it was downgraded from " + was.width() + "x" + was.height() + ", " + was.steps() + " steps to "
                + now.width() + "x" + now.height() + ", " + now.steps() + " steps"
                + (spec.slowWorkers() ? "" : ", with slow workers allowed") + ".")));
    }

    boolean needsKudosInHand(ImageRequestSpec spec) {
        ImageParams params = spec.params();
        int steps = accurateSteps(params.samplerName(), params.steps());
        long maxPixels = (long) maxResolution * maxResolution;
        return !spec.slowWorkers()
                || ("lcm".equals(params.samplerName()) && steps > LCM_MAX_STEPS)
                || steps > maxSteps
                || params.pixels() > maxPixels
                || (params.controlType() != null && steps > CONTROLNET_MAX_STEPS);
    }

    /** Area down to the free square (sides snapped down to multiples of 64, at least 512), steps down to the cap. */
    ImageRequestSpec downgrade(ImageRequestSpec spec) {
        ImageParams p = spec.params();
        int width = p.width();
        int height = p.height();
        long maxPixels = (long) maxResolution * maxResolution;
        if (p.pixels() > maxPixels) {
            double scale = Math.sqrt((double) maxPixels / p.pixels());
            width = Math.max(DOWNGRADED_MIN_SIDE, (int) (width * scale) / 64 * 64);
            height = Math.max(DOWNGRADED_MIN_SIDE, (int) (height * scale) / 64 * 64);
        }
        int stepCap = "lcm".equals(p.samplerName()) ? LCM_MAX_STEPS
                : p.controlType() != null ? CONTROLNET_MAX_STEPS : Math.min(DOWNGRADED_MAX_STEPS, maxSteps);
        int steps = p.steps();
        while (steps > DOWNGRADED_MIN_STEPS && accurateSteps(p.samplerName(), steps) > stepCap) {
            steps--;
        }
        ImageParams params = new ImageParams(p.samplerName(), p.cfgScale(), p.denoisingStrength(),
                p.hiresFixDenoisingStrength(), width, height, steps, p.n(), p.seed(), p.seedVariation(), p.karras(),
                p.tiling(), p.hiresFix(), p.clipSkip(), p.facefixerStrength(), p.postProcessing(), p.loras(), p.tis(),
                p.controlType(), p.imageIsControl(), p.returnControlMap(), p.transparent());
        return new ImageRequestSpec(spec.prompt(), params, spec.models(), spec.nsfw(), spec.censorNsfw(),
                spec.trustedWorkers(), true, spec.workers(), spec.workerBlacklist(), spec.r2(),
                spec.sharedRequested(), spec.sourceProcessing(), spec.sourceImageKey(), spec.sourceMaskKey(),
                spec.replacementFilter(), spec.allowDowngrade(), spec.disableBatching(), spec.webhook(),
                spec.extraSlowWorkers(), spec.extraSourceImages());
    }

    static int accurateSteps(String sampler, int steps) {
        if ("k_dpm_adaptive".equals(sampler)) {
            return ADAPTIVE_STEPS;
        }
        return SECOND_ORDER.contains(sampler) ? steps * 2 : steps;
    }
}
