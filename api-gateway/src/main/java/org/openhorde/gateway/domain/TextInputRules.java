package org.openhorde.gateway.domain;

import java.math.BigDecimal;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.openhorde.contracts.HordeException;
import org.openhorde.contracts.Rc;
import org.openhorde.contracts.events.TextParams;
import org.openhorde.contracts.events.TextRequestSpec;
import org.openhorde.kit.webhook.WebhookUrls;

/**
 * The AI Horde's rules for a text request ({@code GenerationInputKobold}, {@code ModelGenerationInputKobold} and
 * {@code validation.py validate_text_params}): schema limits first, all reported in one 400, then the text rules, each
 * with its own {@code rc}.
 */
public final class TextInputRules {

    static final int DEFAULT_MAX_CONTEXT_LENGTH = 2048;
    static final int DEFAULT_MAX_LENGTH = 80;
    /** The KoboldAI samplers a custom {@code sampler_order} must list, all seven. */
    static final int SAMPLERS = 7;
    static final int MAX_STOP_SEQUENCES = 128;
    static final int MAX_STOP_SEQUENCE_CHARS = 2000;
    private static final int MAX_SOFTPROMPT_LENGTH = 100;
    private static final TextParamsInput NO_PARAMS = new TextParamsInput(null, null, null, null, null, null, null,
            null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null);

    private TextInputRules() {
    }

    public static boolean dryRun(TextGenerationInput input) {
        return input != null && Boolean.TRUE.equals(input.dryRun());
    }

    /** {@code allow_downgrade} (default false): shrink the request rather than refuse it for upfront kudos. */
    public static boolean allowDowngrade(TextGenerationInput input) {
        return input != null && Boolean.TRUE.equals(input.allowDowngrade());
    }

    /** The accepted request, or a 400: every schema violation named at once, else the first text rule broken. */
    public static TextRequestSpec toSpec(TextGenerationInput input) {
        return toSpec(input, false);
    }

    /** As {@link #toSpec(TextGenerationInput)}; {@code allowHttpWebhooks}: {@code horde.webhooks.allow-http}. */
    public static TextRequestSpec toSpec(TextGenerationInput input, boolean allowHttpWebhooks) {
        if (input == null) {
            throw new HordeException(Rc.BadRequest, "A JSON body is required");
        }
        PayloadErrors errors = new PayloadErrors();
        String prompt = input.prompt();
        if (prompt == null) {
            errors.required("prompt");
        }
        TextParams params = params(input.params() == null ? NO_PARAMS : input.params(), errors);
        List<String> models = input.models() == null ? List.of() : input.models();
        if (errors.noNulls("models", models)) {
            models.forEach(model -> errors.length("models", model, 1, 255));
        }
        List<String> workers = errors.maxItems(Rc.BadRequest, "workers", input.workers(),
                GenerationInputRules.MAX_WORKERS);
        if (errors.noNulls("workers", workers)) {
            workers.stream().filter(id -> Uuids.parse(id).isEmpty())
                    .forEach(id -> errors.add("workers", "'" + id + "' is not a worker id"));
        }
        errors.length("softprompt", input.softprompt(), 0, MAX_SOFTPROMPT_LENGTH);
        String webhook = input.webhook();
        if (webhook != null && !WebhookUrls.acceptable(webhook, allowHttpWebhooks)) {
            errors.add("webhook", "'" + webhook + "' must be " + WebhookUrls.rule(allowHttpWebhooks));
        }
        errors.throwIfAny();
        if (input.extraSourceImages() != null && !input.extraSourceImages().isEmpty()) {
            throw new HordeException(Rc.InvalidExtraSourceImages,
                    "This request type does not accept extra source images.");
        }
        checkTextRules(params);
        String softprompt = input.softprompt() == null || input.softprompt().isEmpty() ? null : input.softprompt();
        return new TextRequestSpec(prompt, params, List.copyOf(models), PayloadErrors.flag(input.nsfw(), false),
                PayloadErrors.flag(input.trustedWorkers(), false), PayloadErrors.flag(input.slowWorkers(), true),
                List.copyOf(workers), PayloadErrors.flag(input.workerBlacklist(), false), softprompt,
                PayloadErrors.flag(input.validatedBackends(), true), webhook);
    }

