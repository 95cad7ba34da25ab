package org.openhorde.gateway.domain;

import static org.openhorde.gateway.domain.PayloadErrors.flag;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.openhorde.contracts.ObjectKeys;
import org.openhorde.contracts.HordeException;
import org.openhorde.contracts.Rc;
import org.openhorde.contracts.events.ExtraSourceImage;
import org.openhorde.contracts.events.ImageParams;
import org.openhorde.contracts.events.ImageRequestSpec;
import org.openhorde.contracts.events.LoraSpec;
import org.openhorde.contracts.events.TiSpec;
import org.openhorde.contracts.internal.SourceUpload;
import org.openhorde.kit.webhook.WebhookUrls;

/**
 * Validates an image request and applies the defaults the AI Horde really uses (its request parser's and its
 * waiting prompt's, not its swagger's): 512×512, 30 steps, {@code k_euler_a}, cfg 5.0, karras on, one image;
 * {@code nsfw} and {@code censor_nsfw} true, models {@code ["stable_diffusion"]}. Source images are only checked
 * for presence here; their content (size, resolution, format, URL safety, an alpha channel for inpainting without
 * a mask) is storage-service's to judge when it stores them, the extra source images of a remix included.
 */
public final class GenerationInputRules {

    private static final Set<String> SAMPLERS = Set.of("k_lms", "k_heun", "k_euler", "k_euler_a", "k_dpm_2",
            "k_dpm_2_a", "k_dpm_fast", "k_dpm_adaptive", "k_dpmpp_2s_a", "k_dpmpp_2m", "dpmsolver", "k_dpmpp_sde",
            "DDIM", "lcm");
    private static final Set<String> CONTROL_TYPES = Set.of("canny", "hed", "depth", "normal", "openpose", "seg",
            "scribble", "fakescribbles", "hough");
    private static final Set<String> UPSCALERS = Set.of("RealESRGAN_x4plus", "RealESRGAN_x2plus",
            "RealESRGAN_x4plus_anime_6B", "NMKD_Siax", "4x_AnimeSharp", "4xNomos8kSC", "4xLSDIRplus",
            "4xNomosWebPhoto_RealPLKSR", "4xNomos2_realplksr_dysample", "4xNomos2_hq_dat2", "2xModernSpanimationV1");
    private static final Set<String> POST_PROCESSORS = union(UPSCALERS,
            Set.of("GFPGAN", "CodeFormers", "strip_background", "GFPGANv1.3", "RestoreFormer"));
    private static final Set<String> SOURCE_PROCESSING = Set.of("img2img", "inpainting", "outpainting", "remix");
    /** Stable Cascade's image variations: the source image (and any extra ones) remixed into a new image. */
    static final String REMIX = "remix";
    /**
     * The models of the baseline {@code stable_cascade} in the model reference: the only ones a remix may ask for
     * (AI Horde {@code InvalidRemix}). Named here, as the gateway has no model catalog yet.
     */
    static final Set<String> STABLE_CASCADE_MODELS = Set.of("Stable Cascade 1.0");
    /** The AI Horde's limit of {@code extra_source_images}; more than one needs a trusted user. */
    public static final int MAX_EXTRA_SOURCE_IMAGES = 5;
    public static final int UNTRUSTED_EXTRA_SOURCE_IMAGES = 1;
    static final BigDecimal DEFAULT_EXTRA_SOURCE_STRENGTH = new BigDecimal("1.0");
    /** The AI Horde's depth2img model: it needs a source image and has no use for a mask. */
    static final String DEPTH_MODEL = "Stable Diffusion 2 Depth";
    static final String MASK_IGNORED = "SourceMaskIgnored";
    private static final Set<String> TI_INJECTIONS = Set.of("prompt", "negprompt");
    /** pix2pix edits a given image: like depth2img it cannot run without one. */
    static final String PIX2PIX_MODEL = "pix2pix";
    /**
     * Families of models ControlNet does not work with (AI Horde {@code ControlNetUnsupported}); this horde has no
     * model catalog in the gateway, so a model is recognised by its family's name in its own name.
     */
    private static final List<String> NO_CONTROLNET_FAMILIES = List.of("sdxl", "cascade", "flux", "qwen",
            "z-image", "z_image");
    /** Families whose workers cannot do hires_fix (AI Horde {@code HiResMismatch}). */
    private static final List<String> NO_HIRES_FAMILIES = List.of("flux", "qwen", "z-image", "z_image");
    /** ControlNet's step cap and default: the AI Horde caps silently at 40 and defaults to 20. */
    static final int CONTROLNET_MAX_STEPS = 40;
    static final int CONTROLNET_DEFAULT_STEPS = 20;

