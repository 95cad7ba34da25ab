package org.openhorde.ratings.domain;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openhorde.ratings.domain.RaterReliability.Assessment;

/**
 * The integrity model measured on a simulated community, in milliseconds (issue 17's goal: at least 99 % of honest
 * ratings kept in the export, at most 1 % of scripted ratings exported). 80 % honest raters (a noisy function of a
 * hidden true score per image, each with a personal bias and some slips) and 20 % scripted ones of five kinds:
 * uniform random, constant, copy-the-shown-average, very fast clickers and a colluding group that rates the same
 * images with the same made-up score. Ratings arrive interleaved in time; the review runs every 200 ratings with the
 * previous standings (hysteresis, as in the service), hand-outs mix control images in as {@code /rating/new} does
 * (half while a rater is under evaluation, a tenth after), and a rating is paid the first time a review accepts it.
 */
class CommunitySimulationTest {

    enum Kind { HONEST, RANDOM, CONSTANT, COPIER, FAST_CLICKER, COLLUDER }

    record Figures(double honestKept, double scriptedExported, long scriptedKudos, long honestKudos,
                   Map<Kind, double[]> byKind) {
    }

    static Figures simulate(long seed, int raters, int images, int perRater) {
        Random random = new Random(seed);
        IntegrityRules rules = IntegrityRules.DEFAULTS;
        List<UUID> ids = new ArrayList<>();
        Map<UUID, Integer> truth = new HashMap<>();
        Map<UUID, Integer> control = new HashMap<>();
        for (int i = 0; i < images; i++) {
            UUID id = new UUID(seed, i);
            ids.add(id);
            // True scores spread over the scale, most in the middle, as real images'.
            truth.put(id, (int) Math.max(1, Math.min(10, Math.round(5.5 + random.nextGaussian() * 2))));
            if (i % 6 == 0) {
                control.put(id, truth.get(id));
            }
        }
        List<UUID> controls = ids.stream().filter(control::containsKey).toList();
        List<UUID> others = ids.stream().filter(id -> !control.containsKey(id)).toList();
        // The colluders agree on a small set of images (so they are often each other's only co-raters).
        List<UUID> collusionTargets = others.subList(0, Math.min(others.size(), perRater * 2));

        Kind[] scripted = {Kind.RANDOM, Kind.CONSTANT, Kind.COPIER, Kind.FAST_CLICKER, Kind.COLLUDER};
        Map<Long, Kind> kinds = new HashMap<>();
        Map<Long, Double> bias = new HashMap<>();
        for (long user = 1; user <= raters; user++) {
            Kind kind = user % 5 == 0 ? scripted[(int) ((user / 5) % scripted.length)] : Kind.HONEST;
            kinds.put(user, kind);
            bias.put(user, (random.nextDouble() - 0.5) * 1.4);
        }

        Map<Long, Set<UUID>> handed = new HashMap<>();
        Map<UUID, long[]> accepted = new HashMap<>();
        List<RatingEvidence> ratings = new ArrayList<>();
        Map<UUID, Kind> kindOf = new HashMap<>();
        Map<UUID, Long> raterOf = new HashMap<>();
        Map<Long, RaterStatus> standing = new HashMap<>();
        Set<UUID> paid = new HashSet<>();
        Map<Long, Assessment> last = Map.of();
        Instant clock = Instant.parse("2026-01-01T00:00:00Z");
        for (int step = 0; step < perRater; step++) {
            for (long user = 1; user <= raters; user++) {
                Kind kind = kinds.get(user);
                Set<UUID> seen = handed.computeIfAbsent(user, k -> new HashSet<>());
                boolean evaluating = standing.getOrDefault(user, RaterStatus.EVALUATING) == RaterStatus.EVALUATING;
                boolean wantControl = random.nextDouble() < (evaluating ? 0.5 : 0.1);
                List<UUID> pool = kind == Kind.COLLUDER && !wantControl ? collusionTargets
                        : wantControl ? controls : others;
                UUID image = pick(pool, seen, random);
                if (image == null) {
                    image = pick(ids, seen, random);
                }
                seen.add(image);
                long[] figures = accepted.computeIfAbsent(image, k -> new long[2]);
                Double shown = figures[0] == 0 ? null : (double) figures[1] / figures[0];
                int t = truth.get(image);
                int value = switch (kind) {
                    case HONEST -> random.nextDouble() < 0.05 ? 1 + random.nextInt(10)
                            : clamp(Math.round(t + bias.get(user) + random.nextGaussian() * 1.2));
                    case RANDOM, FAST_CLICKER -> 1 + random.nextInt(10);
                    case CONSTANT -> 1 + (int) (user % 10);
                    case COPIER -> shown == null ? 1 + random.nextInt(10) : clamp(Math.round(shown));
                    case COLLUDER -> 1 + Math.floorMod(image.hashCode() * 31 + 7, 10);
                };
                long millis = kind == Kind.FAST_CLICKER ? 150 + random.nextInt(500)
                        : 1500 + (long) (random.nextDouble() * 8000);
                clock = clock.plusMillis(300);
                RatingEvidence r = new RatingEvidence(UUID.randomUUID(), user, image, value, control.get(image),
                        millis, shown, false, clock);
                ratings.add(r);
                kindOf.put(r.ratingId(), kind);
                raterOf.put(r.ratingId(), user);
                if (RaterStatus.verdictFor(standing.getOrDefault(user, RaterStatus.EVALUATING), null, false)
                        == RatingDecision.Verdict.ACCEPTED) {
                    figures[0]++;
                    figures[1] += value;
                    paid.add(r.ratingId());
                }
                if (ratings.size() % 200 == 0) {
                    last = review(ratings, standing, rules, paid, accepted);
                }
            }
        }
        last = review(ratings, standing, rules, paid, accepted);

        long honest = 0;
        long honestKept = 0;
        long script = 0;
        long scriptExported = 0;
        long scriptedKudos = 0;
        long honestKudos = 0;
        Map<Kind, double[]> byKind = new HashMap<>();
        for (RatingEvidence r : ratings) {
            Kind kind = kindOf.get(r.ratingId());
            boolean exported = RaterStatus.verdictFor(last.get(r.userId()).status(), null, false)
                    == RatingDecision.Verdict.ACCEPTED;
            double[] k = byKind.computeIfAbsent(kind, x -> new double[2]);
            k[0]++;
            k[1] += exported ? 1 : 0;
            if (kind == Kind.HONEST) {
                honest++;
                honestKept += exported ? 1 : 0;
                honestKudos += paid.contains(r.ratingId()) ? 5 : 0;
            } else {
                script++;
                scriptExported += exported ? 1 : 0;
                scriptedKudos += paid.contains(r.ratingId()) ? 5 : 0;
            }
        }
        return new Figures((double) honestKept / honest, (double) scriptExported / script, scriptedKudos,
                honestKudos, byKind);
    }