    /** {@code validate_text_params}: what the schema cannot say. */
    static void checkTextRules(TextParams params) {
        if (params.maxContextLength() < params.maxLength()) {
            throw new HordeException(Rc.TokenOverflow, "You cannot request more tokens than your context length.");
        }
        if (params.samplerOrder() != null && new HashSet<>(params.samplerOrder()).size() < SAMPLERS) {
            throw new HordeException(Rc.MissingFullSamplerOrder,
                    "When sending a custom sampler order, you need to specify all possible samplers in the order");
        }
        if (params.stopSequence() != null) {
            Set<String> stops = new HashSet<>(params.stopSequence());
            if (stops.size() > MAX_STOP_SEQUENCES) {
                throw new HordeException(Rc.TooManyStopSequences,
                        "Too many stop sequences specified (max allowed is " + MAX_STOP_SEQUENCES + ").");
            }
            if (stops.stream().mapToInt(String::length).sum() > MAX_STOP_SEQUENCE_CHARS) {
                throw new HordeException(Rc.ExcessiveStopSequence,
                        "Your total stop sequence length exceeds the allowed limit (" + MAX_STOP_SEQUENCE_CHARS
                                + " chars).");
            }
        }
    }

    /** A copy for the spec; a list with nulls is already an error, so it need not be kept. */
    private static <T> List<T> copyWithoutNulls(List<T> given) {
        return given == null ? null : given.stream().filter(Objects::nonNull).toList();
    }

    private static TextParams params(TextParamsInput p, PayloadErrors errors) {
        int n = errors.integer("params.n", p.n(), 1, 20, 1);
        int maxContext = errors.integer("params.max_context_length", p.maxContextLength(), 80, 1_048_576,
                DEFAULT_MAX_CONTEXT_LENGTH);
        int maxLength = errors.integer("params.max_length", p.maxLength(), 16, 4096, DEFAULT_MAX_LENGTH);
        BigDecimal repPen = errors.decimal("params.rep_pen", p.repPen(), "1", "3", null);
        Integer repPenRange = errors.integer("params.rep_pen_range", p.repPenRange(), 0, 4096, null);
        BigDecimal repPenSlope = errors.decimal("params.rep_pen_slope", p.repPenSlope(), "0", "10", null);
        BigDecimal temperature = errors.decimal("params.temperature", p.temperature(), "0", "5", null);
        BigDecimal topP = errors.decimal("params.top_p", p.topP(), "0.001", "1", null);
        Integer topK = errors.integer("params.top_k", p.topK(), 0, 200, null);
        BigDecimal topA = errors.decimal("params.top_a", p.topA(), "0", "1", null);
        BigDecimal tfs = errors.decimal("params.tfs", p.tfs(), "0", "1", null);
        BigDecimal typical = errors.decimal("params.typical", p.typical(), "0", "1", null);
        BigDecimal minP = errors.decimal("params.min_p", p.minP(), "0", "1", null);
        BigDecimal smoothing = errors.decimal("params.smoothing_factor", p.smoothingFactor(), "0", "10", null);
        BigDecimal dynatempRange = errors.decimal("params.dynatemp_range", p.dynatempRange(), "0", "5", null);
        BigDecimal dynatempExponent = errors.decimal("params.dynatemp_exponent", p.dynatempExponent(), "0", "5",
                null);
        List<Integer> samplerOrder = p.samplerOrder();
        if (samplerOrder != null && errors.noNulls("params.sampler_order", samplerOrder)) {
            samplerOrder.stream().filter(s -> s < 0 || s >= SAMPLERS).findFirst().ifPresent(s ->
                    errors.add("params.sampler_order", s + " is not a sampler (0 to " + (SAMPLERS - 1) + ")"));
        }
        List<String> stopSequence = p.stopSequence();
        if (stopSequence != null) {
            errors.noNulls("params.stop_sequence", stopSequence);
        }
        return new TextParams(n, maxContext, maxLength, repPen, repPenRange, repPenSlope, temperature, topP, topK,
                topA, tfs, typical, minP, smoothing, dynatempRange, dynatempExponent,
                copyWithoutNulls(samplerOrder), copyWithoutNulls(stopSequence), p.useDefaultBadwordsids(), p.singleline(),
                p.frmtadsnsp(), p.frmtrmblln(), p.frmtrmspch(), p.frmttriminc());
    }
}
