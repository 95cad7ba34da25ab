package org.openhorde.contracts.internal;

/**
 * Who asks job-service to change a style, a collection or an example: the gateway verified the key and hands over
 * what the AI Horde's style rules look at (roles and standing), so that job-service decides ownership alone.
 */
public record StyleActor(long userId, String alias, boolean anonymous, boolean trusted, boolean customizer,
                         boolean moderator, boolean deleted) {

    public static StyleActor of(UserAccount user) {
        return new StyleActor(user.id(), user.alias(), user.anonymous(), user.trusted(), user.standing().customizer(),
                user.moderator(), user.deleted());
    }
}