    /** One review: new standings; every rating now accepted is paid (once) and counts in its image's average. */
    private static Map<Long, Assessment> review(List<RatingEvidence> ratings, Map<Long, RaterStatus> standing,
                                                IntegrityRules rules, Set<UUID> paid, Map<UUID, long[]> accepted) {
        Map<Long, Assessment> result = RaterReliability.assess(ratings, standing, rules);
        result.forEach((user, a) -> standing.put(user, a.status()));
        accepted.clear();
        for (RatingEvidence r : ratings) {
            if (RaterStatus.verdictFor(standing.get(r.userId()), null, false) == RatingDecision.Verdict.ACCEPTED) {
                paid.add(r.ratingId());
                long[] figures = accepted.computeIfAbsent(r.imageId(), k -> new long[2]);
                figures[0]++;
                figures[1] += r.rating();
            }
        }
        return result;
    }

    private static UUID pick(List<UUID> pool, Set<UUID> seen, Random random) {
        for (int attempt = 0; attempt < 50; attempt++) {
            UUID candidate = pool.get(random.nextInt(pool.size()));
            if (!seen.contains(candidate)) {
                return candidate;
            }
        }
        return pool.stream().filter(id -> !seen.contains(id)).findFirst().orElse(null);
    }

    private static int clamp(long value) {
        return (int) Math.max(1, Math.min(10, value));
    }

    private static String describe(Figures f) {
        StringBuilder s = new StringBuilder(String.format("honest kept %.4f, scripted exported %.4f, kudos harvested"
                + " by scripted raters %d (honest %d)", f.honestKept(), f.scriptedExported(), f.scriptedKudos(),
                f.honestKudos()));
        f.byKind().forEach((kind, k) -> s.append(String.format("; %s %.0f/%.0f exported", kind, k[1], k[0])));
        return s.toString();
    }

    @Test
    void aSimulatedCommunityKeepsTheHonestAndExportsAlmostNoScriptedRatings() {
        for (long seed : new long[] {17, 18}) {
            Figures f = simulate(seed, 150, 400, 30);
            System.out.println("community seed " + seed + ", 30 ratings per rater: " + describe(f));
            assertTrue(f.honestKept() >= 0.99, describe(f));
            assertTrue(f.scriptedExported() <= 0.01, describe(f));
        }
    }

    /**
     * Raters who gave only 15 ratings: the scripted ones still export nothing, but part of the honest ones are still
     * under evaluation (held: not lost, accepted once they answered enough control images). The figure is published
     * as it is (README "Rating integrity"); this pins that it does not silently get worse.
     */
    @Test
    void aShortRecordHoldsSomeHonestRatersButExportsNoScriptedRatings() {
        Figures f = simulate(17, 100, 300, 15);
        System.out.println("community seed 17, 15 ratings per rater: " + describe(f));
        assertTrue(f.scriptedExported() <= 0.01, describe(f));
        assertTrue(f.honestKept() >= 0.75, describe(f));
    }
}
