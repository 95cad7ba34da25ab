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
import org.eclipse.microprofile.openapi.annotations.media.Schema;
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
@Schema(description = "A user's details; what is shown depends on who asks (the public, the user, a moderator).")
public record UserDetails(
        @Schema(description = "The user's alias, as name#id.")
        String username,
        @Schema(description = "The user's id.")
        long id,
        @Schema(description = "The kudos this user holds; spent on requests, earned by workers and gifts.")
        double kudos,
        @Schema(description = "How many requests this user may have waiting at once.")
        int concurrency,
        @Schema(description = "How many workers this user may still add while the horde is in worker invite-only "
                + "mode.")
        int workerInvited,
        @Schema(description = "Whether this user is a moderator.")
        boolean moderator,
        @Schema(description = "How the kudos were come by: accumulated, gifted, donated, admin, received, recurring, "
                + "awarded, styled.")
        Map<String, Double> kudosDetails,
        @Schema(description = "How many workers this user owns.")
        int workerCount,
        @Schema(description = "The ids of this user's workers: shown to the user, and to others only when the user "
                + "publishes them.")
        List<String> workerIds,
        @Schema(description = "This user's styles (listed through /styles; always empty here).")
        List<Object> styles,
        @Schema(description = "The ids of this user's shared keys (only in the user's own view).")
        List<String> sharedkeyIds,
        @Schema(description = "Whether this user is trusted (their workers may serve trusted_workers requests).")
        boolean trusted,
        @Schema(description = "Whether this user is flagged for suspicious activity.")
        boolean flagged,
        @Schema(description = "Whether this user may run workers behind a VPN (only in the user's own view).")
        Boolean vpn,
        @Schema(description = "Whether this user is a service account used by a third-party integration.")
        boolean service,
        @Schema(description = "Whether this user is an education account.")
        boolean education,
        @Schema(description = "Whether this user may host custom models on their workers.")
        boolean customizer,
        @Schema(description = "Whether this user has the special role (only in the user's own view).")
        Boolean special,
        @Schema(description = "How to contact this user (only in the user's own and a moderator's view).")
        String contact,
        @Schema(description = "The ids of this user's waiting requests by type (only in the user's own view; always "
                + "empty here).")
        Map<String, List<String>> activeGenerations,
        @Schema(description = "Kudos a new worker of this user earned while being evaluated (moderators only).")
        Double evaluatingKudos,
        @Schema(description = "Recurring monthly kudos (moderators only; none are granted here).")
        MonthlyKudos monthlyKudos,
        @Schema(description = "How suspicious this user is (moderators only).")
        Integer suspicious,
        @Schema(description = "Whether this user is marked for deletion.")
        boolean deleted,
        @Schema(description = "Whether this user signed up with a pseudonymous (non-OAuth) account.")
        boolean pseudonymous,
        @Schema(description = "The account's age in seconds.")
        long accountAge,
        @Schema(description = "Obsolete: always empty; see records.")
        ObsoleteUsage usage,
        @Schema(description = "Obsolete: always empty; see records.")
        ObsoleteContributions contributions,
        @Schema(description = "What this user requested and generated: megapixelsteps and counts by type.")
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
    @Schema(description = "Recurring monthly kudos (none are granted here).")
    public record MonthlyKudos(
            @Schema(description = "The kudos granted each month.")
            long amount,
            @Schema(description = "When they were last received; null when never.")
            Instant lastReceived) {
    }

    /** Read by no current client; the AI Horde still sends them, always empty. */
    @Schema(description = "Obsolete: always empty; see records.")
    public record ObsoleteUsage(
            @Schema(description = "Always absent.")
            Double megapixelsteps,
            @Schema(description = "Always absent.")
            Long requests) {
    }

    @Schema(description = "Obsolete: always empty; see records.")
    public record ObsoleteContributions(
            @Schema(description = "Always absent.")
            Double megapixelsteps,
            @Schema(description = "Always absent.")
            Long fulfillments) {
    }

    @Schema(description = "What a user requested and generated.")
    public record Records(
            @Schema(description = "What the user's requests consumed.")
            Things usage,
            @Schema(description = "What the user's workers generated.")
            Things contribution,
            @Schema(description = "Jobs the user's workers finished, by type.")
            Counts fulfillment,
            @Schema(description = "Requests the user made, by type.")
            Counts request,
            @Schema(description = "Uses of the user's styles, by type (not counted yet).")
            Counts style) {
    }

    @Schema(description = "Amounts of work.")
    public record Things(
            @Schema(description = "Megapixelsteps of images.")
            double megapixelsteps,
            @Schema(description = "Tokens of text (not counted yet).")
            long tokens) {
    }

    @Schema(description = "Counts by type.")
    public record Counts(
            @Schema(description = "Images.")
            long image,
            @Schema(description = "Texts (not counted yet).")
            long text,
            @Schema(description = "Interrogations (not counted yet).")
            long interrogation) {
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
