package org.openhorde.jobs.domain;

import java.util.UUID;
import org.openhorde.contracts.events.ImageRequestSpec;
import org.openhorde.contracts.events.Requester;

/**
 * An accepted image request as the queue keeps it, with the amounts the gateway fixed at submit time.
 *
 * @param pricePerImage centikudos a worker's owner earns per delivered image
 * @param taxPerImage   centikudos burned per delivered image
 */
public record WaitingRequest(UUID id, Requester requester, ImageRequestSpec spec, long pricePerImage,
                             long taxPerImage, boolean shared) {
}
