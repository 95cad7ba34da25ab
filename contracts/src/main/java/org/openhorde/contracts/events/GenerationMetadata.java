package org.openhorde.contracts.events;

/**
 * One entry of a worker's {@code gen_metadata} (the AI Horde's {@code GenerationMetadata*}): what happened to a
 * generation besides its result, as the worker reported it, shown to the requester as sent. For text the AI Horde
 * knows one entry, {@code {type: "censorship", value: "csam"}}.
 *
 * @param ref optionally a reference for the entry (e.g. a LoRA id), at most 255 characters; {@code null} when absent
 */
public record GenerationMetadata(String type, String value, String ref) {
}