    static final int MAX_PROMPT_WORDS = 7500;
    static final int MAX_LORAS = 5;
    static final int MAX_TIS = 20;
    static final int MAX_WORKERS = 5;
    static final int DEFAULT_STEPS = 30;
    /**
     * The AI Horde's request parser defaults (its swagger says {@code nsfw: false} and no models, but the parser is
     * what a client omitting the field gets): an omitted {@code nsfw} allows NSFW, so only workers accepting NSFW
     * take the request, and an omitted {@code censor_nsfw} asks a worker to censor NSFW when {@code nsfw} is false.
     */
    static final boolean DEFAULT_NSFW = true;
    static final boolean DEFAULT_CENSOR_NSFW = true;
    static final List<String> DEFAULT_MODELS = List.of("stable_diffusion");
    static final BigDecimal DEFAULT_CFG_SCALE = new BigDecimal("5.0");
    private static final BigDecimal ONE = new BigDecimal("1.0");
    static final ModelGenerationInput NO_PARAMS = new ModelGenerationInput(null, null, null, null, null,
            null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null);
    private static final GenerationInput NO_INPUT = new GenerationInput(null, null, null, null, null, null, null,
            null, null, null, null, null, null, null, null, null, null, null, null);

    private GenerationInputRules() {
    }

    public static boolean dryRun(GenerationInput input) {
        return input != null && Boolean.TRUE.equals(input.dryRun());
    }

    /** A note in the 202 answer about something the horde changed in the request (AI Horde {@code warnings}). */
    public record RequestWarning(String code, String message) {
    }

    /**
     * The accepted request, or a 400 naming every offending field. A source image and mask get their object keys
     * under {@code requestId} (the key scheme is fixed), so that the price and the sharing rule see them at once.
     */
    public static ImageRequestSpec toSpec(GenerationInput given, UUID requestId) {
        return toSpec(given, requestId, false);
    }

