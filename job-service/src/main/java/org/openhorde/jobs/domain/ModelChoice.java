package org.openhorde.jobs.domain;

import java.util.List;

/** Which model a worker runs a request with: the first the request lists that the worker serves. */
public final class ModelChoice {

    private ModelChoice() {
    }

    /** A request that names no model takes any: the worker's first. */
    public static String pick(List<String> requestModels, List<String> workerModels) {
        if (requestModels == null || requestModels.isEmpty()) {
            return workerModels.get(0);
        }
        return requestModels.stream()
                .filter(workerModels::contains)
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(
                        "the worker serves none of " + requestModels + "; matching should not have offered it"));
    }
}
