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
import org.openhorde.contracts.internal.WorkerSummary;

/**
 * A user in the AI Horde's {@code UserDetails} shape. The owner's own view ({@code find_user}) adds
 * {@code worker_ids}, {@code sharedkey_ids}, {@code vpn} and {@code special}; the public view
 * ({@code users/{id}}) leaves them out, as the AI Horde does for users who do not publish their workers.
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
        boolean deleted,
        boolean pseudonymous,
        long accountAge,
        ObsoleteUsage usage,
        ObsoleteContributions contributions,
        Records records) {

    /** The {@code kudos_details} keys, in the AI Horde's order. */
    public static final List<String> KUDOS_DETAILS =
            List.of("accumulated", "gifted", "donated", "admin", "received", "recurring", "awarded", "styled");

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

    /** @param ownView whether the caller is this user (by API key): then the private fields are shown too */
    public static UserDetails of(UserAccount account, List<WorkerSummary> workers, boolean ownView, Instant now) {
        Map<String, Double> details = new LinkedHashMap<>();
        Map<String, Long> known = account.kudosDetails() == null ? Map.of() : account.kudosDetails();
        KUDOS_DETAILS.forEach(key -> details.put(key, Centikudos.toWireKudos(known.getOrDefault(key, 0L))));
        UserRecords records = account.records() == null ? new UserRecords(0, 0, 0, 0) : account.records();
        long accountAge = account.createdAt() == null ? 0
                : Math.max(0, Duration.between(account.createdAt(), now).toSeconds());
        return new UserDetails(account.alias(), account.id(), Centikudos.toWireKudos(account.kudos()),
                account.concurrency(), 0, account.moderator(), details, workers.size(),
                ownView ? workers.stream().map(worker -> worker.id().toString()).toList() : null, List.of(),
                ownView ? List.of() : null, account.trusted(), false, ownView ? false : null, false, false, false,
                ownView ? false : null, false, account.pseudonymous(), accountAge, new ObsoleteUsage(null, null),
                new ObsoleteContributions(null, null),
                new Records(new Things(megapixelsteps(records.usagePixelsteps()), 0),
                        new Things(megapixelsteps(records.contributionPixelsteps()), 0),
                        new Counts(records.imagesFulfilled(), 0, 0), new Counts(records.imagesRequested(), 0, 0),
                        new Counts(0, 0, 0)));
    }

    static double megapixelsteps(long pixelsteps) {
        return BigDecimal.valueOf(pixelsteps, 6).setScale(2, RoundingMode.HALF_UP).doubleValue();
    }
}