    /** As {@link #toSpec(GenerationInput, UUID)}; {@code allowHttpWebhooks}: {@code horde.webhooks.allow-http}. */
    public static ImageRequestSpec toSpec(GenerationInput given, UUID requestId, boolean allowHttpWebhooks) {
        GenerationInput input = given == null ? NO_INPUT : given;
        PayloadErrors errors = new PayloadErrors();
        String prompt = input.prompt();
        if (prompt == null) {
            errors.add(Rc.MissingPrompt, "prompt", "'prompt' is a required property");
        } else if (prompt.isBlank()) {
            errors.add(Rc.MissingPrompt, "prompt", "The prompt cannot be empty.");
        } else if (prompt.strip().split("\\s+").length > MAX_PROMPT_WORDS) {
            errors.add(Rc.InvalidPromptSize, "prompt", "The prompt is longer than " + MAX_PROMPT_WORDS + " words.");
        }
        ImageParams params = params(input.params() == null ? NO_PARAMS : input.params(), errors);

        // Absent models mean the AI Horde parser's default, stable_diffusion; an explicit [] means any model.
        List<String> models = input.models() == null ? DEFAULT_MODELS : input.models();
        if (errors.noNulls("models", models)) {
            models.forEach(model -> errors.length("models", model, 1, 255));
            models.stream().filter(POST_PROCESSORS::contains).findFirst().ifPresent(model -> errors.add(
                    Rc.UnexpectedModelName, "models", "'" + model + "' is a post-processor, not a model; send it in"
                            + " params.post_processing."));
            if (params.controlType() != null) {
                models.stream().filter(GenerationInputRules::controlNetUnsupported).findFirst().ifPresent(model ->
                        errors.add(Rc.ControlNetUnsupported, "params.control_type",
                                "ControlNet does not work with the model '" + model + "'."));
                models.stream().filter(model -> model.toLowerCase(Locale.ROOT).contains("inpainting")).findFirst()
                        .ifPresent(model -> errors.add(Rc.ControlNetInpaintingMismatch, "params.control_type",
                                "ControlNet does not work with the inpainting model '" + model + "'."));
            }
            if (params.hiresFix()) {
                models.stream().filter(model -> family(model, NO_HIRES_FAMILIES)).findFirst().ifPresent(model ->
                        errors.add(Rc.HiResMismatch, "params.hires_fix",
                                "hires_fix does not work with the model '" + model + "'."));
            }
        }
        List<String> workers = errors.maxItems(Rc.BadRequest, "workers", input.workers(), MAX_WORKERS);
        if (errors.noNulls("workers", workers)) {
            workers.stream().filter(id -> Uuids.parse(id).isEmpty())
                    .forEach(id -> errors.add("workers", "'" + id + "' is not a worker id"));
        }
        String webhook = input.webhook();
        if (webhook != null && !WebhookUrls.acceptable(webhook, allowHttpWebhooks)) {
            errors.add("webhook", "'" + webhook + "' must be " + WebhookUrls.rule(allowHttpWebhooks));
        }
        String sourceProcessing = errors.oneOf("source_processing", input.sourceProcessing(), SOURCE_PROCESSING,
                "img2img");
        boolean hasSource = present(input.sourceImage());
        List<ExtraSourceImageInput> extras = extraSources(input, sourceProcessing, params, errors);
        if (REMIX.equals(sourceProcessing)) {
            // The AI Horde checks that every named model is a Stable Cascade one; a remix for any model ([]) could
            // reach a worker of another family, which cannot remix, so it needs a named Cascade model here.
            if (models.isEmpty() || !STABLE_CASCADE_MODELS.containsAll(models)) {
                errors.add(Rc.InvalidRemix, "source_processing",
                        "Image Remix is only available for Stable Cascade models.");
            }
            if (!hasSource) {
                errors.add("source_image", "Image Remix needs a source_image to remix.");
            }
        }
        if (present(input.sourceMask()) && !hasSource) {
            errors.add(Rc.SourceMaskUnnecessary, "source_mask", "A source_mask needs a source_image.");
        }
        if (params.controlType() != null && !hasSource) {
            errors.add("params.control_type", "ControlNet needs a source_image.");
        }
        if (params.controlType() != null && hasSource && !"img2img".equals(sourceProcessing)) {
            errors.add(Rc.ControlNetInpaintingMismatch, "params.control_type",
                    "ControlNet does not work with " + sourceProcessing + ".");
        }
        for (String needsSource : List.of(DEPTH_MODEL, PIX2PIX_MODEL)) {
            if (models.contains(needsSource) && !hasSource) {
                errors.add(Rc.SourceImageRequiredForModel, "source_image",
                        "The model '" + needsSource + "' needs a source_image.");
            }
        }
        errors.throwIfAny();
        String sourceImageKey = hasSource ? ObjectKeys.sourceImage(requestId) : null;
        String sourceMaskKey = maskKept(input) ? ObjectKeys.sourceMask(requestId) : null;
        List<ExtraSourceImage> extraSourceImages = new ArrayList<>();
        for (int i = 0; i < extras.size(); i++) {
            BigDecimal strength = extras.get(i).strength();
            extraSourceImages.add(new ExtraSourceImage(ObjectKeys.extraSourceImage(requestId, i),
                    strength == null ? DEFAULT_EXTRA_SOURCE_STRENGTH : strength));
        }
        return new ImageRequestSpec(prompt, params, List.copyOf(models), flag(input.nsfw(), DEFAULT_NSFW),
                flag(input.censorNsfw(), DEFAULT_CENSOR_NSFW), flag(input.trustedWorkers(), false),
                flag(input.slowWorkers(), true), List.copyOf(workers), flag(input.workerBlacklist(), false),
                flag(input.r2(), true), flag(input.shared(), false), sourceProcessing, sourceImageKey, sourceMaskKey,
                flag(input.replacementFilter(), true), flag(input.allowDowngrade(), false),
                flag(input.disableBatching(), false), webhook, flag(input.extraSlowWorkers(), false),
                List.copyOf(extraSourceImages));
    }

    /**
     * The AI Horde's rules for {@code extra_source_images} that need no account: at most 5, only with a remix, each
     * a non-empty image; none with {@code transparent}. An empty list is no list. Whether the user may send more than
     * one is {@link #requireTrustForExtraSources}'s to say.
     */
    private static List<ExtraSourceImageInput> extraSources(GenerationInput input, String sourceProcessing,
                                                            ImageParams params, PayloadErrors errors) {
        String path = "extra_source_images";
        List<ExtraSourceImageInput> given = input.extraSourceImages();
        if (given == null || given.isEmpty() || !errors.noNulls(path, given)) {
            return List.of();
        }
        if (given.size() > MAX_EXTRA_SOURCE_IMAGES) {
            errors.add(Rc.TooManyExtraSourceImages, path, "You can send a maximum of " + MAX_EXTRA_SOURCE_IMAGES
                    + " extra source images.");
        }
        if (!REMIX.equals(sourceProcessing)) {
            errors.add(Rc.InvalidExtraSourceImages, path, "This request type does not accept extra source images.");
        }
        if (params.transparent()) {
            errors.add(Rc.InvalidTransparencyImg2Img, "params.transparent",
                    "Generating Transparent images is not supported during img2img workflows.");
        }
        for (int i = 0; i < given.size(); i++) {
            if (!present(given.get(i).image())) {
                errors.add(path + "." + i + ".image", "'image' is a required property of at least 1 character");
            }
        }
        return List.copyOf(given);
    }

