package org.openhorde.gateway.domain;

import java.math.BigDecimal;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import java.util.UUID;
import org.openhorde.contracts.economy.Centikudos;
import org.openhorde.contracts.internal.KudosAward;
import org.openhorde.contracts.internal.KudosTransfer;

/**
 * The body of {@code POST /kudos/transfer} and {@code /kudos/award}: {@code username} (the AI Horde's
 * {@code alias#id}) and {@code amount}, whole kudos, 100 when absent. The sign and the zero are judged by
 * kudos-service, which answers with the AI Horde's own codes ({@code NegativeKudosTransfer},
 * {@code InvalidKudosTransferAmount}); here only the shape is checked.
 */
@Schema(description = "Kudos to move to another user.")
public record KudosInput(
        @Schema(description = "The receiving user, as alias#id. Required, 1 to 100 characters.", minLength = 1,
                maxLength = 100, examples = "db0#1")
        String username,
        @Schema(description = "Whole kudos to move; more than 0 (kudos-service refuses the rest) and at most "
                + "1000000000.", defaultValue = "100", maximum = "1000000000", examples = "100")
        BigDecimal amount) {

    static final int DEFAULT_AMOUNT = 100;
    /** Far beyond any real transfer, far below what a {@code long} of centikudos holds. */
    static final BigDecimal MAX_AMOUNT = new BigDecimal("1000000000");
    static final int MAX_USERNAME = 100;
    static final int MAX_IDEMPOTENCY_KEY = 100;

    /**
     * A checked request, in whole kudos.
     *
     * @param idempotencyKey the client's {@code Idempotency-Key}, or null
     */
    public record Checked(String username, int amount, String idempotencyKey) {

        public KudosTransfer toTransfer(long fromUserId) {
            return new KudosTransfer(fromUserId, username, Centikudos.ofKudos(amount), idempotencyKey);
        }

        /** kudos-service pays an award only once per key; without the client's, each call is a new award. */
        public KudosAward toAward(long byUserId) {
            return new KudosAward(byUserId, username, Centikudos.ofKudos(amount), null,
                    idempotencyKey != null ? idempotencyKey : UUID.randomUUID().toString());
        }
    }

    public static Checked check(KudosInput input, String idempotencyKey) {
        PayloadErrors errors = new PayloadErrors();
        if (input == null || input.username() == null) {
            errors.required("username");
        } else {
            errors.length("username", input.username(), 1, MAX_USERNAME);
        }
        BigDecimal amount = input == null || input.amount() == null ? BigDecimal.valueOf(DEFAULT_AMOUNT)
                : input.amount();
        if (amount.stripTrailingZeros().scale() > 0) {
            errors.add("amount", amount + " is not of type 'integer'");
        } else if (amount.abs().compareTo(MAX_AMOUNT) > 0) {
            errors.add("amount", amount + " is out of range; at most " + MAX_AMOUNT + " kudos move at once");
        }
        if (idempotencyKey != null && (idempotencyKey.isBlank() || idempotencyKey.length() > MAX_IDEMPOTENCY_KEY
                || !idempotencyKey.chars().allMatch(c -> c >= 0x21 && c <= 0x7e))) {
            errors.add("Idempotency-Key", "must be 1 to " + MAX_IDEMPOTENCY_KEY + " printable ASCII characters");
        }
        errors.throwIfAny();
        return new Checked(input.username(), amount.intValueExact(), idempotencyKey);
    }
}
