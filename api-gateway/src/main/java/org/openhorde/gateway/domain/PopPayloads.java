package org.openhorde.gateway.domain;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.openhorde.contracts.events.ImageParams;
import org.openhorde.contracts.events.ImageRequestSpec;
import org.openhorde.contracts.internal.PopResult;
import org.openhorde.contracts.internal.SourceUrls;

/** Turns what job-service claimed for a worker into the AI Horde's pop answer. */
public final class PopPayloads {

    static final String TEXT_TO_IMAGE = "img2img";
    /** The payload of an empty pop: the AI Horde shows its swagger defaults there (cfg 7.5, karras off). */
    static final ModelPayload NOTHING_TO_DO = new ModelPayload(null, 30, 1, null, false, false, "k_euler_a",
            new BigDecimal("7.5"), 512, 512, false, false, false, false, null, null, null, null, null, null, null,
            null, null);

    private PopPayloads() {
    }

    /**
     * The claimed jobs of one request; {@code uploadUrls} are their presigned upload URLs, in job order;
     * {@code sources} the presigned download URLs of the request's source image and mask, or null without them.
     */
    public static GenerationPayload claimed(PopResult claimed, List<String> uploadUrls, SourceUrls sources) {
        ImageRequestSpec spec = claimed.spec();
        ImageParams params = spec.params();
        ModelPayload payload = new ModelPayload(spec.prompt(), params.steps(), claimed.jobIds().size(),
                claimed.seed(), params.imageIsControl(), params.returnControlMap(), params.samplerName(),
                params.cfgScale(), params.height(), params.width(), params.karras(), params.tiling(),
                params.hiresFix(), params.transparent(), params.postProcessing(), params.clipSkip(),
                params.facefixerStrength(), loras(params), tis(params), params.controlType(),
                params.denoisingStrength(), params.hiresFixDenoisingStrength(),
                !spec.nsfw() && spec.censorNsfw() ? Boolean.TRUE : null);
        return new GenerationPayload(payload, claimed.jobIds().get(0), List.copyOf(claimed.jobIds()),
                WorkerMessageView.inPop(claimed.messages()),
                claimed.ttlSeconds(), Map.of(), claimed.model(), sources == null ? null : sources.imageUrl(),
                spec.sourceProcessing() == null ? TEXT_TO_IMAGE : spec.sourceProcessing(),
                sources == null ? null : sources.maskUrl(), extraSources(spec, sources), uploadUrls.get(0),
                List.copyOf(uploadUrls));
    }

    /**
     * A remix's extra source images as the AI Horde hands them to a worker, {@code [{image, strength}]} with the
     * image as a presigned download URL; {@code null} without them. Only workers whose bridge takes them get here
     * (job-service's matching).
     */
    static List<Object> extraSources(ImageRequestSpec spec, SourceUrls sources) {
        if (sources == null || !spec.hasExtraSourceImages()) {
            return null;
        }
        List<String> urls = sources.extraUrls();
        List<Object> extras = new ArrayList<>();
        for (int i = 0; i < spec.extraSources().size() && i < urls.size(); i++) {
            extras.add(new ExtraSourcePayload(urls.get(i), spec.extraSources().get(i).strength()));
        }
        return List.copyOf(extras);
    }

    /** One extra source image in a pop answer. */
    @Schema(description = "An extra source image of a remix.")
    public record ExtraSourcePayload(
            @Schema(description = "A download URL of the image.")
            String image,
            @Schema(description = "How strongly it shapes the remix.")
            BigDecimal strength) {
    }

    /** Nothing matched: {@code skipped} counts the waiting requests this worker could not take, by reason. */
    public static GenerationPayload nothing(Map<String, Integer> skipped) {
        return nothing(skipped, List.of());
    }

    /** Nothing matched, with the worker's active messages (the AI Horde shows them on every pop). */
    public static GenerationPayload nothing(Map<String, Integer> skipped,
                                            List<org.openhorde.contracts.internal.WorkerMessage> messages) {
        return new GenerationPayload(NOTHING_TO_DO, null, List.of(), WorkerMessageView.inPop(messages), null,
                skipped == null ? Map.of() : skipped, null, null, TEXT_TO_IMAGE, null, null, null, null);
    }

    private static List<Lora> loras(ImageParams params) {
        return params.loras() == null ? null : params.loras().stream()
                .map(l -> new Lora(l.name(), l.model(), l.clip(), l.injectTrigger(), l.isVersion())).toList();
    }

    private static List<TextualInversion> tis(ImageParams params) {
        return params.tis() == null ? null : params.tis().stream()
                .map(ti -> new TextualInversion(ti.name(), ti.injectTi(), ti.strength())).toList();
    }
}
