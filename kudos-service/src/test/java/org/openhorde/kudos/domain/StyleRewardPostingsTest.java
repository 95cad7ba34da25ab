package org.openhorde.kudos.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Pins a style reward's postings: the requester pays the owner, the treasury covers what a floor keeps back. */
class StyleRewardPostingsTest {

    private static long sum(List<Posting> postings) {
        return postings.stream().mapToLong(Posting::amount).sum();
    }

    private static long on(List<Posting> postings, String account) {
        return postings.stream().filter(p -> p.accountId().equals(account)).mapToLong(Posting::amount).sum();
    }

    @Test
    void aRequesterWithKudosPaysTheOwner() {
        List<Posting> postings = StyleRewardPostings.of(new AccountBalance("user:7", 10_000, 0L), "user:9", 200);
        assertEquals(0, sum(postings));
        assertEquals(-200, on(postings, "user:7"));
        assertEquals(200, on(postings, "user:9"));
        assertEquals(0, on(postings, AccountIds.TREASURY));
    }

    @Test
    void whatTheFloorKeepsBackTheTreasuryCovers() {
        List<Posting> postings = StyleRewardPostings.of(new AccountBalance("user:0", -5_000, -5_000L), "user:9", 200);
        assertEquals(0, sum(postings));
        assertEquals(0, on(postings, "user:0"));
        assertEquals(200, on(postings, "user:9"));
        assertEquals(-200, on(postings, AccountIds.TREASURY));
        List<Posting> partly = StyleRewardPostings.of(new AccountBalance("user:7", 50, 0L), "user:9", 200);
        assertEquals(-50, on(partly, "user:7"));
        assertEquals(-150, on(partly, AccountIds.TREASURY));
    }
}
