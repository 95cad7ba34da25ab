package org.openhorde.jobs.domain;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openhorde.contracts.HordeError;
import org.openhorde.contracts.HordeException;
import org.openhorde.contracts.Rc;
import org.openhorde.contracts.internal.PopRequest;
import org.openhorde.contracts.internal.WorkerPop;
import org.openhorde.kit.rest.InputLimits;

/**
 * What a pop must satisfy before it touches the queue (AI Horde {@code PopInputStable} and worker onboarding).
 * Field errors name the AI Horde's public field, because the gateway relays them unchanged.
 */
public final class PopRules {

    public static final int MAX_NAME_LENGTH = InputLimits.WORKER_NAME;
    private static final int MAX_MODEL_NAME_LENGTH = 255;
    private static final int MAX_THREADS = 50;
    private static final int MAX_INTERROGATION_THREADS = 100;
    private static final int MAX_INTERROGATION_AMOUNT = 20;
    private static final int MAX_BRIDGE_AGENT_LENGTH = 1000;
    /** The AI Horde keeps at most 200 soft prompts of a scribe, of at most 100 characters each. */
    private static final int MAX_SOFTPROMPTS = 200;
    private static final int MAX_SOFTPROMPT_NAME_LENGTH = 100;

    private PopRules() {
    }

    public static void check(WorkerPop workerPop, int maxAmount) {
        check(workerPop, maxAmount, MAX_THREADS);
    }

    /**
     * An interrogation worker's check-in: the same rules, with the AI Horde's interrogation limits (threads 1–100;
     * its forms stand where an image worker's models do, its {@code max_tiles} where its {@code max_pixels} does).
     */
    public static void checkInterrogationWorker(WorkerPop workerPop) {
        check(workerPop, MAX_INTERROGATION_AMOUNT, MAX_INTERROGATION_THREADS);
    }

    private static void check(WorkerPop workerPop, int maxAmount, int maxThreads) {
        if (workerPop == null) {
            throw new HordeException(Rc.BadRequest, "A JSON body is required");
        }
        if (workerPop.ownerUserId() == 0) {
            throw new HordeException(Rc.AnonForbiddenWorker, "Anonymous user is forbidden from performing this operation");
        }
        PopRequest pop = workerPop.pop();
        if (pop == null) {
            throw invalid(Map.of("pop", "'pop' is a required property"));
        }
        Map<String, String> errors = new LinkedHashMap<>();
        if (pop.name() == null || pop.name().isBlank()) {
            errors.put("name", "'name' is a required property");
        }
        List<String> models = pop.models();
        if (models == null || models.isEmpty()) {
            errors.put("models", "a worker must serve at least one model");
        } else if (models.stream().anyMatch(m -> m == null || m.isBlank() || m.length() > MAX_MODEL_NAME_LENGTH)) {
            errors.put("models", "model names are 1 to " + MAX_MODEL_NAME_LENGTH + " characters");
        }
        if (pop.amount() < 1 || pop.amount() > maxAmount) {
            errors.put("amount", pop.amount() + " is not between 1 and " + maxAmount);
        }
        if (pop.threads() < 1 || pop.threads() > maxThreads) {
            errors.put("threads", pop.threads() + " is not between 1 and " + maxThreads);
        }
        if (pop.maxPixels() < 1) {
            errors.put("max_pixels", pop.maxPixels() + " is less than the minimum of 1");
        }
        if (pop.text()) {
            checkScribe(pop, errors);
        }
        if (pop.bridgeAgent() != null && pop.bridgeAgent().length() > MAX_BRIDGE_AGENT_LENGTH) {
            errors.put("bridge_agent", "is longer than " + MAX_BRIDGE_AGENT_LENGTH + " characters");
        }
        // Identifiers stored or matched in SQL: bounded before any statement sees them.
        InputLimits.atMost(errors, "ownerAlias", workerPop.ownerAlias(), InputLimits.USER_ALIAS);
        InputLimits.eachAtMost(errors, "priority_usernames", pop.priorityUsernames(), InputLimits.USER_ALIAS);
        InputLimits.eachAtMost(errors, "blacklist", pop.blacklist(), InputLimits.TOKEN);
        // Any worker kind may send the field; a null name would reach the worker's record (List.copyOf refuses it).
        if (pop.softprompts() != null && pop.softprompts().stream().anyMatch(java.util.Objects::isNull)) {
            errors.put("softprompts", "soft prompt names cannot be null");
        }
        if (!errors.isEmpty()) {
            throw invalid(errors);
        }
        if (pop.name().length() > MAX_NAME_LENGTH) {
            throw new HordeException(Rc.TooLongWorkerName,
                    "Worker name is too long. Please use at most " + MAX_NAME_LENGTH + " characters.");
        }
    }

    /** A text worker's own fields (the AI Horde's {@code PopInputKobold}); soft prompt names as it keeps them. */
    private static void checkScribe(PopRequest pop, Map<String, String> errors) {
        if (pop.maxLength() < 1) {
            errors.put("max_length", pop.maxLength() + " is less than the minimum of 1");
        }
        if (pop.maxContextLength() == null || pop.maxContextLength() < 1) {
            errors.put("max_context_length", pop.maxContextLength() + " is less than the minimum of 1");
        }
        List<String> softprompts = pop.softprompts() == null ? List.of() : pop.softprompts();
        if (softprompts.size() > MAX_SOFTPROMPTS) {
            errors.put("softprompts", "at most " + MAX_SOFTPROMPTS + " soft prompts");
        }
        InputLimits.eachAtMost(errors, "softprompts", softprompts, MAX_SOFTPROMPT_NAME_LENGTH);
    }

    private static HordeException invalid(Map<String, String> errors) {
        return new HordeException(Rc.BadRequest.httpStatus(), HordeError.validation(errors));
    }
}