    /**
     * More than one extra source image costs the horde more storage and worker time: the AI Horde allows it to
     * trusted users and patrons; this horde has no patrons, so to trusted users.
     */
    public static void requireTrustForExtraSources(ImageRequestSpec spec, boolean trusted) {
        if (spec.extraSources().size() > UNTRUSTED_EXTRA_SOURCE_IMAGES && !trusted) {
            throw new HordeException(Rc.MoreThanMinExtraSourceImage,
                    "Only trusted users and patrons can send more than 1 extra source images.");
        }
    }

    private static boolean controlNetUnsupported(String model) {
        return family(model, NO_CONTROLNET_FAMILIES);
    }

    /** Whether the model's name carries one of these family names ("SDXL 1.0", "Flux.1-Schnell fp8 (Compact)"). */
    private static boolean family(String model, List<String> families) {
        String name = model.toLowerCase(Locale.ROOT);
        return families.stream().anyMatch(name::contains);
    }

    /**
     * What storage-service must store before the request is published: the source image, the mask kept, and whether
     * the image must carry the mask in its alpha channel.
     */
    public static Optional<SourceUpload> sources(GenerationInput input) {
        if (input == null || !present(input.sourceImage())) {
            return Optional.empty();
        }
        // Inpainting without a mask paints where the source image is transparent: storage-service checks it has an
        // alpha channel (AI Horde InpaintingMissingMask); outpainting and img2img need none.
        boolean maskInAlpha = "inpainting".equals(input.sourceProcessing()) && !present(input.sourceMask());
        List<String> extras = input.extraSourceImages() == null ? List.of()
                : input.extraSourceImages().stream().map(ExtraSourceImageInput::image).toList();
        return Optional.of(new SourceUpload(input.sourceImage(), maskKept(input) ? input.sourceMask() : null,
                maskInAlpha, extras));
    }

    /** What the horde changed in an accepted request, for the 202 answer. */
    public static List<RequestWarning> warnings(GenerationInput input) {
        if (input != null && present(input.sourceImage()) && present(input.sourceMask()) && depth(input)) {
            return List.of(new RequestWarning(MASK_IGNORED, "The model '" + DEPTH_MODEL + "' does not use a"
                    + " source_mask; it was ignored."));
        }
        return List.of();
    }

    /** A mask is kept with a source image, except for depth2img, which ignores it. */
    private static boolean maskKept(GenerationInput input) {
        return present(input.sourceImage()) && present(input.sourceMask()) && !depth(input);
    }

    private static boolean depth(GenerationInput input) {
        return input.models() != null && input.models().contains(DEPTH_MODEL);
    }

    /** An empty source is no source, as clients send {@code ""} for "none". */
    private static boolean present(String source) {
        return source != null && !source.isBlank();
    }

