package org.openhorde.contracts.internal;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A collection of styles of one type (the AI Horde's {@code StyleCollection}); a request naming it uses one at random. */
public record CollectionView(UUID id, String type, String name, String info, boolean isPublic, long ownerId,
                             String creator, long useCount, List<Member> styles, Instant created) {

    /** A member style: its unique name ({@code alias::style::name}) and id. */
    public record Member(String name, UUID id) {
    }
}
