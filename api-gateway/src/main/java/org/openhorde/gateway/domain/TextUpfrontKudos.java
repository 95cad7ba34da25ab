package org.openhorde.gateway.domain;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import org.openhorde.contracts.HordeException;
import org.openhorde.contracts.Rc;
import org.openhorde.contracts.economy.Centikudos;
import org.openhorde.contracts.economy.TextPricing;
import org.openhorde.contracts.events.TextParams;
import org.openhorde.contracts.events.TextRequestSpec;
import org.openhorde.gateway.domain.GenerationInputRules.RequestWarning;

/**
 * The AI Horde's upfront kudos for text ({@code TextWaitingPrompt.require_upfront_kudos} and the check in {@code
 * TextAsyncGenerate.initiate_waiting_prompt}): a request for more tokens than a busy horde gives away, or one that
 * refuses slow workers, is only queued for a requester who already holds its upfront price; with {@code
 * allow_downgrade} it is shrunk to the free size instead. Anonymous users never hold kudos, so this is also their
 * length limit. How many tokens are free depends on the horde's load: {@code 512 + 5 × text threads online − 0.9 ×
 * queued text generations}, between 256 and 512.
 *
 * @param queuedTextRequests text generations waiting or held at the latest queue snapshot
 * @param textThreads        the threads of the text workers online
 */
public record TextUpfrontKudos(int queuedTextRequests, int textThreads) {

    static final int MOST_FREE_TOKENS = 512;
    static final int FEWEST_FREE_TOKENS = 256;
    static final int TOKENS_PER_THREAD = 5;
    static final double TOKENS_PER_QUEUED = 0.9;
    /** The upfront price of a request that names no model, per generation (the AI Horde's 20 kudos). */
    static final long ANY_MODEL_PRICE_PER_JOB = 20 * Centikudos.PER_KUDO;
    /** A model of unknown size counts as 1B for the upfront price (the AI Horde's multiplier of unknown models). */
    static final double UNKNOWN_MODEL_PARAMETERS = 1;
    /** {@code required = max_length × P / 21} per generation. */
    static final double TOKENS_PER_KUDO_AND_BILLION = 21;

    /** The request as it will be queued, and what the horde changed in it. */
    public record Admitted(TextRequestSpec spec, List<RequestWarning> warnings) {
    }

    /** The most tokens ({@code max_length}) a request may ask for without kudos in hand: 256–512, by load. */
    public int freeTokens() {
        int tokens = MOST_FREE_TOKENS + textThreads * TOKENS_PER_THREAD
                - (int) Math.round(queuedTextRequests * TOKENS_PER_QUEUED);
        return Math.max(FEWEST_FREE_TOKENS, Math.min(MOST_FREE_TOKENS, tokens));
    }

    /**
     * What the requester must hold to queue the request, in centikudos: {@code max_length × P / 21} kudos per
     * generation for the biggest model it names (so naming a small model beside a big one does not make it cheap), or
     * 20 kudos per generation when it names none.
     */
    public static long upfrontPrice(TextRequestSpec spec) {
        int n = spec.params().n();
        if (spec.models().isEmpty()) {
            return ANY_MODEL_PRICE_PER_JOB * n;
        }
        double biggest = spec.models().stream()
                .mapToDouble(model -> TextPricing.parameters(model).orElse(UNKNOWN_MODEL_PARAMETERS))
                .max().orElse(UNKNOWN_MODEL_PARAMETERS);
        long perJob = BigDecimal.valueOf(spec.params().maxLength() * biggest / TOKENS_PER_KUDO_AND_BILLION)
                .setScale(2, RoundingMode.HALF_EVEN).movePointRight(2).longValueExact();
        return perJob * n;
    }

    public boolean needsKudosInHand(TextRequestSpec spec) {
        return !spec.slowWorkers() || spec.params().maxLength() > freeTokens();
    }

    /**
     * @param requesterKudos what the requester holds, in centikudos (0 for the anonymous user)
     * @throws HordeException 403 {@code KudosUpfront} when the requester cannot pay it upfront and may not downgrade
     */
    public Admitted admit(TextRequestSpec spec, long requesterKudos, boolean allowDowngrade) {
        long price = upfrontPrice(spec);
        if (!needsKudosInHand(spec) || price <= requesterKudos) {
            return new Admitted(spec, List.of());
        }
        int free = freeTokens();
        if (!allowDowngrade) {
            throw new HordeException(Rc.KudosUpfront, "Due to heavy demand, for requests over " + free
                    + " tokens, the client needs to already have the required kudos. This request requires "
                    + Centikudos.toWireKudos(price) + " kudos to fulfil.");
        }
        TextRequestSpec downgraded = downgrade(spec, free);
        return new Admitted(downgraded, List.of(new RequestWarning(UpfrontKudos.DOWNGRADED, "This request needed"
                + " kudos upfront, so it was downgraded from " + spec.params().maxLength() + " to "
                + downgraded.params().maxLength() + " tokens" + (spec.slowWorkers() ? "" : ", with slow workers allowed")
                + ".")));
    }

    /** {@code max_length} down to the free tokens, slow workers allowed: what needs no kudos in hand. */
    static TextRequestSpec downgrade(TextRequestSpec spec, int freeTokens) {
        TextParams p = spec.params();
        TextParams params = new TextParams(p.n(), p.maxContextLength(), Math.min(p.maxLength(), freeTokens),
                p.repPen(), p.repPenRange(), p.repPenSlope(), p.temperature(), p.topP(), p.topK(), p.topA(), p.tfs(),
                p.typical(), p.minP(), p.smoothingFactor(), p.dynatempRange(), p.dynatempExponent(),
                p.samplerOrder(), p.stopSequence(), p.useDefaultBadwordsids(), p.singleline(), p.frmtadsnsp(),
                p.frmtrmblln(), p.frmtrmspch(), p.frmttriminc());
        return new TextRequestSpec(spec.prompt(), params, spec.models(), spec.nsfw(), spec.trustedWorkers(), true,
                spec.workers(), spec.workerBlacklist(), spec.softprompt(), spec.validatedBackends(), spec.webhook());
    }
}
