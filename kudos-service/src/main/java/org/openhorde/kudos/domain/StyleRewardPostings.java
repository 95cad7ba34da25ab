package org.openhorde.kudos.domain;

import java.util.ArrayList;
import java.util.List;

/**
 * The postings of a style reward: the requester pays, the style's owner earns ({@code styled}); what the requester's
 * floor does not let them pay is covered by the treasury, as in a job settlement, so the full use is still recorded.
 */
public final class StyleRewardPostings {

    private StyleRewardPostings() {
    }

    public static List<Posting> of(AccountBalance requester, String ownerAccount, long amount) {
        List<Posting> postings = new ArrayList<>();
        postings.add(new Posting(requester.accountId(), -amount, KudosCategory.ACCUMULATED));
        postings.add(new Posting(ownerAccount, amount, KudosCategory.STYLED));
        if (requester.floor() != null) {
            long covered = Math.min(amount, Math.max(0, requester.floor() - (requester.balance() - amount)));
            if (covered > 0) {
                postings.add(new Posting(requester.accountId(), covered, KudosCategory.FLOOR_ADJUSTMENT));
                postings.add(new Posting(AccountIds.TREASURY, -covered, KudosCategory.FLOOR_ADJUSTMENT));
            }
        }
        return List.copyOf(postings);
    }
}
