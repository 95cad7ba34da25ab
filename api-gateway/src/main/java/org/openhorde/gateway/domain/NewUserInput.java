package org.openhorde.gateway.domain;

import static org.openhorde.gateway.domain.PayloadErrors.flag;

import java.math.BigDecimal;
import org.openhorde.contracts.economy.Centikudos;
import org.openhorde.contracts.internal.Registration;
import org.openhorde.contracts.internal.UserCreation;

/**
 * A new user: {@code POST /register} reads only the name; {@code POST /operator/users} also gives starting kudos
 * (a decimal with at most two places: money is never rounded silently) and roles. kudos-service judges the name.
 */
public record NewUserInput(String username, BigDecimal kudos, Boolean trusted, Boolean moderator, Integer concurrency) {

    /** Far above any real grant, far below what a {@code long} of centikudos holds. */
    static final BigDecimal MAX_STARTING_KUDOS = new BigDecimal("1000000000");
    /** Operator-made accounts may be service accounts running many images at once (the AI Horde's admins set it too). */
    static final int MAX_CONCURRENCY = 100_000;

    public static Registration toRegistration(NewUserInput input) {
        PayloadErrors errors = new PayloadErrors();
        requireUsername(input, errors);
        errors.throwIfAny();
        return new Registration(input.username());
    }

    public static UserCreation toCreation(NewUserInput input, long operatorUserId) {
        PayloadErrors errors = new PayloadErrors();
        requireUsername(input, errors);
        BigDecimal kudos = input == null || input.kudos() == null ? BigDecimal.ZERO : input.kudos();
        if (kudos.signum() < 0) {
            errors.add("kudos", kudos + " is less than the minimum of 0");
        } else if (kudos.compareTo(MAX_STARTING_KUDOS) > 0) {
            errors.add("kudos", kudos + " is greater than the maximum of " + MAX_STARTING_KUDOS);
        } else if (kudos.stripTrailingZeros().scale() > 2) {
            errors.add("kudos", kudos + " has more than 2 decimals; kudos are counted in hundredths");
        }
        Integer concurrency = errors.integer("concurrency", input == null ? null : input.concurrency(), 1,
                MAX_CONCURRENCY, null);
        errors.throwIfAny();
        return new UserCreation(input.username(), Centikudos.ofKudos(kudos),
                flag(input.trusted(), false), flag(input.moderator(), false), operatorUserId, concurrency);
    }

    private static void requireUsername(NewUserInput input, PayloadErrors errors) {
        if (input == null || input.username() == null) {
            errors.required("username");
        }
    }
}
