package org.openhorde.ratings.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openhorde.ratings.domain.RaterReliability.Assessment;

/**
 * The reliability model on a small synthetic community: honest raters (noisy around a hidden truth) end reliable,
 * every kind of scripted rater ends unreliable with its reason, and too little evidence keeps a rater evaluating.
 */
class RaterReliabilityTest {

    private static final int IMAGES = 60;
    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    private final Random random = new Random(17);
    private final List<UUID> images = new ArrayList<>();
    private final Map<UUID, Integer> truth = new HashMap<>();
    private final Map<UUID, Integer> controls = new HashMap<>();
    private final List<RatingEvidence> ratings = new ArrayList<>();

    RaterReliabilityTest() {
        for (int i = 0; i < IMAGES; i++) {
            UUID id = new UUID(0, i);
            images.add(id);
            truth.put(id, 1 + random.nextInt(10));
            if (i % 6 == 0) {
                controls.put(id, truth.get(id));
            }
        }
    }

    private interface Rater {
        int rate(UUID image, int step);
    }

    private void community(long firstUser, int raters, int perRater, long millis, Rater rater) {
        for (long user = firstUser; user < firstUser + raters; user++) {
            List<UUID> order = new ArrayList<>(images);
            java.util.Collections.shuffle(order, random);
            for (int step = 0; step < perRater; step++) {
                UUID image = order.get(step);
                ratings.add(new RatingEvidence(UUID.randomUUID(), user, image, rater.rate(image, step),
                        controls.get(image), millis, null, false, START.plusSeconds(step * 10L + user)));
            }
        }
    }

    private int honest(UUID image) {
        return (int) Math.max(1, Math.min(10, Math.round(truth.get(image) + random.nextGaussian() * 1.2)));
    }

    @Test
    void honestRatersEndReliableAndScriptedOnesUnreliableWithTheirReason() {
        community(1, 40, 25, 3000, (image, step) -> honest(image));
        community(100, 3, 25, 3000, (image, step) -> 1 + random.nextInt(10));
        community(200, 3, 25, 3000, (image, step) -> 7);
        community(300, 3, 25, 3000, (image, step) -> 1 + step % 10);
        community(400, 3, 25, 200, (image, step) -> honest(image));
        // A colluding group: the same scripted score per image, unrelated to the image.
        community(500, 4, 25, 3000, (image, step) -> 1 + Math.floorMod(image.hashCode() * 31, 10));

        Map<Long, Assessment> result = RaterReliability.assess(ratings, Map.of(), IntegrityRules.DEFAULTS);

        for (long user = 1; user <= 40; user++) {
            assertEquals(RaterStatus.RELIABLE, result.get(user).status(), result.get(user).toString());
        }
        for (long user : List.of(100L, 101L, 102L, 500L, 501L, 502L, 503L)) {
            assertEquals(RaterStatus.UNRELIABLE, result.get(user).status(), result.get(user).toString());
        }
        for (long user = 200; user < 203; user++) {
            assertTrue(result.get(user).reason().startsWith("constant answers"), result.get(user).reason());
        }
        for (long user = 300; user < 303; user++) {
            assertTrue(result.get(user).reason().startsWith("patterned answers"), result.get(user).reason());
        }
        for (long user = 400; user < 403; user++) {
            assertTrue(result.get(user).reason().startsWith("too fast"), result.get(user).reason());
        }
    }

    @Test
    void tooLittleEvidenceKeepsARaterEvaluatingAndBetweenThresholdsAStandingIsKept() {
        community(1, 20, 20, 3000, (image, step) -> honest(image));
        community(900, 1, 2, 3000, (image, step) -> 1 + random.nextInt(10));
        Map<Long, Assessment> result = RaterReliability.assess(ratings, Map.of(), IntegrityRules.DEFAULTS);
        assertEquals(RaterStatus.EVALUATING, result.get(900L).status(), result.get(900L).toString());
        Map<Long, Assessment> kept = RaterReliability.assess(ratings, Map.of(900L, RaterStatus.RELIABLE),
                IntegrityRules.DEFAULTS);
        assertEquals(RaterStatus.RELIABLE, kept.get(900L).status(), "too little evidence to change a standing");
    }

    @Test
    void copyingTheShownAverageIsRecognised() {
        community(1, 20, 20, 3000, (image, step) -> honest(image));
        for (int step = 0; step < 12; step++) {
            UUID image = images.get(step + 1);
            double shown = truth.get(image) + 0.3;
            ratings.add(new RatingEvidence(UUID.randomUUID(), 700, image, (int) Math.round(shown),
                    controls.get(image), 3000L, shown, false, START.plusSeconds(step)));
        }
        Assessment copier = RaterReliability.assess(ratings, Map.of(), IntegrityRules.DEFAULTS).get(700L);
        assertEquals(RaterStatus.UNRELIABLE, copier.status(), copier.toString());
        assertTrue(copier.reason().startsWith("copies the shown average"), copier.reason());
    }
}
