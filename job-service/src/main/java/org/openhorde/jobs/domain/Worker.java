package org.openhorde.jobs.domain;

import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.openhorde.contracts.events.WorkerRef;
import org.openhorde.contracts.internal.PopRequest;

/**
 * A worker as its latest check-in describes it: what it can take from the queue, and for whom.
 *
 * @param blacklist       words (lower case) whose presence in a prompt makes the worker skip the request
 * @param priorityUserIds the owner and the users of its {@code priority_usernames}, served first
 * @param maintenance     in maintenance the worker only gets its owner's requests (and a 403 when there are none)
 * @param paused          a paused worker, too, only gets its owner's real requests; everybody else's it gets as decoys
 *                        ({@link FakeJob}), as in the AI Horde
 * @param speed           measured pixelsteps per second ({@link WorkerSpeed}), {@code null} before its first delivery
 * @param takesExtraSourceImages its bridge understands a remix's extra source images
 *                        ({@link BridgeCapabilities#extraSourceImages})
 */
public record Worker(UUID id, String name, long ownerUserId, boolean ownerTrusted, List<String> models,
                     long maxPixels, boolean nsfw, boolean allowImg2img, boolean allowPainting,
                     boolean allowPostProcessing, boolean allowLora, boolean allowControlnet, List<String> blacklist,
                     boolean extraSlowWorker, boolean limitMaxSteps, boolean requireUpfrontKudos,
                     List<Long> priorityUserIds, boolean maintenance, String maintenanceMsg, boolean paused,
                     Double speed, boolean takesExtraSourceImages) {

    /** The worker {@code pop} checked in, in the maintenance and pause state its record holds. */
    public static Worker checkedIn(UUID id, long ownerUserId, boolean ownerTrusted, PopRequest pop,
                                   boolean maintenance, String maintenanceMsg, boolean paused, Double speed) {
        List<String> blacklist = pop.blacklist() == null ? List.of()
                : pop.blacklist().stream().filter(word -> word != null && !word.isBlank())
                        .map(word -> word.toLowerCase(Locale.ROOT)).toList();
        return new Worker(id, pop.name(), ownerUserId, ownerTrusted, List.copyOf(pop.models()), pop.maxPixels(),
                pop.nsfw(), pop.allowImg2img(), pop.allowPainting(), pop.allowPostProcessing(), pop.allowLora(),
                pop.allowControlnet(), blacklist, pop.extraSlowWorker(), pop.limitMaxSteps(),
                pop.requireUpfrontKudos(), PriorityUsers.ids(ownerUserId, pop.priorityUsernames()), maintenance,
                maintenanceMsg, paused, speed, BridgeCapabilities.extraSourceImages(pop.bridgeAgent()));
    }

    /** Whether its measured speed keeps it from requests with {@code slow_workers: false}. */
    public boolean tooSlow() {
        return WorkerSpeed.tooSlow(speed);
    }

    /**
     * The most steps it takes on a request that names no model, with {@code limit_max_steps}: the lowest limit of its
     * models (AI Horde: such a request is compared with each of the worker's models).
     */
    public double stepLimit() {
        return ModelStepLimits.lowest(models);
    }

    /** Whether the worker may only work for its owner now. */
    public boolean ownerOnly() {
        return maintenance || paused;
    }

    /** Whether the worker, paused by a moderator, is handed decoys of other users' requests. */
    public boolean getsDecoys() {
        return paused && !maintenance;
    }

    /** The worker as the queue would see it unpaused: what requests it would get, so that it gets decoys of them. */
    public Worker unpaused() {
        return new Worker(id, name, ownerUserId, ownerTrusted, models, maxPixels, nsfw, allowImg2img, allowPainting,
                allowPostProcessing, allowLora, allowControlnet, blacklist, extraSlowWorker, limitMaxSteps,
                requireUpfrontKudos, priorityUserIds, maintenance, maintenanceMsg, false, speed,
                takesExtraSourceImages);
    }

    public WorkerRef ref() {
        return new WorkerRef(id, name, ownerUserId);
    }
}
