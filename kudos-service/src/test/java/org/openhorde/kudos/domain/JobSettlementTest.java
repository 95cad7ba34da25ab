package org.openhorde.kudos.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Pins how one delivered job turns into balanced postings, including floor adjustments and escrow. */
class JobSettlementTest {

    private static final String REQUESTER = AccountIds.user(10);
    private static final String OWNER = AccountIds.user(20);
    private static final String ESCROW = AccountIds.escrow(20);

    private static Map<String, AccountBalance> balances(long requester, Long requesterFloor) {
        return Map.of(REQUESTER, new AccountBalance(REQUESTER, requester, requesterFloor),
                OWNER, new AccountBalance(OWNER, 0, 0L));
    }

    private static long net(List<Posting> postings, String account) {
        return postings.stream().filter(p -> p.accountId().equals(account)).mapToLong(Posting::amount).sum();
    }

    @Test
    void richRequesterPaysPriceAndTaxOwnerEarnsPriceTaxIsBurned() {
        List<Posting> postings = JobSettlement.plan(REQUESTER, OWNER, ESCROW, balances(100_000, 0L), 650, 300, 0);
        assertEquals(-950, net(postings, REQUESTER));
        assertEquals(650, net(postings, OWNER));
        assertEquals(300, net(postings, AccountIds.BURN));
        assertEquals(0, net(postings, AccountIds.TREASURY));
        assertEquals(0, JobSettlement.sum(postings));
    }

    @Test
    void registeredBalanceStopsAtZeroButSpendingIsRecordedInFull() {
        List<Posting> postings = JobSettlement.plan(REQUESTER, OWNER, ESCROW, balances(200, 0L), 650, 300, 0);
        assertEquals(-200, net(postings, REQUESTER), "balance goes from 2.00 to the floor 0");
        assertTrue(postings.contains(new Posting(REQUESTER, -950, KudosCategory.ACCUMULATED)));
        assertEquals(-750, net(postings, AccountIds.TREASURY), "treasury covers the shortfall");
        assertEquals(0, JobSettlement.sum(postings));
    }

    @Test
    void anonymousStaysAtMinusFifty() {
        List<Posting> postings = JobSettlement.plan(REQUESTER, OWNER, ESCROW, balances(-5000, -5000L), 650, 100, 0);
        assertEquals(0, net(postings, REQUESTER));
        assertEquals(650, net(postings, OWNER));
        assertEquals(100, net(postings, AccountIds.BURN));
        assertEquals(0, JobSettlement.sum(postings));
    }

    @Test
    void censoredJobOnlyBurnsTheTax() {
        List<Posting> postings = JobSettlement.plan(REQUESTER, OWNER, ESCROW, balances(10_000, 0L), 0, 300, 0);
        assertEquals(-300, net(postings, REQUESTER));
        assertEquals(0, net(postings, OWNER));
        assertEquals(2, postings.size(), "no zero-amount legs");
    }

    @Test
    void generatingForYourselfCostsOnlyTheTax() {
        Map<String, AccountBalance> own = Map.of(REQUESTER, new AccountBalance(REQUESTER, 1000, 0L));
        List<Posting> postings = JobSettlement.plan(REQUESTER, REQUESTER, ESCROW, own, 650, 300, 0);
        assertEquals(-300, net(postings, REQUESTER));
        assertEquals(0, JobSettlement.sum(postings));
    }

    @Test
    void untrustedOwnersShareGoesToEscrowAndTheEventStillSumsToZero() {
        long held = EscrowPolicy.held(650, 50);
        List<Posting> postings = JobSettlement.plan(REQUESTER, OWNER, ESCROW, balances(100_000, 0L), 650, 300, held);
        assertEquals(-950, net(postings, REQUESTER));
        assertEquals(325, net(postings, OWNER));
        assertEquals(325, net(postings, ESCROW));
        assertEquals(300, net(postings, AccountIds.BURN));
        assertEquals(0, JobSettlement.sum(postings));
    }

    @Test
    void escrowNeverExceedsThePrice() {
        assertThrows(IllegalArgumentException.class,
                () -> JobSettlement.plan(REQUESTER, OWNER, ESCROW, balances(100_000, 0L), 650, 300, 651));
    }
}
