package org.openhorde.contracts.events;

import java.time.Instant;
import java.util.UUID;

/**
 * A worker stayed online long enough to earn an uptime reward (AI Horde: every 600 s of uptime, image workers earn
 * {@code 50 + 2 × models (+30 with LoRA)} kudos). job-service, which sees the check-ins, decides the amount;
 * kudos-service pays it from the treasury to the worker's owner: held in escrow in full while the owner is not
 * trusted, unless {@code bypassesEscrow} (an interrogation worker's: the AI Horde credits alchemists' uptime to the
 * spendable balance, as they earn few forms and an untrusted owner could otherwise never spend anything).
 *
 * <p>{@code (worker.id, uptimeSeconds)} names the reward: the same worker is never rewarded twice at the same uptime
 * mark, so a reward re-emitted under a new event id is still paid once.
 *
 * @param uptimeSeconds the worker's total uptime when the reward fell due
 * @param reward        centikudos
 * @param bypassesEscrow paid to the owner's balance even while untrusted (absent in older events: false)
 */
public record WorkerUptimeRewarded(
        UUID eventId,
        String type,
        int version,
        Instant occurredAt,
        WorkerRef worker,
        long uptimeSeconds,
        long reward,
        boolean bypassesEscrow) implements HordeEvent {

    public static final String TYPE = "WorkerUptimeRewarded";
    public static final int VERSION = 1;

    public static WorkerUptimeRewarded of(WorkerRef worker, long uptimeSeconds, long reward, boolean bypassesEscrow) {
        return new WorkerUptimeRewarded(UUID.randomUUID(), TYPE, VERSION, Instant.now(), worker, uptimeSeconds, reward,
                bypassesEscrow);
    }

    @Override
    public String aggregateKey() {
        return worker.id().toString();
    }
}
