package org.openhorde.ratings.domain;

/**
 * The knobs of {@link RaterReliability}; the defaults ({@link #DEFAULTS}) are the ones decision 0034 argues for and
 * {@code RaterReliabilitySimulationTest} measures.
 *
 * @param honestPrior         share of raters assumed honest before any evidence
 * @param honestSpread        standard deviation of an honest rater's distance from an image's true score
 * @param honestSlip          share of an honest rater's ratings that are slips (scored like a random answer)
 * @param reliableAbove       posterior at or above which a rater with enough control answers is reliable
 * @param unreliableBelow     posterior at or below which a rater with enough evidence is unreliable
 * @param minControlAnswers   control answers needed before a rater can be judged reliable, and before the rater's
 *                            ratings count towards other raters' consensus
 * @param minEvidence         compared answers (control or consensus) needed before a rater can be judged unreliable
 * @param minOthersWeight     how much vetted weight of other raters an image needs to count as a consensus
 * @param controlTolerance    a control answer passes within this distance of the settled score (the record shown
 *                            to moderators; the model itself weighs the distance)
 * @param minMillisToRate     a rating sooner than this after its hand-out (or never handed out) is too fast
 * @param minTooFast          ratings needed before the too-fast rule judges
 * @param tooFastShare        share of too-fast ratings that makes a rater unreliable
 * @param minCopiedRatings    ratings given while an average was shown needed before the copy rule judges
 * @param copiedShare         share of ratings equal to the shown average that makes a rater unreliable
 * @param minPatternRatings   how many of the latest ratings the pattern check needs, at least
 * @param patternShare        share of identical steps between consecutive ratings that makes a rater unreliable
 */
public record IntegrityRules(double honestPrior, double honestSpread, double honestSlip, double reliableAbove,
                             double unreliableBelow, int minControlAnswers, int minEvidence, double minOthersWeight,
                             int controlTolerance, long minMillisToRate, int minTooFast, double tooFastShare,
                             int minCopiedRatings, double copiedShare, int minPatternRatings, double patternShare) {

    public static final IntegrityRules DEFAULTS = new IntegrityRules(0.8, 2.0, 0.1, 0.99, 0.2, 4, 6, 1.5, 2, 1000,
            5, 0.3, 8, 0.8, 8, 0.8);

    public IntegrityRules withMinMillisToRate(long millis) {
        return new IntegrityRules(honestPrior, honestSpread, honestSlip, reliableAbove, unreliableBelow,
                minControlAnswers, minEvidence, minOthersWeight, controlTolerance, millis, minTooFast, tooFastShare,
                minCopiedRatings, copiedShare, minPatternRatings, patternShare);
    }

    public IntegrityRules withMinControlAnswers(int answers) {
        return new IntegrityRules(honestPrior, honestSpread, honestSlip, reliableAbove, unreliableBelow, answers,
                minEvidence, minOthersWeight, controlTolerance, minMillisToRate, minTooFast, tooFastShare,
                minCopiedRatings, copiedShare, minPatternRatings, patternShare);
    }
}