    private static ImageParams params(ModelGenerationInput p, PayloadErrors errors) {
        String sampler = errors.oneOf("params.sampler_name", p.samplerName(), SAMPLERS, "k_euler_a");
        BigDecimal cfgScale = errors.decimal("params.cfg_scale", p.cfgScale(), "0", "100", DEFAULT_CFG_SCALE);
        if (p.cfgScale() != null && p.cfgScale().stripTrailingZeros().scale() > 2) {
            errors.add(Rc.BadCFGDecimals, "params.cfg_scale",
                    p.cfgScale() + " has more than 2 decimals; cfg_scale allows at most 2");
        }
        BigDecimal denoising = errors.decimal("params.denoising_strength", p.denoisingStrength(), "0.01", "1", null);
        BigDecimal hiresDenoising = errors.decimal("params.hires_fix_denoising_strength",
                p.hiresFixDenoisingStrength(), "0.01", "1", null);
        int width = size("params.width", p.width(), errors);
        int height = size("params.height", p.height(), errors);
        String controlType = errors.oneOf("params.control_type", p.controlType(), CONTROL_TYPES, null);
        boolean tooManySteps = p.steps() != null && p.steps() > 500;
        int steps = errors.integer(tooManySteps ? Rc.TooManySteps : Rc.BadRequest, "params.steps", p.steps(), 1,
                500, controlType == null ? DEFAULT_STEPS : CONTROLNET_DEFAULT_STEPS);
        if (controlType != null) {
            // The AI Horde caps ControlNet's steps without a word; so do we.
            steps = Math.min(steps, CONTROLNET_MAX_STEPS);
        }
        int n = errors.integer("params.n", p.n(), 1, 20, 1);
        Integer seedVariation = errors.integer("params.seed_variation", p.seedVariation(), 1, 1000, null);
        Integer clipSkip = errors.integer("params.clip_skip", p.clipSkip(), 1, 12, null);
        BigDecimal facefixer = errors.decimal("params.facefixer_strength", p.facefixerStrength(), "0", "1", null);
        return new ImageParams(sampler, cfgScale, denoising, hiresDenoising, width, height, steps, n,
                p.seed() == null || p.seed().isBlank() ? null : p.seed(), seedVariation, flag(p.karras(), true),
                flag(p.tiling(), false), flag(p.hiresFix(), false), clipSkip, facefixer,
                postProcessing(p.postProcessing(), errors), loras(p.loras(), errors), tis(p.tis(), errors),
                controlType, flag(p.imageIsControl(), false), flag(p.returnControlMap(), false),
                flag(p.transparent(), false));
    }

    private static int size(String path, Integer value, PayloadErrors errors) {
        int size = errors.integer(Rc.InvalidSize, path, value, 64, 3072, 512);
        if (size % 64 != 0) {
            errors.add(Rc.InvalidSize, path, size + " is not a multiple of 64");
        }
        return size;
    }

    private static List<String> postProcessing(List<String> given, PayloadErrors errors) {
        String path = "params.post_processing";
        if (given == null || !errors.noNulls(path, given)) {
            return List.of();
        }
        given.stream().filter(name -> !POST_PROCESSORS.contains(name))
                .forEach(name -> errors.add(path, "'" + name + "' is not a known post-processor"));
        if (new HashSet<>(given).size() != given.size()) {
            errors.add(path, given + " has non-unique elements");
        }
        if (given.stream().filter(UPSCALERS::contains).count() > 1) {
            errors.add(Rc.TooManyUpscalers, path, "Only one upscaler may be used per image.");
        }
        return List.copyOf(given);
    }

    private static List<LoraSpec> loras(List<Lora> given, PayloadErrors errors) {
        List<Lora> loras = errors.maxItems(Rc.TooManyLoras, "params.loras", given, MAX_LORAS);
        if (!errors.noNulls("params.loras", loras)) {
            return List.of();
        }
        List<LoraSpec> specs = new ArrayList<>();
        for (int i = 0; i < loras.size(); i++) {
            Lora lora = loras.get(i);
            String path = "params.loras." + i;
            if (lora.name() == null) {
                errors.required(path + ".name");
            }
            errors.length(path + ".name", lora.name(), 1, 255);
            boolean isVersion = flag(lora.isVersion(), false);
            if (isVersion && lora.name() != null && !lora.name().matches("\\d+")) {
                errors.add(Rc.BadLoraVersion, path + ".name", "A LoRA version must be given by its numeric id.");
            }
            specs.add(new LoraSpec(lora.name(), errors.decimal(path + ".model", lora.model(), "-5", "5", ONE),
                    errors.decimal(path + ".clip", lora.clip(), "-5", "5", ONE),
                    errors.length(path + ".inject_trigger", lora.injectTrigger(), 1, 30), isVersion));
        }
        return List.copyOf(specs);
    }

    private static List<TiSpec> tis(List<TextualInversion> given, PayloadErrors errors) {
        List<TextualInversion> tis = errors.maxItems(Rc.TooManyTIs, "params.tis", given, MAX_TIS);
        if (!errors.noNulls("params.tis", tis)) {
            return List.of();
        }
        List<TiSpec> specs = new ArrayList<>();
        for (int i = 0; i < tis.size(); i++) {
            TextualInversion ti = tis.get(i);
            String path = "params.tis." + i;
            if (ti.name() == null) {
                errors.required(path + ".name");
            }
            errors.length(path + ".name", ti.name(), 1, 255);
            specs.add(new TiSpec(ti.name(), errors.oneOf(path + ".inject_ti", ti.injectTi(), TI_INJECTIONS, null),
                    errors.decimal(path + ".strength", ti.strength(), "-5", "5", ONE)));
        }
        return List.copyOf(specs);
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new HashSet<>(a);
        all.addAll(b);
        return Set.copyOf(all);
    }
}
