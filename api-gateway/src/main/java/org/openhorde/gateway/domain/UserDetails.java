package org.openhorde.gateway.domain;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openhorde.contracts.economy.Centikudos;
import org.openhorde.contracts.internal.UserAccount;
import org.openhorde.contracts.internal.UserRecords;
import org.openhorde.contracts.internal.UserStanding;
import org.openhorde.contracts.internal.WorkerSummary;

/**
 * A user in the AI Horde's {@code UserDetails} shape, at one of its three privileges ({@link Privilege}): the public
 * view shows {@code worker_ids} only for users who publish their workers; the user's own view adds their worker ids,
 * {@code sharedkey_ids}, {@code contact}, {@code vpn}, {@code special} and {@code active_generations}; a moderator's
 * view adds {@code evaluating_kudos}, {@code monthly_kudos} and {@code suspicious}.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record UserDetails(
        String username,
        long id,
        double kudos,
        int concurrency,
        int workerInvited,
        boolean moderator,
        Map<String, Double> kudosDetails,
        int workerCount,
        List<String> workerIds,
        List<Object> styles,
        List<String> sharedkeyIds,
        boolean trusted,
        boolean flagged,
        Boolean vpn,
        boolean service,
        boolean education,
        boolean customizer,
        Boolean special,
        String contact,
        Map<String, List<String>> activeGenerations,
        Double evaluatingKudos,
        MonthlyKudos monthlyKudos,
        Integer suspicious,
        boolean deleted,
        boolean pseudonymous,
        long accountAge,
        ObsoleteUsage usage,
        ObsoleteContributions contributions,
        Records records) {

    /** The {@code kudos_details} keys, in the AI Horde's order. */
    public static final List<String> KUDOS_DETAILS =
            List.of("accumulated", "gifted", "donated", "admin", "received", "recurring", "awarded", "styled");

    /** Who reads: the public, the user themself, or a moderator (the AI Horde's details privilege 0, 1, 2). */
    public enum Privilege {
        PUBLIC, OWN, MODERATOR;

        boolean atLeast(Privilege other) {
            return ordinal() >= other.ordinal();
        }
    }

    /** Monthly kudos are not granted here (no recurring kudos yet): always nothing, never received. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record MonthlyKudos(long amount, Instant lastReceived) {
    }

    /** Read by no current client; the AI Horde still sends them, always empty. */
    public record ObsoleteUsage(Double megapixelsteps, Long requests) {
    }

    public record ObsoleteContributions(Double megapixelsteps, Long fulfillments) {
    }

    public record Records(Things usage, Things contribution, Counts fulfillment, Counts request, Counts style) {
    }

    public record Things(double megapixelsteps, long tokens) {
    }

    public record Counts(long image, long text, long interrogation) {
    }

    /** @param privilege who reads; see {@link Privilege} */
    public static UserDetails of(UserAccount account, List<WorkerSummary> workers, Privilege privilege, Instant now) {
        Map<String, Double> details = new LinkedHashMap<>();
        Map<String, Long> known = account.kudosDetails() == null ? Map.of() : account.kudosDetails();
        KUDOS_DETAILS.forEach(key -> details.put(key, Centikudos.toWireKudos(known.getOrDefault(key, 0L))));
        UserRecords records = account.records() == null ? new UserRecords(0, 0, 0, 0) : account.records();
        long accountAge = account.createdAt() == null ? 0
                : Math.max(0, Duration.between(account.createdAt(), now).toSeconds());
        UserStanding standing = account.standing();
        boolean own = privilege.atLeast(Privilege.OWN);
        boolean moderator = privilege.atLeast(Privilege.MODERATOR);
        boolean showWorkers = own || standing.publicWorkers();
        return new UserDetails(account.alias(), account.id(), Centikudos.toWireKudos(account.kudos()),
                account.concurrency(), standing.workerInvited(), account.moderator(), details, workers.size(),
                showWorkers ? workers.stream().map(worker -> worker.id().toString()).toList() : null, List.of(),
                own ? List.of() : null, account.trusted(), standing.flagged(), own ? standing.vpn() : null,
                standing.service(), standing.education(), standing.customizer(), own ? standing.special() : null,
                own ? standing.contact() : null, own ? Map.of() : null,
                moderator ? Centikudos.toWireKudos(account.evaluatingKudos()) : null,
                moderator ? new MonthlyKudos(0, null) : null, moderator ? 0 : null,
                standing.deleted(), account.pseudonymous(), accountAge, new ObsoleteUsage(null, null),
                new ObsoleteContributions(null, null),
                new Records(new Things(megapixelsteps(records.usagePixelsteps()), 0),
                        new Things(megapixelsteps(records.contributionPixelsteps()), 0),
                        new Counts(records.imagesFulfilled(), 0, 0), new Counts(records.imagesRequested(), 0, 0),
                        new Counts(0, 0, 0)));
    }

    /** The same details under another name (a shared key's holder sees its owner named after the key). */
    public UserDetails withUsername(String name) {
        return new UserDetails(name, id, kudos, concurrency, workerInvited, moderator, kudosDetails, workerCount,
                workerIds, styles, sharedkeyIds, trusted, flagged, vpn, service, education, customizer, special,
                contact, activeGenerations, evaluatingKudos, monthlyKudos, suspicious, deleted, pseudonymous,
                accountAge, usage, contributions, records);
    }

    /** The same details listing the user's shared keys (only where {@code sharedkey_ids} is shown at all). */
    public UserDetails withSharedkeyIds(List<String> ids) {
        return new UserDetails(username, id, kudos, concurrency, workerInvited, moderator, kudosDetails, workerCount,
                workerIds, styles, sharedkeyIds == null ? null : ids, trusted, flagged, vpn, service, education,
                customizer, special, contact, activeGenerations, evaluatingKudos, monthlyKudos, suspicious, deleted,
                pseudonymous, accountAge, usage, contributions, records);
    }

    static double megapixelsteps(long pixelsteps) {
        return BigDecimal.valueOf(pixelsteps, 6).setScale(2, RoundingMode.HALF_UP).doubleValue();
    }
}
