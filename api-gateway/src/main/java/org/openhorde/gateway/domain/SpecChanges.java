package org.openhorde.gateway.domain;

import org.openhorde.contracts.events.ImageRequestSpec;

/** Changes the horde makes to an image request before it is queued. */
public final class SpecChanges {

    private SpecChanges() {
    }

    /**
     * The request with its sanitized prompt ({@link PromptScreen#sanitize}) and {@code nsfw} forced off, so that the
     * worker's NSFW censor also guards what the replacement may have missed.
     */
    public static ImageRequestSpec sanitized(ImageRequestSpec spec, String prompt) {
        return new ImageRequestSpec(prompt, spec.params(), spec.models(), false, true,
                spec.trustedWorkers(), spec.slowWorkers(), spec.workers(), spec.workerBlacklist(), spec.r2(),
                spec.sharedRequested(), spec.sourceProcessing(), spec.sourceImageKey(), spec.sourceMaskKey(),
                spec.replacementFilter(), spec.allowDowngrade(), spec.disableBatching(), spec.webhook(),
                spec.extraSlowWorkers(), spec.extraSourceImages());
    }
}
