package org.openhorde.gateway.domain;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a style does to a request at intake, as the AI Horde's {@code apply_style} ({@code apis/v2/stable.py},
 * {@code kobold.py}): the style's prompt template takes the user's prompt at {@code {p}} (and, for images, the
 * negative prompt at {@code {np}}); the style's params replace the user's, except the number of images/texts and,
 * for images, the width and height the style does not set; the style's models and nsfw replace the user's.
 */
public final class StyleApplication {

    private static final Pattern SLOTS = Pattern.compile("\\{(p|np)}");
    private static final String NEGATIVE = "###";

    private StyleApplication() {
    }

    /**
     * The image prompt made from {@code template}: the user's positive part at {@code {p}}, the negative part at
     * {@code {np}}, prefixed with {@code ###} when the template has none of its own. Only the two slots are replaced,
     * once each pass, so a user prompt that itself contains {@code {p}} is left as typed.
     */
    public static String imagePrompt(String template, String userPrompt) {
        String given = userPrompt == null ? "" : userPrompt;
        String positive = given;
        String negative = "";
        int split = given.indexOf(NEGATIVE);
        if (split >= 0) {
            positive = given.substring(0, split);
            negative = given.substring(split + NEGATIVE.length());
        }
        if (!template.contains(NEGATIVE) && !negative.isEmpty() && !negative.contains(NEGATIVE)) {
            negative = NEGATIVE + negative;
        }
        return fill(template, positive, negative);
    }

    /** The text prompt made from {@code template}: the user's prompt at {@code {p}}; {@code {np}} becomes nothing. */
    public static String textPrompt(String template, String userPrompt) {
        return fill(template, userPrompt == null ? "" : userPrompt, "");
    }

    private static String fill(String template, String positive, String negative) {
        Matcher slot = SLOTS.matcher(template);
        StringBuilder filled = new StringBuilder();
        while (slot.find()) {
            slot.appendReplacement(filled, Matcher.quoteReplacement(slot.group(1).equals("p") ? positive : negative));
        }
        slot.appendTail(filled);
        return filled.toString();
    }

    /** The style's image params with the user's {@code n}, and the user's width/height where the style sets none. */
    public static ModelGenerationInput imageParams(ModelGenerationInput styleParams, ModelGenerationInput userParams) {
        ModelGenerationInput style = styleParams == null ? GenerationInputRules.NO_PARAMS : styleParams;
        ModelGenerationInput user = userParams == null ? GenerationInputRules.NO_PARAMS : userParams;
        return new ModelGenerationInput(style.samplerName(), style.cfgScale(), style.denoisingStrength(),
                style.hiresFixDenoisingStrength(),
                style.height() != null ? style.height() : user.height(),
                style.width() != null ? style.width() : user.width(),
                style.steps(), user.n(), style.seed(), style.seedVariation(), style.karras(), style.tiling(),
                style.hiresFix(), style.clipSkip(), style.facefixerStrength(), style.postProcessing(), style.loras(),
                style.tis(), style.controlType(), style.imageIsControl(), style.returnControlMap(),
                style.transparent());
    }

    /** The style's text params with the user's {@code n}. */
    public static TextParamsInput textParams(TextParamsInput styleParams, TextParamsInput userParams) {
        Integer n = userParams == null ? null : userParams.n();
        TextParamsInput s = styleParams;
        if (s == null) {
            return new TextParamsInput(n, null, null, null, null, null, null, null, null, null, null, null, null,
                    null, null, null, null, null, null, null, null, null, null, null);
        }
        return new TextParamsInput(n, s.maxContextLength(), s.maxLength(), s.repPen(), s.repPenRange(),
                s.repPenSlope(), s.temperature(), s.topP(), s.topK(), s.topA(), s.tfs(), s.typical(), s.minP(),
                s.smoothingFactor(), s.dynatempRange(), s.dynatempExponent(), s.samplerOrder(), s.stopSequence(),
                s.useDefaultBadwordsids(), s.singleline(), s.frmtadsnsp(), s.frmtrmblln(), s.frmtrmspch(),
                s.frmttriminc());
    }
}
