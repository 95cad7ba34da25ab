package org.openhorde.gateway.domain;

import java.util.List;
import java.util.Objects;
import org.openhorde.contracts.internal.JobSubmission;
import org.openhorde.contracts.internal.PopRequest;

/**
 * A text worker's pop and submit: the rules every worker's pop and submit follow ({@link PopInputRules},
 * {@link SubmitRules}), plus the scribe's own fields with the AI Horde's defaults ({@code max_length} 512,
 * {@code max_context_length} 2048).
 */
public final class TextWorkerRules {

    static final int DEFAULT_MAX_LENGTH = 512;
    static final int DEFAULT_MAX_CONTEXT_LENGTH = 2048;
    static final int MAX_SOFTPROMPTS = 200;
    static final int MAX_SOFTPROMPT_NAME = 100;

    private TextWorkerRules() {
    }

    public static PopRequest toPopRequest(TextPopInput given) {
        TextPopInput input = given == null ? new TextPopInput(null, null, null, null, null, null, null, null, null,
                null, null, null, null) : given;
        PayloadErrors errors = new PayloadErrors();
        int maxLength = errors.integer("max_length", input.maxLength(), 1, 1_048_576, DEFAULT_MAX_LENGTH);
        int maxContextLength = errors.integer("max_context_length", input.maxContextLength(), 1, 1_048_576,
                DEFAULT_MAX_CONTEXT_LENGTH);
        List<String> softprompts = errors.maxItems(org.openhorde.contracts.Rc.BadRequest, "softprompts",
                input.softprompts(), MAX_SOFTPROMPTS);
        if (errors.noNulls("softprompts", softprompts)) {
            softprompts.forEach(name -> errors.length("softprompts", name, 0, MAX_SOFTPROMPT_NAME));
        }
        errors.throwIfAny();
        // Everything else is an ordinary worker's pop, judged by the same rules.
        PopRequest common = PopInputRules.toPopRequest(new PopInput(input.name(), input.priorityUsernames(),
                input.nsfw(), input.models(), input.bridgeAgent(), input.threads(), input.requireUpfrontKudos(),
                input.amount(), null, input.blacklist(), null, null, null, null, null, null, null,
                input.extraSlowWorker(), null));
        return PopRequest.text(common.name(), common.priorityUsernames(), common.nsfw(), common.models(),
                common.bridgeAgent(), common.threads(), common.requireUpfrontKudos(), common.amount(),
                common.blacklist(), maxLength, maxContextLength,
                softprompts.stream().filter(Objects::nonNull).toList());
    }

    /**
     * The submission of a text: the image rules for id, state and seed (0 when absent), the text itself and its
     * {@code gen_metadata} ({@link GenMetadataRules}).
     */
    public static JobSubmission toSubmission(TextSubmitInput input, long ownerUserId) {
        SubmitInput common = input == null ? null : new SubmitInput(input.id(), null, input.state(),
                input.seed() == null ? "0" : input.seed(), null);
        JobSubmission submission = SubmitRules.toSubmission(common, ownerUserId);
        return new JobSubmission(submission.ownerUserId(), submission.jobId(), submission.state(), submission.seed(),
                submission.censored(), "ok".equals(submission.state()) || "censored".equals(submission.state())
                ? (input.generation() == null ? "" : input.generation()) : null,
                GenMetadataRules.text(input.genMetadata(), submission.state()));
    }
}
