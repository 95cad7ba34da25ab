package org.openhorde.kudos.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import org.openhorde.kudos.domain.AccountBalance;
import org.openhorde.kudos.domain.Posting;

/** The append-only ledger: events, postings and the balance projection they move. */
@ApplicationScoped
public class LedgerRepository {

    public Uni<Void> ensureAccount(SqlClient client, String accountId, Long userId, Long floor) {
        return client.preparedQuery("insert into accounts (id, user_id, floor) values ($1, $2, $3) on conflict do nothing")
                .execute(Tuple.of(accountId, userId, floor))
                .replaceWithVoid();
    }

    /**
     * Opens a ledger event. Returns false when the event id was already recorded: the business event was settled
     * before and must not move kudos again.
     */
    public Uni<Boolean> openEvent(SqlClient client, UUID eventId, String type, String reference) {
        return client.preparedQuery("""
                        insert into ledger_events (event_id, type, reference) values ($1, $2, $3)
                        on conflict (event_id) do nothing
                        """)
                .execute(Tuple.of(eventId, type, reference))
                .map(rows -> rows.rowCount() == 1);
    }

    /**
     * Locks the accounts (always in id order, so concurrent settlements never deadlock) and returns their balances.
     * Accounts that do not exist are absent from the map.
     */
    public Uni<Map<String, AccountBalance>> lockAccounts(SqlClient client, Collection<String> accountIds) {
        String[] ids = new TreeSet<>(accountIds).toArray(String[]::new);
        return client.preparedQuery("select id, balance, floor from accounts where id = any($1) order by id for update")
                .execute(Tuple.of(ids))
                .map(rows -> {
                    Map<String, AccountBalance> balances = new HashMap<>();
                    for (Row row : rows) {
                        balances.put(row.getString("id"), new AccountBalance(row.getString("id"),
                                row.getLong("balance"), row.getLong("floor")));
                    }
                    return balances;
                });
    }

    /** Appends the postings of an open event and moves the balances they touch, in the caller's transaction. */
    public Uni<Void> post(SqlClient client, UUID eventId, List<Posting> postings) {
        if (postings.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Tuple> postingRows = new ArrayList<>();
        Map<String, Long> deltas = new TreeMap<>();
        for (Posting posting : postings) {
            postingRows.add(Tuple.of(eventId, posting.accountId(), posting.amount(), posting.category()));
            deltas.merge(posting.accountId(), posting.amount(), Math::addExact);
        }
        List<Tuple> balanceRows = new ArrayList<>();
        deltas.forEach((account, delta) -> balanceRows.add(Tuple.of(account, delta)));
        return client.preparedQuery("insert into postings (event_id, account_id, amount, category) values ($1, $2, $3, $4)")
                .executeBatch(postingRows)
                .chain(() -> client.preparedQuery(
                                "update accounts set balance = balance + $2, updated_at = now() where id = $1")
                        .executeBatch(balanceRows))
                .replaceWithVoid();
    }

    public Uni<LedgerInvariant> invariant(SqlClient client) {
        return client.query("""
                        select (select coalesce(sum(balance), 0) from accounts) as total_balance,
                               (select count(*) from (select event_id from postings group by event_id
                                                       having sum(amount) <> 0) unbalanced) as unbalanced_events,
                               (select count(*) from accounts a
                                 where a.balance <> (select coalesce(sum(p.amount), 0) from postings p
                                                      where p.account_id = a.id)) as drifted_accounts,
                               (select count(*) from ledger_events where type = 'job_settlement') as settled_jobs,
                               (select count(*) from postings) as postings
                        """)
                .execute()
                .map(rows -> {
                    Row row = rows.iterator().next();
                    return new LedgerInvariant(row.getLong("total_balance"), row.getLong("unbalanced_events"),
                            row.getLong("drifted_accounts"), row.getLong("settled_jobs"), row.getLong("postings"));
                });
    }

    /** Balance of one account; absent accounts read as null. */
    public Uni<Long> balance(SqlClient client, String accountId) {
        return client.preparedQuery("select balance from accounts where id = $1")
                .execute(Tuple.of(accountId))
                .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getLong("balance"));
    }
}
