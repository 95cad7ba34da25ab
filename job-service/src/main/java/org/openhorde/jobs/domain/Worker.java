package org.openhorde.jobs.domain;

import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.openhorde.contracts.economy.TextPricing;
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
 * @param kind            which requests it serves: {@code image} or {@code text} (a scribe)
 * @param maxLength       a scribe's most tokens to generate (0 for image workers)
 * @param maxContextLength a scribe's most tokens of context (0 for image workers)
 * @param softprompts     the soft prompts a scribe has
 * @param validatedBackend a scribe's backend is one the AI Horde validated ({@code TextPricing#validatedBackend})
 */
public record Worker(UUID id, String name, long ownerUserId, boolean ownerTrusted, List<String> models,
                     long maxPixels, boolean nsfw, boolean allowImg2img, boolean allowPainting,
                     boolean allowPostProcessing, boolean allowLora, boolean allowControlnet, List<String> blacklist,
                     boolean extraSlowWorker, boolean limitMaxSteps, boolean requireUpfrontKudos,
                     List<Long> priorityUserIds, boolean maintenance, String maintenanceMsg, boolean paused,
                     Double speed, boolean takesExtraSourceImages, String kind, int maxLength,
                     int maxContextLength, List<String> softprompts, boolean validatedBackend) {

    public static final String IMAGE = "image";
    public static final String TEXT = "text";

    /** An image worker. */
    public Worker(UUID id, String name, long ownerUserId, boolean ownerTrusted, List<String> models, long maxPixels,
                  boolean nsfw, boolean allowImg2img, boolean allowPainting, boolean allowPostProcessing,
                  boolean allowLora, boolean allowControlnet, List<String> blacklist, boolean extraSlowWorker,
                  boolean limitMaxSteps, boolean requireUpfrontKudos, List<Long> priorityUserIds, boolean maintenance,
                  String maintenanceMsg, boolean paused, Double speed, boolean takesExtraSourceImages) {
        this(id, name, ownerUserId, ownerTrusted, models, maxPixels, nsfw, allowImg2img, allowPainting,
                allowPostProcessing, allowLora, allowControlnet, blacklist, extraSlowWorker, limitMaxSteps,
                requireUpfrontKudos, priorityUserIds, maintenance, maintenanceMsg, paused, speed,
                takesExtraSourceImages, IMAGE, 0, 0, List.of(), false);
    }

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
                maintenanceMsg, paused, speed, BridgeCapabilities.extraSourceImages(pop.bridgeAgent()),
                pop.text() ? TEXT : IMAGE, pop.text() ? pop.maxLength() : 0,
                pop.text() ? pop.maxContextLength() : 0,
                pop.softprompts() == null ? List.of() : List.copyOf(pop.softprompts()),
                TextPricing.validatedBackend(pop.bridgeAgent()));
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
                takesExtraSourceImages, kind, maxLength, maxContextLength, softprompts, validatedBackend);
    }

    /** Whether it is a text worker (a scribe). */
    public boolean text() {
        return TEXT.equals(kind);
    }

    public WorkerRef ref() {
        return new WorkerRef(id, name, ownerUserId);
    }
}
