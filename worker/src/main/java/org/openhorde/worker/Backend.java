package org.openhorde.worker;

/**
 * What turns a job into pictures. The reference worker ships one, the {@code procedural} simulator; a real GPU
 * backend (a diffusion pipeline) implements the same method.
 */
public interface Backend {

    /** How the backend presents itself in the worker's output, so a simulator is never mistaken for a GPU. */
    String description();

    /**
     * Generates batch image {@code index} of {@code job} (seed {@code job.seedOf(index)}), taking as long as the
     * backend needs; returns the encoded image.
     */
    byte[] generate(PoppedJob job, int index) throws InterruptedException;
}
