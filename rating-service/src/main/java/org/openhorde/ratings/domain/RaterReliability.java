package org.openhorde.ratings.domain;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Each rater's reliability from all ratings at once (decision 0034): a two-class Dawid–Skene model anchored on
 * control images. A rater is either honest — their rating is the image's true score plus Gaussian noise
 * ({@code honestSpread}), with a small share of slips — or not, and then their rating says nothing about the image
 * (uniform over 1–10). An image's true score is its settled score when it is a control image, else the weighted mean
 * of the other raters' ratings (leave-one-out, so a rater never agrees with themselves).
 *
 * <p><b>Only raters vetted on control images carry weight in a consensus.</b> A rater's consensus weight is their
 * posterior once they answered at least {@code minControlAnswers} controls, and zero before. This is what keeps a
 * colluding group from forming its own consensus: colluders agree with each other, but their scripted answers to
 * control images (whose settled score they do not know) give them a low posterior, hence no weight, so the only
 * consensus their ratings are compared with is the vetted raters'. (The previous attempt weighted every rater by the
 * prior from the start: a group of colluders rating the same images was its own consensus and came out honest.)
 * When the ratings hold no control image at all (a horde rating only shared generations), every rater weighs their
 * posterior, the plain EM: then a colluding majority on an image is undetectable, a known limit.
 *
 * <p>Three behaviours the model does not see are direct rules, each with its reason: too-fast ratings (no time to
 * look), patterned answers (the same step between consecutive ratings: constant, cycles) and copying the shown
 * average (a copier is close to the consensus, which the model would call honest). Pure logic: the review feeds it
 * rows and writes back what it returns.
 */
public final class RaterReliability {

    private static final int ROUNDS = 4;
    private static final double UNIFORM = 1.0 / 10;

    private RaterReliability() {
    }

    /** One rater's standing and the figures behind it (what moderators see). */
    public record Assessment(long userId, RaterStatus status, double reliability, String reason, int ratings,
                             int evidence, int controlPassed, int controlFailed, Double divergence, int tooFast,
                             int copiedAverage, boolean trusted) {
    }

    /**
     * @param previous each rater's standing from the last review: between the thresholds a rater keeps it, so that a
     *                 posterior hovering near one does not flip their ratings back and forth
     */
    public static Map<Long, Assessment> assess(List<RatingEvidence> ratings, Map<Long, RaterStatus> previous,
                                               IntegrityRules rules) {
        Map<Long, List<RatingEvidence>> byRater = new HashMap<>();
        Map<UUID, List<RatingEvidence>> byImage = new HashMap<>();
        boolean anyControl = false;
        for (RatingEvidence r : ratings) {
            byRater.computeIfAbsent(r.userId(), k -> new ArrayList<>()).add(r);
            if (r.controlScore() == null) {
                byImage.computeIfAbsent(r.imageId(), k -> new ArrayList<>()).add(r);
            } else {
                anyControl = true;
            }
        }
        double priorLogOdds = Math.log(rules.honestPrior() / (1 - rules.honestPrior()));

        // The control answers' evidence never changes between rounds: the settled score is the truth.
        Map<Long, Double> controlLogOdds = new HashMap<>();
        Map<Long, Integer> controlAnswers = new HashMap<>();
        for (var entry : byRater.entrySet()) {
            double llr = 0;
            int answers = 0;
            for (RatingEvidence r : entry.getValue()) {
                if (r.controlScore() != null) {
                    llr += logLikelihoodRatio(r.rating() - r.controlScore(), rules);
                    answers++;
                }
            }
            controlLogOdds.put(entry.getKey(), llr);
            controlAnswers.put(entry.getKey(), answers);
        }

        Map<Long, Double> posterior = new HashMap<>();
        Map<Long, Double> weight = new HashMap<>();
        for (long user : byRater.keySet()) {
            posterior.put(user, sigmoid(priorLogOdds + controlLogOdds.get(user)));
            weight.put(user, consensusWeight(posterior.get(user), controlAnswers.get(user), anyControl, rules));
        }
        Map<Long, double[]> distance = new HashMap<>();
        for (int round = 0; round < ROUNDS; round++) {
            Map<UUID, double[]> sums = new HashMap<>();
            byImage.forEach((image, rs) -> {
                double s = 0;
                double w = 0;
                for (RatingEvidence r : rs) {
                    double wr = weight.get(r.userId());
                    s += wr * r.rating();
                    w += wr;
                }
                sums.put(image, new double[] {s, w});
            });
            distance.clear();
            Map<Long, Double> next = new HashMap<>();
            for (var entry : byRater.entrySet()) {
                long user = entry.getKey();
                double wu = weight.get(user);
                double llr = priorLogOdds + controlLogOdds.get(user);
                double distanceSum = 0;
                int evidence = 0;
                for (RatingEvidence r : entry.getValue()) {
                    double truth;
                    if (r.controlScore() != null) {
                        truth = r.controlScore();
                    } else {
                        double[] s = sums.get(r.imageId());
                        double othersWeight = s[1] - wu;
                        if (othersWeight < rules.minOthersWeight()) {
                            continue;
                        }
                        truth = (s[0] - wu * r.rating()) / othersWeight;
                        llr += logLikelihoodRatio(r.rating() - truth, rules);
                    }
                    distanceSum += Math.abs(r.rating() - truth);
                    evidence++;
                }
                next.put(user, sigmoid(llr));
                distance.put(user, new double[] {distanceSum, evidence});
            }
            posterior.putAll(next);
            for (long user : byRater.keySet()) {
                weight.put(user, consensusWeight(posterior.get(user), controlAnswers.get(user), anyControl, rules));
            }
        }

        Map<Long, Assessment> result = new HashMap<>();
        for (var entry : byRater.entrySet()) {
            long user = entry.getKey();
            List<RatingEvidence> own = new ArrayList<>(entry.getValue());
            own.sort(Comparator.comparing(RatingEvidence::createdAt));
            double p = posterior.get(user);
            int passed = 0;
            int failed = 0;
            int tooFast = 0;
            int shown = 0;
            int copied = 0;
            for (RatingEvidence r : own) {
                if (r.controlScore() != null) {
                    if (Math.abs(r.rating() - r.controlScore()) <= rules.controlTolerance()) {
                        passed++;
                    } else {
                        failed++;
                    }
                }
                if (r.millisSinceHandOut() == null || r.millisSinceHandOut() < rules.minMillisToRate()) {
                    tooFast++;
                }
                if (r.shownAverage() != null) {
                    shown++;
                    if (r.rating() == Math.max(1, Math.min(10, Math.round(r.shownAverage())))) {
                        copied++;
                    }
                }
            }
            double[] d = distance.get(user);
            int evidence = (int) d[1];
            Double divergence = evidence == 0 ? null : d[0] / evidence;
            boolean trusted = own.get(own.size() - 1).raterTrusted();
            RaterStatus before = previous.getOrDefault(user, RaterStatus.EVALUATING);
            int controls = passed + failed;

            RaterStatus status;
            String reason;
            String pattern = pattern(own, rules);
            if (own.size() >= rules.minTooFast() && tooFast >= rules.tooFastShare() * own.size()) {
                status = RaterStatus.UNRELIABLE;
                reason = String.format("too fast: %d of %d ratings came under %d ms after the image was handed out"
                        + " (or without a hand-out)", tooFast, own.size(), rules.minMillisToRate());
            } else if (pattern != null) {
                status = RaterStatus.UNRELIABLE;
                reason = pattern;
            } else if (shown >= rules.minCopiedRatings() && copied >= rules.copiedShare() * shown) {
                status = RaterStatus.UNRELIABLE;
                reason = String.format("copies the shown average: %d of %d ratings equal the image's average then",
                        copied, shown);
            } else if (evidence >= rules.minEvidence() && p <= rules.unreliableBelow()) {
                status = RaterStatus.UNRELIABLE;
                reason = String.format("unreliable: estimate %.3f from %d answers (mean distance %.2f, controls"
                        + " %d passed, %d failed)", p, evidence, divergence, passed, failed);
            } else if (p >= rules.reliableAbove() && (controls >= rules.minControlAnswers()
                    // Where control images are scarce, a long record against the vetted consensus suffices.
                    || evidence >= 3 * rules.minEvidence())) {
                status = RaterStatus.RELIABLE;
                reason = String.format("reliable: estimate %.3f from %d answers (mean distance %.2f, controls"
                        + " %d passed, %d failed)", p, evidence, divergence, passed, failed);
            } else if (before == RaterStatus.RELIABLE || before == RaterStatus.UNRELIABLE) {
                status = before;
                reason = String.format("%s (kept): estimate %.3f from %d answers, %d control answers",
                        before.wire(), p, evidence, controls);
            } else {
                status = RaterStatus.EVALUATING;
                reason = String.format("under evaluation: estimate %.3f from %d answers, %d of %d control answers",
                        p, evidence, controls, rules.minControlAnswers());
            }
            result.put(user, new Assessment(user, status, p, reason, own.size(), evidence, passed, failed,
                    divergence, tooFast, copied, trusted));
        }
        return result;
    }

