package org.openhorde.kudos.domain;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.openhorde.contracts.HordeException;
import org.openhorde.contracts.internal.SharedKeyInput;

/** The AI Horde's shared key rules: ranges, how many keys a user may hold, how a job's cost moves a key's budget. */
class SharedKeyRulesTest {

    @Test
    void trustedUsersHoldTenKeysEducationAThousandOthersThree() {
        assertEquals(10, SharedKeyRules.maxKeys(true, false));
        assertEquals(1000, SharedKeyRules.maxKeys(false, true));
        assertEquals(3, SharedKeyRules.maxKeys(false, false));
    }

    @Test
    void anUnlimitedKeyStaysUnlimitedAndAnEmptyOneCountsNothing() {
        assertEquals(-1, SharedKeyRules.remainingAfter(-1, 500));
        assertEquals(500, SharedKeyRules.utilizedBy(-1, 500));
        assertEquals(0, SharedKeyRules.remainingAfter(0, 500));
        assertEquals(0, SharedKeyRules.utilizedBy(0, 500));
    }

    @Test
    void aBudgetShrinksByTheCostButNeverBelowZero() {
        assertEquals(700, SharedKeyRules.remainingAfter(1200, 500));
        assertEquals(0, SharedKeyRules.remainingAfter(300, 500));
        assertEquals(500, SharedKeyRules.utilizedBy(300, 500));
    }

    @Test
    void fieldsOutOfTheAiHordesRangesAreRefused() {
        assertDoesNotThrow(() -> SharedKeyRules.check(new SharedKeyInput(1, -1L, -1, "app", -1, 500, 500)));
        assertThrows(HordeException.class, () -> SharedKeyRules.check(input(50_000_001L, null, null)));
        assertThrows(HordeException.class, () -> SharedKeyRules.check(input(-2L, null, null)));
        assertThrows(HordeException.class, () -> SharedKeyRules.check(input(null, 0, null)));
        assertThrows(HordeException.class, () -> SharedKeyRules.check(input(null, null, "ab")));
        assertThrows(HordeException.class,
                () -> SharedKeyRules.check(new SharedKeyInput(1, null, null, null, 4_194_305, null, null)));
        assertThrows(HordeException.class,
                () -> SharedKeyRules.check(new SharedKeyInput(1, null, null, null, null, 501, null)));
        assertThrows(HordeException.class,
                () -> SharedKeyRules.check(new SharedKeyInput(1, null, null, null, null, null, -2)));
    }

    private static SharedKeyInput input(Long kudos, Integer expiry, String name) {
        return new SharedKeyInput(1, kudos, expiry, name, null, null, null);
    }
}
