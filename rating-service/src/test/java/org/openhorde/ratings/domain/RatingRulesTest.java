package org.openhorde.ratings.domain;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.openhorde.contracts.HordeException;

/** Pins the reward table, the decision rule of this stage, the input bounds and the rater hash. */
class RatingRulesTest {

    private static final RatingDecision ACCEPTED = RatingDecision.ACCEPTED_FOR_REWARD;

    private static RatingDecision decide(boolean registered, boolean duplicate, RaterStatus status, String verdict,
                                         boolean trusted) {
        return RatingDecision.of(registered, duplicate, status, verdict, trusted, "why");
    }

    @Test
    void rewardsAreFivePerAcceptedRatingAndFiveMoreWithArtifacts() {
        assertEquals(500, RatingReward.of(ACCEPTED, true, false, 500, 500));
        assertEquals(1000, RatingReward.of(ACCEPTED, true, true, 500, 500));
        assertEquals(0, RatingReward.of(ACCEPTED, false, true, 500, 500), "Anonymous cannot be awarded");
        assertEquals(0, RatingReward.of(decide(true, true, RaterStatus.RELIABLE, null, false), true, true, 500, 500),
                "excluded");
    }

    @Test
    void aRatingFollowsItsRatersStandingAndASecondRatingOfAnImageIsExcluded() {
        assertEquals(RatingDecision.Verdict.ACCEPTED, decide(true, false, RaterStatus.RELIABLE, null, false).verdict());
        assertEquals(RatingDecision.Verdict.EXCLUDED, decide(true, true, RaterStatus.RELIABLE, null, false).verdict());
        assertEquals(RatingDecision.Verdict.ACCEPTED, decide(false, true, RaterStatus.EVALUATING, null, false).verdict(),
                "anonymous raters are one crowd");
        assertEquals(RatingDecision.Verdict.HELD, decide(true, false, RaterStatus.EVALUATING, null, false).verdict());
        assertEquals(RatingDecision.Verdict.ACCEPTED, decide(true, false, RaterStatus.EVALUATING, null, true).verdict(),
                "a trusted user is accepted while evaluated");
        RatingDecision shadow = decide(true, false, RaterStatus.UNRELIABLE, null, true);
        assertEquals(RatingDecision.Verdict.EXCLUDED, shadow.verdict());
        assertEquals("shadow-excluded: why", shadow.reason());
        assertEquals(RatingDecision.Verdict.EXCLUDED,
                decide(true, false, RaterStatus.RELIABLE, "flagged", true).verdict(), "a moderator's flag wins");
        assertEquals(RatingDecision.Verdict.ACCEPTED,
                decide(true, false, RaterStatus.UNRELIABLE, "validated", false).verdict(), "and a validation");
        assertEquals("excluded", RatingDecision.Verdict.EXCLUDED.wire());
    }

    @Test
    void ratingsOutsideTheScalesAreRefused() {
        assertDoesNotThrow(() -> RatingRules.validate(1, null));
        assertDoesNotThrow(() -> RatingRules.validate(10, 0));
        assertDoesNotThrow(() -> RatingRules.validate(5, 5));
        for (Integer[] bad : new Integer[][] {{null, 1}, {0, 1}, {11, 1}, {5, -1}, {5, 6}}) {
            HordeException e = assertThrows(HordeException.class, () -> RatingRules.validate(bad[0], bad[1]));
            assertEquals("BadRequest", e.error().rc());
        }
    }

    @Test
    void raterHashesAreStablePerSaltAndUser() {
        assertEquals(RaterHash.of("s", 7), RaterHash.of("s", 7));
        assertNotEquals(RaterHash.of("s", 7), RaterHash.of("s", 8));
        assertNotEquals(RaterHash.of("s", 7), RaterHash.of("t", 7));
        assertEquals(64, RaterHash.of("s", 0).length());
    }

    @Test
    void sampleImagesAreTheSamePictureEverywhereAndDifferFromEachOther() {
        byte[] first = SampleImages.png(3, 32);
        assertEquals(java.util.Arrays.toString(first), java.util.Arrays.toString(SampleImages.png(3, 32)));
        assertNotEquals(java.util.Arrays.toString(first), java.util.Arrays.toString(SampleImages.png(4, 32)));
        assertEquals((byte) 0x89, first[0], "PNG signature");
    }
}
