package org.openhorde.contracts.internal;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Gateway → interrogation-service: a validated interrogation whose source image storage-service already stored.
 *
 * @param forms          distinct form names with their payloads, in the client's order
 * @param sourceImageKey the stored source in the sources bucket
 * @param sourceUrl      the client's https URL when the source came as one (the result cache's key), else null
 * @param requesterKudos the requester's balance in centikudos when accepted: the queue priority
 */
public record InterrogationIntake(UUID id, long requesterUserId, String requesterAlias, long requesterKudos,
                                  List<Form> forms, String sourceImageKey, String sourceUrl, int tiles,
                                  boolean trustedWorkers, boolean slowWorkers, String webhook) {

    public record Form(String name, Map<String, Object> payload) {
    }
}
