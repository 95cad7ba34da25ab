package org.openhorde.jobs.domain;

import java.util.List;
import java.util.OptionalLong;

/**
 * Uptime bookkeeping of a check-in (AI Horde {@code check_in}): a worker that checks in within the online window of
 * its previous check-in, and is neither paused nor in maintenance, adds the time in between to its uptime; each
 * time its uptime has grown by the reward interval since the last reward, it earns one uptime reward. A worker that
 * comes back from being offline (or paused, or in maintenance) restarts the reward timer, so it must stay up a
 * whole interval again.
 *
 * @param uptimeMillis           total uptime
 * @param lastRewardUptimeMillis uptime at the last reward, or at the last restart of the timer
 * @param rewards                how many rewards the worker earned so far: the next reward's ordinal names it
 */
public record Uptime(long uptimeMillis, long lastRewardUptimeMillis, int rewards) {

    /** Image workers: 50 kudos, +2 per model served, +30 with LoRA (centikudos). */
    private static final long BASE_REWARD = 50_00;
    private static final long PER_MODEL = 2_00;
    private static final long LORA_BONUS = 30_00;

    /** The state after a check-in {@code sinceLastCheckInMillis} after the previous one. */
    public Uptime checkIn(long sinceLastCheckInMillis, long onlineWindowMillis, boolean earning,
                          long rewardIntervalMillis) {
        if (!earning || sinceLastCheckInMillis > onlineWindowMillis || sinceLastCheckInMillis < 0) {
            return new Uptime(uptimeMillis, uptimeMillis, rewards);
        }
        long uptime = uptimeMillis + sinceLastCheckInMillis;
        if (uptime - lastRewardUptimeMillis >= rewardIntervalMillis) {
            return new Uptime(uptime, uptime, rewards + 1);
        }
        return new Uptime(uptime, lastRewardUptimeMillis, rewards);
    }

    /** The uptime mark (seconds) of the reward this check-in earned, if it earned one. */
    public OptionalLong rewardedSince(Uptime before) {
        return rewards > before.rewards ? OptionalLong.of(uptimeMillis / 1000) : OptionalLong.empty();
    }

    public long uptimeSeconds() {
        return uptimeMillis / 1000;
    }

    /** One uptime reward of an image worker, in centikudos. */
    public static long imageReward(List<String> models, boolean allowLora) {
        return BASE_REWARD + PER_MODEL * models.size() + (allowLora ? LORA_BONUS : 0);
    }
}
