package org.openhorde.worker;

/**
 * What turns a text job into text: the scribe's counterpart of {@link Backend}. The reference worker ships one, the
 * {@code scribe} simulator ({@link SimulatedScribe}); a real backend (KoboldCpp, Aphrodite, TabbyAPI) implements the
 * same method.
 */
public interface TextBackend {

    /** How the backend presents itself in the worker's output, so a simulator is never mistaken for a model. */
    String description();

    /** Writes at most {@code maxLength} tokens continuing {@code prompt}, taking as long as the backend needs. */
    String generate(String prompt, long seed, int maxLength) throws InterruptedException;
}
