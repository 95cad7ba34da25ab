package org.openhorde.contracts.events;

import java.util.List;

/**
 * Everything a text worker ("scribe") and the other services need to know about a text request (the AI Horde's
 * {@code GenerationInputKobold}), as accepted by the gateway.
 *
 * @param softprompt        the soft prompt the worker must have loaded, or {@code null} for none
 * @param validatedBackends only workers whose backend the AI Horde validated may take it (default true)
 */
public record TextRequestSpec(
        String prompt,
        TextParams params,
        List<String> models,
        boolean nsfw,
        boolean trustedWorkers,
        boolean slowWorkers,
        List<String> workers,
        boolean workerBlacklist,
        String softprompt,
        boolean validatedBackends,
        String webhook) {
}
