package org.openhorde.kudos.repository;

import java.time.Instant;
import org.openhorde.contracts.internal.UserStanding;

/** A users row joined with its account balance and what it has in escrow (centikudos), and its moderators' flags. */
public record UserRow(long id, String username, boolean pseudonymous, boolean trusted, boolean moderator,
                      boolean admin, int concurrency, Instant createdAt, long balance, long evaluatingKudos,
                      UserStanding standing) {
}