    /** A rater's weight in other raters' consensus: nothing until vetted on controls (see the class comment). */
    private static double consensusWeight(double posterior, int controlAnswers, boolean anyControl,
                                          IntegrityRules rules) {
        if (anyControl && controlAnswers < rules.minControlAnswers()) {
            return 0;
        }
        return posterior;
    }

    /** How much more likely an honest rater is than a random one to answer at distance e from the truth. */
    static double logLikelihoodRatio(double e, IntegrityRules rules) {
        return Math.log(honestLikelihood(e, rules) / UNIFORM);
    }

    /** An honest rating at distance e from the truth: Gaussian around it, or (a slip) anything. */
    static double honestLikelihood(double e, IntegrityRules rules) {
        double sigma = rules.honestSpread();
        double gaussian = Math.exp(-e * e / (2 * sigma * sigma)) / (sigma * Math.sqrt(2 * Math.PI));
        return (1 - rules.honestSlip()) * gaussian + rules.honestSlip() * UNIFORM;
    }

    /** The same step between consecutive ratings in most of the latest ones: constant (step 0) or a cycle. */
    static String pattern(List<RatingEvidence> inOrder, IntegrityRules rules) {
        int window = Math.max(rules.minPatternRatings(), 20);
        List<RatingEvidence> latest = inOrder.subList(Math.max(0, inOrder.size() - window), inOrder.size());
        if (latest.size() < rules.minPatternRatings()) {
            return null;
        }
        Map<Integer, Integer> steps = new HashMap<>();
        for (int i = 1; i < latest.size(); i++) {
            // Steps modulo the scale, so 9, 10, 1, 2 is one step of +1.
            int step = Math.floorMod(latest.get(i).rating() - latest.get(i - 1).rating(), 10);
            steps.merge(step, 1, Integer::sum);
        }
        var top = steps.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow();
        int transitions = latest.size() - 1;
        if (top.getValue() < rules.patternShare() * transitions) {
            return null;
        }
        return top.getKey() == 0
                ? String.format("constant answers: %d of the latest %d ratings repeat the one before", top.getValue(),
                latest.size())
                : String.format("patterned answers: %d of the latest %d ratings step by %d from the one before",
                top.getValue(), latest.size(), top.getKey());
    }

    private static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }
}
