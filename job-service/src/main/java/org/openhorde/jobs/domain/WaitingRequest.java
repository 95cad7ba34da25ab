package org.openhorde.jobs.domain;

import java.util.UUID;
import org.openhorde.contracts.events.ImageRequestSpec;
import org.openhorde.contracts.events.TextRequestSpec;
import org.openhorde.contracts.events.Requester;

/**
 * An accepted request as the queue keeps it, with the amounts the gateway fixed at submit time: an image request
 * ({@code spec}) or a text request ({@code textSpec}), never both.
 *
 * @param pricePerImage centikudos a worker's owner earns per delivered image
 * @param taxPerImage   centikudos burned per delivered image
 */
public record WaitingRequest(UUID id, Requester requester, ImageRequestSpec spec, long pricePerImage,
                             long taxPerImage, boolean shared, TextRequestSpec textSpec) {

    public boolean text() {
        return textSpec != null;
    }
}
