package org.openhorde.gateway.domain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.openhorde.contracts.HordeException;
import org.openhorde.contracts.Rc;
import org.openhorde.contracts.economy.InterrogationForms;
import org.openhorde.contracts.internal.InterrogationIntake;
import org.openhorde.contracts.internal.WorkerPop;
import org.openhorde.contracts.internal.PopRequest;
import org.openhorde.contracts.internal.UserAccount;
import org.openhorde.kit.webhook.WebhookUrls;

/** The AI Horde's validation of interrogation requests, pops and submits, as 400s with {@code errors}. */
public final class InterrogationInputRules {

    static final int MAX_WORKER_NAME = 100;
    static final String UNKNOWN_BRIDGE = "unknown:0:unknown";
    /** The AI Horde's parser default for {@code max_tiles}. */
    static final int DEFAULT_MAX_TILES = 80;
    private static final Set<String> SUBMIT_STATES = Set.of("ok", "faulted");

    private InterrogationInputRules() {
    }

    /** A validated request: its forms without duplicates (the first of each name kept), in the client's order. */
    public record Accepted(List<InterrogationIntake.Form> forms, String sourceImage, boolean trustedWorkers,
                           boolean slowWorkers, String webhook) {
    }

    public static Accepted accept(InterrogationInput input) {
        return accept(input, false);
    }

    /** As {@link #accept(InterrogationInput)}; {@code allowHttpWebhooks}: {@code horde.webhooks.allow-http}. */
    public static Accepted accept(InterrogationInput input, boolean allowHttpWebhooks) {
        if (input == null) {
            throw new HordeException(Rc.BadRequest, "A JSON body is required");
        }
        PayloadErrors errors = new PayloadErrors();
        Map<String, InterrogationIntake.Form> forms = new LinkedHashMap<>();
        if (input.forms() == null) {
            errors.required("forms");
        } else if (input.forms().isEmpty()) {
            errors.add("forms", "[] is too short: at least one form is needed");
        } else {
            for (InterrogationInput.Form form : input.forms()) {
                if (form == null || form.name() == null) {
                    errors.required("forms.name");
                } else if (!InterrogationForms.known(form.name())) {
                    errors.add("forms.name", "'" + form.name() + "' is not a form this horde knows");
                } else {
                    forms.putIfAbsent(form.name(), new InterrogationIntake.Form(form.name(), form.payload()));
                }
            }
        }
        if (input.sourceImage() == null || input.sourceImage().isBlank()) {
            errors.required("source_image");
        }
        String webhook = input.webhook();
        if (webhook != null && !WebhookUrls.acceptable(webhook, allowHttpWebhooks)) {
            errors.add("webhook", "'" + webhook + "' must be " + WebhookUrls.rule(allowHttpWebhooks));
        }
        errors.throwIfAny();
        return new Accepted(List.copyOf(forms.values()), input.sourceImage(),
                PayloadErrors.flag(input.trustedWorkers(), false), PayloadErrors.flag(input.slowWorkers(), true),
                webhook);
    }

    /** {@code SourceImageResolutionExceeded} above 255 tiles of 512 × 512. */
    public static int tiles(int width, int height) {
        int tiles = InterrogationForms.tiles(width, height);
        if (tiles > 255) {
            throw new HordeException(Rc.SourceImageResolutionExceeded,
                    "Image is too large. Please send a smaller image (at most 255 tiles of 512x512).");
        }
        return Math.max(1, tiles);
    }

    /** A validated pop: the check-in for job-service's registry, and what to ask interrogation-service for. */
    public record Pop(PopRequest checkIn, List<String> forms, int amount, int maxTiles) {
    }

    public static Pop pop(InterrogationPopInput input) {
        if (input == null) {
            throw new HordeException(Rc.BadRequest, "A JSON body is required");
        }
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
        List<String> forms = new ArrayList<>();
        if (input.forms() == null || input.forms().isEmpty()) {
            // The AI Horde's worker offers "caption" when it names no forms.
            forms.add("caption");
        } else if (errors.noNulls("forms", input.forms())) {
            for (String form : input.forms()) {
                if (!InterrogationForms.known(form)) {
                    errors.add("forms", "'" + form + "' is not a form this horde knows");
                } else if (!forms.contains(form)) {
                    forms.add(form);
                }
            }
        }
        List<String> priority = input.priorityUsernames() == null ? List.of() : input.priorityUsernames();
        errors.noNulls("priority_usernames", priority);
        String bridgeAgent = errors.length("bridge_agent", input.bridgeAgent(), 1, 1000);
        int threads = errors.integer("threads", input.threads(), 1, 100, 1);
        int amount = errors.integer("amount", input.amount(), 1, 20, 1);
        int maxTiles = errors.integer("max_tiles", input.maxTiles(), 1, 256, DEFAULT_MAX_TILES);
        errors.throwIfAny();
        // The registry keeps the forms where an image worker keeps its models and max_tiles where it keeps
        // max_pixels (the AI Horde's max_power); the rest does not apply.
        PopRequest checkIn = new PopRequest(name, List.copyOf(priority), false, List.copyOf(forms),
                bridgeAgent == null ? UNKNOWN_BRIDGE : bridgeAgent, threads, false, amount, maxTiles, List.of(), false,
                false, false, false, false, false, false, false, false);
        return new Pop(checkIn, List.copyOf(forms), amount, maxTiles);
    }

    public static WorkerPop workerPop(UserAccount owner, Pop pop) {
        return new WorkerPop(owner.id(), owner.alias(), owner.trusted(), pop.checkIn());
    }

    /** A validated submit: the form id, the result (null when faulted) and whether the worker gave up. */
    public record Submit(UUID formId, Map<String, Object> result, String state) {
    }

    public static Submit submit(InterrogationSubmitInput input) {
        if (input == null) {
            throw new HordeException(Rc.BadRequest, "A JSON body is required");
        }
        PayloadErrors errors = new PayloadErrors();
        UUID formId = null;
        if (input.id() == null) {
            errors.required("id");
        } else {
            try {
                formId = UUID.fromString(input.id());
            } catch (IllegalArgumentException e) {
                // An id that cannot be a form's is an unknown form, as the AI Horde answers it.
                throw new HordeException(Rc.InvalidJobID, "Interrogation Form with ID " + input.id()
                        + " does not exist.");
            }
        }
        String state = errors.oneOf("state", input.state(), SUBMIT_STATES, "ok");
        if ("ok".equals(state) && input.result() == null) {
            errors.required("result");
        }
        errors.throwIfAny();
        return new Submit(formId, "ok".equals(state) ? input.result() : null, state);
    }
}
