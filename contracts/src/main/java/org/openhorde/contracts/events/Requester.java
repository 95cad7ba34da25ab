package org.openhorde.contracts.events;

import java.util.UUID;

/**
 * The requesting user as the gateway saw it when the request was accepted.
 *
 * @param kudos           balance in centikudos at submit time: the request's base queue priority
 * @param pseudonymous    registered without an OAuth identity (the AI Horde's "pseudonymous" user type); {@code null}
 *                        when the producer of the event did not know it (events that relay a stored requester)
 * @param imagesRequested images the user had requested before this request (the shared dataset's sidecar records
 *                        it); {@code null} when the producer did not know it
 * @param sharedKeyId     the shared key the request was made with ({@code userId} is then the key's owner, who
 *                        pays); settlement counts what each job costs against this key. {@code null} for a request
 *                        made with the user's own key
 */
public record Requester(long userId, String alias, boolean anonymous, boolean trusted, long kudos,
                        Boolean pseudonymous, Long imagesRequested, UUID sharedKeyId) {

    /** A requester using their own key. */
    public Requester(long userId, String alias, boolean anonymous, boolean trusted, long kudos,
                     Boolean pseudonymous, Long imagesRequested) {
        this(userId, alias, anonymous, trusted, kudos, pseudonymous, imagesRequested, null);
    }

    /** A requester whose user type and history the producer does not know (they travel only in JobSubmitted). */
    public Requester(long userId, String alias, boolean anonymous, boolean trusted, long kudos) {
        this(userId, alias, anonymous, trusted, kudos, null, null, null);
    }
}
