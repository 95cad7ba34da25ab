package org.openhorde.contracts.economy;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The AI Horde's text pricing ({@code classes/kobold/processing_generation.py get_gen_kudos} for a delivery,
 * {@code waiting_prompt.py calculate_kudos} for the estimate), in centikudos.
 *
 * <p>What a delivery earns grows with the tokens delivered, the model's size in billions of parameters (its
 * "parameter multiplier") and a context multiplier that rises exponentially with the context the prompt fills (higher
 * context costs VRAM exponentially). Workers on backends the AI Horde has not validated earn 30%. A model whose size
 * is unknown earns only the context multiplier, or, on a trusted owner's worker, the rate of a 2.7B model. The
 * requester pays the reward plus {@link #TAX_PER_JOB}.
 *
 * <p>The AI Horde reads a model's size from its text model reference; this horde reads it from the model's name
 * (decision 0022): {@code koboldcpp/LLaMA2-13B-Tiefighter} is 13B, {@code Mixtral-8x7B} 56B.
 */
public final class TextPricing {

    /** Burned per delivered text job on top of the reward: the AI Horde's requester pays reward + 1. */
    public static final long TAX_PER_JOB = Centikudos.PER_KUDO;

    /** The backends whose text generations the AI Horde validated ({@code bridge_reference.LLM_VALIDATED_BACKENDS}). */
    public static final Set<String> VALIDATED_BACKENDS = Set.of("AI Horde Worker", "AI Horde Worker~aphrodite~oai",
            "AI Horde Worker~aphrodite~kai", "KoboldCppEmbedWorker", "TabbyAPI");

    /** The fewest tokens a delivery counts as (short answers still took a model load and a context read). */
    static final int MIN_TOKENS = 20;
    /** Characters per token of the AI Horde's quick token count. */
    static final int CHARS_PER_TOKEN = 4;
    /** The reward of an unvalidated backend, as a share of a validated one's. */
    static final double UNVALIDATED_SHARE = 0.3;
    /** Parameters (billions) assumed for an estimate that names no model. */
    static final double DEFAULT_ESTIMATE_PARAMETERS = 13;
    /** Parameters (billions) of the rate a trusted owner's unknown model earns. */
    static final double UNKNOWN_MODEL_PARAMETERS = 2.7;

    /**
     * A size in a model's name: {@code 13B}, {@code 2.7b}, {@code 8x7B}, or the {@code 1b7} spelling of 1.7B (bloom,
     * pythia), not preceded by a letter or digit.
     */
    private static final Pattern PARAMETERS = Pattern.compile(
            "(?<![A-Za-z0-9.])(?:(\\d{1,3})x)?(\\d{1,4}(?:\\.\\d{1,3})?)[bB](\\d)?(?![A-Za-z0-9])");
    /** A size in millions, for the small models: {@code 350M}, {@code pythia-70m}. */
    private static final Pattern MILLIONS = Pattern.compile("(?<![A-Za-z0-9.])(\\d{2,4})[mM](?![A-Za-z0-9])");
    /**
     * Sizes of well-known models whose names tell none, in billions, keyed by the name's last path segment in lower
     * case. Facts from the AI Horde's text model reference ({@code db0/AI-Horde-text-model-reference}, models.csv,
     * the {@code parameters} column), not its file; decision 0031.
     */
    static final Map<String, Double> KNOWN_SIZES = Map.of(
            "bloom", 176.0, "bloomz", 176.0,
            "gpt2", 0.124, "gpt2-medium", 0.355, "gpt2-large", 0.774, "gpt2-xl", 1.5,
            "gpt-r", 6.0, "javelin-r", 6.0, "janin-r", 6.0);

    private TextPricing() {
    }

    /** {@code clamp(1.2 + 2.2^(log2(contextTokens / 1024)), 0.1, 30)}. */
    public static double contextMultiplier(int contextTokens) {
        double multiplier = 1.2 + Math.pow(2.2, Math.log(contextTokens / 1024.0) / Math.log(2));
        return Math.max(0.1, Math.min(30, multiplier));
    }

    /**
     * The AI Horde's quick token count of a text, capped by what was asked for: {@code min(maxLength, max(20,
     * ceil(chars / 4)))}. It is used for the delivered text and, as the AI Horde does, for the prompt's context.
     */
    public static int tokens(String text, int maxLength) {
        int length = text == null ? 0 : text.length();
        int quick = Math.max(MIN_TOKENS, (length + CHARS_PER_TOKEN - 1) / CHARS_PER_TOKEN);
        return Math.min(maxLength, quick);
    }

    /** The model's size in billions of parameters read from its name, or empty when the name tells none. */
    public static OptionalDouble parameters(String model) {
        if (model == null) {
            return OptionalDouble.empty();
        }
        // A user's named copy ("model::user") prices as the model.
        String name = model.contains("::") ? model.substring(0, model.indexOf("::")) : model;
        Double known = KNOWN_SIZES.get(name.substring(name.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT));
        if (known != null) {
            return OptionalDouble.of(known);
        }
        Matcher size = PARAMETERS.matcher(name);
        double found = -1;
        while (size.find()) {
            // "1b7" is 1.7B
            double billions = Double.parseDouble(size.group(3) == null || size.group(2).contains(".")
                    ? size.group(2) : size.group(2) + "." + size.group(3));
            if (size.group(1) != null) {
                billions *= Integer.parseInt(size.group(1));
            }
            found = billions;
        }
        if (found <= 0) {
            Matcher millions = MILLIONS.matcher(name);
            while (millions.find()) {
                found = Integer.parseInt(millions.group(1)) / 1000.0;
            }
        }
        return found > 0 ? OptionalDouble.of(found) : OptionalDouble.empty();
    }

    /** Whether the bridge agent ({@code name:version:url}) names a validated backend. */
    public static boolean validatedBackend(String bridgeAgent) {
        if (bridgeAgent == null) {
            return false;
        }
        int colon = bridgeAgent.indexOf(':');
        return VALIDATED_BACKENDS.contains(colon < 0 ? bridgeAgent : bridgeAgent.substring(0, colon));
    }

    /**
     * What a delivered text job earns its worker's owner ({@code get_gen_kudos}).
     *
     * @param prompt    the request's prompt (its quick token count is the context)
     * @param generated the delivered text
     */
    public static long reward(String model, String prompt, String generated, int maxLength, boolean ownerTrusted,
                              String bridgeAgent) {
        double context = contextMultiplier(tokens(prompt, maxLength));
        int tokens = tokens(generated, maxLength);
        OptionalDouble parameters = parameters(model);
        if (parameters.isEmpty()) {
            return ownerTrusted ? centikudos(tokens * context * UNKNOWN_MODEL_PARAMETERS / 100) : centikudos(context);
        }
        double kudos = tokens * bonus(parameters.getAsDouble()) * parameters.getAsDouble() / 125;
        if (!validatedBackend(bridgeAgent)) {
            kudos *= UNVALIDATED_SHARE;
        }
        return centikudos(kudos * context);
    }

    /**
     * The price of one generation as the request is queued ({@code calculate_kudos}): for its first model, or a 13B
     * model when it names none, at its full {@code max_length} and {@code max_context_length}.
     */
    public static long estimate(List<String> models, int maxLength, int maxContextLength) {
        double context = contextMultiplier(maxContextLength);
        if (models == null || models.isEmpty()) {
            return centikudos(maxLength * DEFAULT_ESTIMATE_PARAMETERS * context / 100);
        }
        OptionalDouble parameters = parameters(models.get(0));
        if (parameters.isEmpty()) {
            return centikudos(maxLength * UNKNOWN_MODEL_PARAMETERS / 100 * context);
        }
        double p = parameters.getAsDouble();
        return centikudos(maxLength * bonus(p) * p * context / 100);
    }

    /**
     * A scribe's reward per uptime mark ({@code kobold/worker.py calculate_uptime_reward}): {@code 25 + 15 × context /
     * 1024} (context capped at 262,144), halved for a model of unknown size, else times {@code max(P / 7, 0.25)}; ×0.3
     * on an unvalidated backend.
     */
    public static long uptimeReward(String model, int maxContextLength, String bridgeAgent) {
        double base = 25 + 15 * Math.min(maxContextLength, 262_144) / 1024.0;
        OptionalDouble parameters = parameters(model);
        if (parameters.isEmpty()) {
            return centikudos(base * 0.5);
        }
        double multiplier = Math.max(parameters.getAsDouble() / 7, 0.25);
        if (!validatedBackend(bridgeAgent)) {
            base *= UNVALIDATED_SHARE;
        }
        return centikudos(base * multiplier);
    }

    /** The AI Horde's bonus for models over 13B: {@code (max(P, 13) / 13)^0.2}. */
    private static double bonus(double parameters) {
        return Math.pow(Math.max(parameters, 13) / 13, 0.20);
    }

    /** Rounded to hundredths as the AI Horde's {@code round(x, 2)}. */
    private static long centikudos(double kudos) {
        return BigDecimal.valueOf(kudos).setScale(2, RoundingMode.HALF_EVEN).movePointRight(2).longValueExact();
    }

}
