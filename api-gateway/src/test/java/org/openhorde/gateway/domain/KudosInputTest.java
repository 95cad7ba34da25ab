package org.openhorde.gateway.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import org.openhorde.contracts.HordeException;
import org.openhorde.contracts.internal.KudosAward;
import org.openhorde.contracts.internal.KudosTransfer;

/** Pins how a kudos transfer or award body becomes an internal command: whole kudos, default 100, the client's key. */
class KudosInputTest {

    @Test
    void amountDefaultsToAHundredKudosAndTravelsAsCentikudos() {
        KudosTransfer transfer = KudosInput.check(new KudosInput("bob#5", null), "key-1").toTransfer(7);
        assertEquals(new KudosTransfer(7, "bob#5", 10_000, "key-1"), transfer);
    }

    @Test
    void signAndZeroAreLeftToKudosServiceForItsOwnCodes() {
        assertEquals(-500, KudosInput.check(new KudosInput("bob#5", new BigDecimal("-5")), null)
                .toTransfer(7).amount());
        assertEquals(0, KudosInput.check(new KudosInput("bob#5", BigDecimal.ZERO), null).toTransfer(7).amount());
        assertEquals(2_000, KudosInput.check(new KudosInput("bob#5", new BigDecimal("20.0")), null)
                .toTransfer(7).amount(), "a whole number written as a float is still whole");
    }

    @Test
    void fractionsAndAbsurdAmountsAreRefused() {
        assertThrows(HordeException.class, () -> KudosInput.check(new KudosInput("bob#5", new BigDecimal("1.5")), null));
        assertThrows(HordeException.class,
                () -> KudosInput.check(new KudosInput("bob#5", new BigDecimal("1000000001")), null));
        assertThrows(HordeException.class, () -> KudosInput.check(new KudosInput(null, BigDecimal.TEN), null));
        assertThrows(HordeException.class, () -> KudosInput.check(null, null));
        assertThrows(HordeException.class, () -> KudosInput.check(new KudosInput("bob#5", null), "with space"));
    }

    @Test
    void anAwardWithoutAClientKeyIsANewAwardEachTime() {
        KudosInput.Checked request = KudosInput.check(new KudosInput("bob#5", BigDecimal.TEN), null);
        KudosAward first = request.toAward(1);
        KudosAward second = request.toAward(1);
        assertEquals(1_000, first.amount());
        assertNotNull(first.idempotencyKey());
        assertNotEquals(first.idempotencyKey(), second.idempotencyKey());
        assertEquals("retry-1", KudosInput.check(new KudosInput("bob#5", BigDecimal.TEN), "retry-1").toAward(1)
                .idempotencyKey(), "with the client's key, a retried award is paid once");
    }
}
