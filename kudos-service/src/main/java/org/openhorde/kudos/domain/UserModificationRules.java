package org.openhorde.kudos.domain;

import java.util.Optional;
import org.openhorde.contracts.HordeException;
import org.openhorde.contracts.Rc;
import org.openhorde.contracts.internal.UserModification;

/**
 * Who may change what on a user, and which values are acceptable: the AI Horde's {@code PUT /users/{id}} tiers, in
 * its order. The operator's fields (kudos, usage multiplier, moderator) need an admin ({@code NotAdmin}); the
 * moderators' fields (concurrency, worker_invited, trusted, flagged, customizer, vpn, service, education, special)
 * a moderator or admin ({@code NotModerator}); the user's own fields (public_workers, username, contact, undelete)
 * the user themself or a moderator ({@code NotModerator}, {@code AnonForbiddenUserMod} for anonymous). A body that
 * selects nothing is {@code NoUserModSelected}.
 */
public final class UserModificationRules {

    /** Who asks: enough of the caller's account to judge their tier. */
    public record Actor(long id, boolean admin, boolean moderator) {

        boolean anonymous() {
            return id == 0;
        }

        boolean mayModerate() {
            return admin || moderator;
        }
    }

    public static final int MAX_CONCURRENCY = 500;
    public static final int CONTACT_MIN = 5;
    public static final int CONTACT_MAX = 500;
    public static final int USERNAME_INPUT_MAX = 100;

    private UserModificationRules() {
    }

    /** The first reason this change may not be made, in the AI Horde's order, or empty when it may. */
    public static Optional<HordeException> refusal(UserModification change, Actor actor, long targetId) {
        Optional<HordeException> invalid = invalidValue(change);
        if (invalid.isPresent()) {
            return invalid;
        }
        boolean adminFields = change.kudos() != null || change.usageMultiplier() != null || change.moderator() != null;
        if (adminFields && !actor.admin()) {
            return Optional.of(new HordeException(Rc.NotAdmin, "Only the horde's operator may change kudos, the "
                    + "usage multiplier or moderators."));
        }
        boolean moderatorFields = change.concurrency() != null || change.workerInvited() != null
                || change.trusted() != null || change.flagged() != null || change.customizer() != null
                || change.vpn() != null || change.service() != null || change.education() != null
                || change.special() != null;
        if (moderatorFields && !actor.mayModerate()) {
            return Optional.of(notModerator());
        }
        boolean ownFields = change.publicWorkers() != null || change.username() != null || change.contact() != null
                || change.undelete() != null;
        if (ownFields) {
            if (!actor.mayModerate() && actor.id() != targetId) {
                return Optional.of(notModerator());
            }
            if (actor.anonymous()) {
                return Optional.of(new HordeException(Rc.AnonForbiddenUserMod,
                        "Anonymous cannot change a user's details."));
            }
        }
        if (!adminFields && !moderatorFields && !ownFields) {
            return Optional.of(new HordeException(Rc.NoUserModSelected, "No usermod operations selected!"));
        }
        return Optional.empty();
    }

    /** The AI Horde's input model bounds (its swagger validation, answered 400). */
    private static Optional<HordeException> invalidValue(UserModification change) {
        if (change.concurrency() != null && (change.concurrency() < 0 || change.concurrency() > MAX_CONCURRENCY)) {
            return bad("concurrency must be between 0 and " + MAX_CONCURRENCY);
        }
        if (change.usageMultiplier() != null
                && !(change.usageMultiplier() >= 0.1 && change.usageMultiplier() <= 10)) {
            return bad("usage_multiplier must be between 0.1 and 10");
        }
        if (change.workerInvited() != null && change.workerInvited() < 0) {
            return bad("worker_invited must not be negative");
        }
        if (change.kudos() != null && Math.abs(change.kudos()) > 1_000_000_000L) {
            return bad("kudos must be between -1000000000 and 1000000000");
        }
        if (change.username() != null) {
            String username = change.username().strip();
            if (username.length() < 3 || username.length() > USERNAME_INPUT_MAX) {
                return bad("username must be between 3 and " + USERNAME_INPUT_MAX + " characters");
            }
            if (username.length() > Usernames.MAX_LENGTH) {
                return Optional.of(new HordeException(Rc.TooLongUserName,
                        "The specified username is too long. Please stay below " + Usernames.MAX_LENGTH));
            }
            Optional<String> problem = Usernames.problem(username);
            if (problem.isPresent()) {
                return bad(problem.get());
            }
        }
        if (change.contact() != null
                && (change.contact().strip().length() < CONTACT_MIN || change.contact().length() > CONTACT_MAX)) {
            return bad("contact must be between " + CONTACT_MIN + " and " + CONTACT_MAX + " characters");
        }
        return Optional.empty();
    }

    /**
     * The concurrency an education change implies when no concurrency was sent (the AI Horde raises education
     * accounts to 200 and puts them back to 30), or empty when it stays.
     */
    public static Optional<Integer> concurrencyForEducation(UserModification change, int current) {
        if (change.concurrency() != null || change.education() == null) {
            return Optional.empty();
        }
        if (change.education() && current < 200) {
            return Optional.of(200);
        }
        if (!change.education() && current == 200) {
            return Optional.of(30);
        }
        return Optional.empty();
    }

    private static HordeException notModerator() {
        return new HordeException(Rc.NotModerator, "Only a moderator may change this about a user.");
    }

    private static Optional<HordeException> bad(String message) {
        return Optional.of(new HordeException(Rc.BadRequest, message));
    }
}
