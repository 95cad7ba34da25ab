package org.openhorde.gateway.domain;

import static org.openhorde.gateway.domain.PayloadErrors.flag;

import java.util.List;
import org.openhorde.contracts.Rc;
import org.openhorde.contracts.internal.PopRequest;

/** Validates an image worker's pop and applies the AI Horde's parser defaults (not its swagger's). */
public final class PopInputRules {

    static final int MAX_WORKER_NAME = 100;
    static final long DEFAULT_MAX_PIXELS = 512L * 512L;
    static final String UNKNOWN_BRIDGE = "unknown:0:unknown";
    private static final PopInput NO_INPUT = new PopInput(null, null, null, null, null, null, null, null, null,
            null, null, null, null, null, null, null, null, null, null);

    private PopInputRules() {
    }

    public static PopRequest toPopRequest(PopInput given) {
        PopInput input = given == null ? NO_INPUT : given;
        PayloadErrors errors = new PayloadErrors();
        String name = input.name() == null ? null : input.name().strip();
        if (name == null) {
            errors.required("name");
        } else if (name.isEmpty()) {
            errors.add("name", "A worker needs a name.");
        } else if (name.length() > MAX_WORKER_NAME) {
            errors.add(Rc.TooLongWorkerName, "name",
                    "A worker name may have at most " + MAX_WORKER_NAME + " characters.");
        }
        List<String> priorityUsernames = input.priorityUsernames() == null ? List.of() : input.priorityUsernames();
        if (errors.noNulls("priority_usernames", priorityUsernames)) {
            priorityUsernames.stream().filter(alias -> !alias.matches(".+#\\d+"))
                    .forEach(alias -> errors.add(Rc.InvalidPriorityUsername, "priority_usernames",
                            "Priority usernames must be aliases like name#id; '" + alias + "' is not."));
        }
        List<String> models = input.models();
        if (models == null) {
            errors.required("models");
        } else if (models.isEmpty()) {
            errors.add("models", "[] is too short: a worker must serve at least one model");
        } else if (errors.noNulls("models", models)) {
            models.forEach(model -> errors.length("models", model, 3, 255));
        }
        String bridgeAgent = errors.length("bridge_agent", input.bridgeAgent(), 1, 1000);
        int threads = errors.integer("threads", input.threads(), 1, 50, 1);
        int amount = errors.integer("amount", input.amount(), 1, 20, 1);
        long maxPixels = input.maxPixels() == null ? DEFAULT_MAX_PIXELS : input.maxPixels();
        if (maxPixels < 1) {
            errors.add("max_pixels", maxPixels + " is less than the minimum of 1");
        }
        List<String> blacklist = input.blacklist() == null ? List.of() : input.blacklist();
        errors.noNulls("blacklist", blacklist);
        errors.throwIfAny();
        return new PopRequest(name, List.copyOf(priorityUsernames), flag(input.nsfw(), true), List.copyOf(models),
                bridgeAgent == null ? UNKNOWN_BRIDGE : bridgeAgent, threads, flag(input.requireUpfrontKudos(), false),
                amount, maxPixels, List.copyOf(blacklist), flag(input.allowImg2img(), true),
                flag(input.allowPainting(), true), flag(input.allowUnsafeIpaddr(), true),
                flag(input.allowPostProcessing(), true), flag(input.allowControlnet(), false),
                flag(input.allowSdxlControlnet(), false), flag(input.allowLora(), false),
                flag(input.extraSlowWorker(), false), flag(input.limitMaxSteps(), false));
    }
}
