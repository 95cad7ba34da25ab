package org.openhorde.contracts.economy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The AI Horde's text pricing: context and parameter multipliers, unvalidated backends, unknown models. */
class TextPricingTest {

    private static final String PROMPT_OF_100_TOKENS = "x".repeat(400);
    private static final String TEXT_OF_50_TOKENS = "y".repeat(200);
    private static final String VALIDATED = "AI Horde Worker:27:https://example.org";

    @Test
    void contextMultiplierGrowsExponentiallyAndIsClamped() {
        assertEquals(2.2, TextPricing.contextMultiplier(1024), 1e-9);
        assertEquals(3.4, TextPricing.contextMultiplier(2048), 1e-9);
        assertEquals(6.04, TextPricing.contextMultiplier(4096), 1e-9);
        assertEquals(30, TextPricing.contextMultiplier(1_048_576), 1e-9);
    }

    @Test
    void tokensAreTheQuickCountCappedByMaxLengthWithAFloorOfTwenty() {
        assertEquals(20, TextPricing.tokens("hi", 80));
        assertEquals(50, TextPricing.tokens(TEXT_OF_50_TOKENS, 80));
        assertEquals(51, TextPricing.tokens(TEXT_OF_50_TOKENS + "z", 80));
        assertEquals(16, TextPricing.tokens(TEXT_OF_50_TOKENS, 16));
    }

    @Test
    void parametersAreReadFromTheModelName() {
        assertEquals(13, TextPricing.parameters("koboldcpp/LLaMA2-13B-Tiefighter").getAsDouble());
        assertEquals(2.7, TextPricing.parameters("KoboldAI/OPT-2.7B-Erebus").getAsDouble());
        assertEquals(56, TextPricing.parameters("aphrodite/mistralai/Mixtral-8x7B-Instruct").getAsDouble());
        assertEquals(70, TextPricing.parameters("Llama-3-70b::alice").getAsDouble());
        assertTrue(TextPricing.parameters("gpt-neo-cloud").isEmpty());
        assertTrue(TextPricing.parameters("model-B-final").isEmpty());
    }

    /** Sizes the AI Horde's text model reference lists, which a name spells in other ways or not at all. */
    @Test
    void parametersAgreeWithTheTextModelReferenceForItsSpellings() {
        assertEquals(1.7, TextPricing.parameters("bigscience/bloom-1b7").getAsDouble());
        assertEquals(7.1, TextPricing.parameters("bigscience/bloom-7b1").getAsDouble());
        assertEquals(0.35, TextPricing.parameters("KoboldAI/OPT-350M-Erebus").getAsDouble());
        assertEquals(0.07, TextPricing.parameters("EleutherAI/pythia-70m-deduped").getAsDouble());
        assertEquals(13, TextPricing.parameters("KoboldAI/OPT-13B-350M-mix").getAsDouble(), "billions win");
        assertEquals(176, TextPricing.parameters("bigscience/bloom").getAsDouble());
        assertEquals(1.5, TextPricing.parameters("koboldcpp/gpt2-xl").getAsDouble());
        assertEquals(6, TextPricing.parameters("digitous/Janin-R::bob").getAsDouble());
        assertTrue(TextPricing.parameters("openhorde/text-simulator").isEmpty());
    }

    @Test
    void aValidatedBackendEarnsTheFullRateOfAKnownModel() {
        // 50 tokens × 13 / 125 × cm(80 tokens of context) = 6.53
        assertEquals(653, TextPricing.reward("koboldcpp/LLaMA2-13B-Tiefighter", PROMPT_OF_100_TOKENS,
                TEXT_OF_50_TOKENS, 80, false, VALIDATED));
    }

    @Test
    void anUnvalidatedBackendEarnsThirtyPercent() {
        assertEquals(196, TextPricing.reward("koboldcpp/LLaMA2-13B-Tiefighter", PROMPT_OF_100_TOKENS,
                TEXT_OF_50_TOKENS, 80, false, "my-own-backend:1:https://example.org"));
        assertFalse(TextPricing.validatedBackend(null));
    }

    @Test
    void biggerModelsEarnAParameterBonus() {
        // 80 tokens × (56/13)^0.2 × 56 / 125 × cm(80)
        assertEquals(6024, TextPricing.reward("Mixtral-8x7B", PROMPT_OF_100_TOKENS, "y".repeat(400), 80, false,
                VALIDATED));
    }

    @Test
    void anUnknownModelEarnsTheContextMultiplierOrTheRateOfATrustedTwoPointSevenB() {
        assertEquals(126, TextPricing.reward("mystery", PROMPT_OF_100_TOKENS, TEXT_OF_50_TOKENS, 80, false,
                VALIDATED));
        assertEquals(169, TextPricing.reward("mystery", PROMPT_OF_100_TOKENS, TEXT_OF_50_TOKENS, 80, true,
                VALIDATED));
    }

    @Test
    void theEstimateAssumesThirteenBWithoutAModelAndPricesTheFullLengthAndContext() {
        assertEquals(3536, TextPricing.estimate(List.of(), 80, 2048));
        assertEquals(47365, TextPricing.estimate(List.of("Llama-3-70B"), 80, 4096));
    }

    @Test
    void aScribesUptimeRewardFollowsItsContextModelSizeAndBackend() {
        // (25 + 15 × 4096 / 1024) × 14 / 7 = 170; unknown size: 85 / 2; unvalidated: × 0.3
        assertEquals(17000, TextPricing.uptimeReward("Mistral-14B", 4096, VALIDATED));
        assertEquals(4250, TextPricing.uptimeReward("mystery", 4096, VALIDATED));
        assertEquals(5100, TextPricing.uptimeReward("Mistral-14B", 4096, null));
    }
}
