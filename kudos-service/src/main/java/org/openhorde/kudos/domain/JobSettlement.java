package org.openhorde.kudos.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The postings that settle one delivered job: the requester pays price + tax, the worker's owner earns the price,
 * the tax is burned. If that leaves the requester below their floor (0 for registered users, −50 for anonymous),
 * the treasury covers the difference with a floor adjustment: the full spending is still on record, but the
 * balance stays at the floor. When the owner is not trusted, part of the price goes to their escrow instead of their
 * balance. Every plan sums to zero.
 */
public final class JobSettlement {

    private JobSettlement() {
    }

    /**
     * @param escrowAccount the owner's escrow account (only used when {@code held > 0})
     * @param balances      current balances of the requester's and the owner's accounts, by account id
     * @param price         centikudos the owner earns
     * @param tax           centikudos burned
     * @param held          the part of the price that goes to the owner's escrow ({@link EscrowPolicy#held})
     */
    public static List<Posting> plan(String requesterAccount, String ownerAccount, String escrowAccount,
                                     Map<String, AccountBalance> balances, long price, long tax, long held) {
        if (held < 0 || held > price) {
            throw new IllegalArgumentException("held " + held + " must be within the price " + price);
        }
        List<Posting> postings = new ArrayList<>();
        long charge = Math.addExact(price, tax);
        addIfNonZero(postings, requesterAccount, -charge, KudosCategory.ACCUMULATED);
        if (ownerAccount != null) {
            addIfNonZero(postings, ownerAccount, price - held, KudosCategory.ACCUMULATED);
            addIfNonZero(postings, escrowAccount, held, KudosCategory.ESCROW);
        } else {
            // Nobody to pay (should not happen for a delivered job): the price goes back to the treasury.
            addIfNonZero(postings, AccountIds.TREASURY, price, KudosCategory.ACCUMULATED);
        }
        addIfNonZero(postings, AccountIds.BURN, tax, KudosCategory.TAX);

        AccountBalance requester = balances.get(requesterAccount);
        if (requester != null && requester.floor() != null) {
            long after = requester.balance();
            for (Posting posting : postings) {
                if (posting.accountId().equals(requesterAccount)) {
                    after += posting.amount();
                }
            }
            long shortfall = requester.floor() - after;
            if (shortfall > 0) {
                postings.add(new Posting(requesterAccount, shortfall, KudosCategory.FLOOR_ADJUSTMENT));
                postings.add(new Posting(AccountIds.TREASURY, -shortfall, KudosCategory.FLOOR_ADJUSTMENT));
            }
        }
        return List.copyOf(postings);
    }

    private static void addIfNonZero(List<Posting> postings, String account, long amount, String category) {
        if (amount != 0) {
            postings.add(new Posting(account, amount, category));
        }
    }

    public static long sum(List<Posting> postings) {
        long total = 0;
        for (Posting posting : postings) {
            total = Math.addExact(total, posting.amount());
        }
        return total;
    }
}
