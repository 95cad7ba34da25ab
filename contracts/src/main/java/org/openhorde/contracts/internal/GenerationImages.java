package org.openhorde.contracts.internal;

import java.util.List;

/** The generations of {@link ObjectUrlsRequest#jobIds()}, in that order. */
public record GenerationImages(List<GenerationImage> images) {
}
