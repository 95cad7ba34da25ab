package org.openhorde.ratings.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.openhorde.contracts.HordeException;
import org.openhorde.contracts.Rc;
import org.openhorde.ratings.domain.RequestRatingRules.ImageScore;
import org.openhorde.ratings.domain.RequestRatingRules.Outcome;
import org.openhorde.ratings.domain.RequestRatingRules.Rewards;

/** A requester's ratings of their own request: the AI Horde's refusals, best-of choice, kudos and cost cap. */
class RequestRatingRulesTest {

    private static final String A = "00000000-0000-0000-0000-00000000000a";
    private static final String B = "00000000-0000-0000-0000-00000000000b";
    private static final String C = "00000000-0000-0000-0000-00000000000c";
    private static final List<String> SET = List.of(A, B, C);
    private static final Rewards REWARDS = new Rewards(500, 500, 1500);
    private static final long RICH = 1_000_000;

    private static Outcome decide(List<String> set, List<ImageScore> ratings, String best, long cost) {
        return RequestRatingRules.decide(set, ratings, best, REWARDS, cost);
    }

    private static Rc refusal(List<String> set, List<ImageScore> ratings, String best) {
        return Rc.valueOf(assertThrows(HordeException.class, () -> decide(set, ratings, best, RICH)).error().rc());
    }

    @Test
    void refusesWhatTheAiHordeRefuses() {
        assertEquals(Rc.AestheticsMissing, refusal(SET, null, null));
        assertEquals(Rc.AestheticsMissing, refusal(SET, List.of(), " "));
        assertEquals(Rc.ProcGenNotFound, refusal(SET, List.of(new ImageScore("not-in-set", 5, null)), null));
        assertEquals(Rc.ProcGenNotFound, refusal(SET, null, "00000000-0000-0000-0000-0000000000ff"));
        assertEquals(Rc.AestheticsDuplicate, refusal(SET,
                List.of(new ImageScore(A, 5, null), new ImageScore(A.toUpperCase(), 6, null)), null));
        assertEquals(Rc.AestheticsSolo, refusal(List.of(A), null, A));
        assertEquals(Rc.BadRequest, refusal(SET, List.of(new ImageScore(A, 11, null)), null));
        assertEquals(Rc.BadRequest, refusal(SET, List.of(new ImageScore(A, 5, 6)), null));
        assertEquals(Rc.BadRequest, refusal(SET, List.of(new ImageScore(A, null, null)), null));
        // Two tied top ratings and a best that is neither of them.
        assertEquals(Rc.AestheticsConfused, refusal(SET,
                List.of(new ImageScore(A, 8, null), new ImageScore(B, 8, null), new ImageScore(C, 3, null)), C));
    }

    @Test
    void paysFivePerRatingFiveMoreWithArtifactsAndFifteenForABestAlone() {
        Outcome rated = decide(SET, List.of(new ImageScore(A, 8, 1), new ImageScore(B, 4, null)), null, RICH);
        assertEquals(List.of(1000L, 500L), rated.rewards());
        assertEquals(0, rated.bestReward());
        assertEquals(A, rated.best(), "the single top rating is the best");

        Outcome pick = decide(SET, null, B, RICH);
        assertEquals(1500, pick.total());
        assertEquals(B, pick.best());

        // One rating of 7 or more is the best; one below 7 with a pick pays the pick too.
        assertEquals(A, decide(SET, List.of(new ImageScore(A, 7, null)), null, RICH).best());
        Outcome lowWithPick = decide(SET, List.of(new ImageScore(A, 3, null)), B, RICH);
        assertEquals(B, lowWithPick.best());
        assertEquals(2000, lowWithPick.total());
        assertNull(decide(SET, List.of(new ImageScore(A, 8, null)), B, RICH).best(),
                "a high rating and another pick contradict: no best");
        // Ties decided by the pick.
        assertEquals(B, decide(SET, List.of(new ImageScore(A, 8, null), new ImageScore(B, 8, null)), B, RICH).best());
    }

    @Test
    void neverPaysMoreThanTheRequestCostMinusOneKudo() {
        List<ImageScore> three = List.of(new ImageScore(A, 8, 1), new ImageScore(B, 4, 2), new ImageScore(C, 2, null));
        Outcome capped = decide(SET, three, null, 1800);
        assertEquals(1700, capped.total());
        assertEquals(List.of(1000L, 700L, 0L), capped.rewards(), "paid in the order given until the cap");
        assertEquals(2500, decide(SET, three, null, 100_000).total());
        assertEquals(0, decide(SET, three, null, 60).total(), "a request cheaper than a kudo earns nothing");
        assertEquals(1000, decide(SET, null, A, 1100).total());
    }
}
