package org.openhorde.kudos.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.openhorde.contracts.Topics;
import org.openhorde.contracts.events.KudosPosted;
import org.openhorde.contracts.internal.LedgerAudit;
import org.openhorde.kit.outbox.OutboxRepository;
import org.openhorde.kudos.domain.AccountBalance;
import org.openhorde.kudos.domain.LedgerEntry;
import org.openhorde.kudos.domain.Posting;

/** The append-only ledger: events, postings, the balance projection they move, and their outbox rows. */
@ApplicationScoped
public class LedgerRepository {

    private final OutboxRepository outbox;

    LedgerRepository(OutboxRepository outbox) {
        this.outbox = outbox;
    }

    public Uni<Void> ensureAccount(SqlClient client, String accountId, Long userId, Long floor) {
        return client.preparedQuery("insert into accounts (id, user_id, floor) values ($1, $2, $3) on conflict do nothing")
                .execute(Tuple.of(accountId, userId, floor))
                .replaceWithVoid();
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

    /**
     * Records a ledger event in the caller's transaction: the event row, its postings, the balances they move, and
     * the {@link KudosPosted} outbox row that announces it. Returns false, and records nothing, when the event id is
     * already on the ledger: that business event moved its kudos before and must not move them again.
     */
    public Uni<Boolean> record(SqlClient client, LedgerEntry entry) {
        return client.preparedQuery("""
                        insert into ledger_events (event_id, type, reference) values ($1, $2, $3)
                        on conflict (event_id) do nothing
                        returning recorded_at
                        """)
                .execute(Tuple.of(entry.eventId(), entry.kind(), entry.reference()))
                .flatMap(rows -> {
                    if (rows.size() == 0) {
                        return Uni.createFrom().item(false);
                    }
                    Instant recordedAt = rows.iterator().next().getOffsetDateTime("recorded_at").toInstant();
                    return post(client, entry)
                            .call(() -> outbox.append(client, Topics.KUDOS_POSTED, KudosPosted.of(entry.eventId(),
                                    recordedAt, entry.kind(), entry.reference(), entry.postings().stream()
                                            .map(p -> new KudosPosted.Posting(p.accountId(), p.amount(), p.category()))
                                            .toList())))
                            .replaceWith(true);
                });
    }

    private Uni<Void> post(SqlClient client, LedgerEntry entry) {
        if (entry.postings().isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Tuple> postingRows = new ArrayList<>();
        Map<String, Long> deltas = new TreeMap<>();
        for (Posting posting : entry.postings()) {
            postingRows.add(Tuple.of(entry.eventId(), posting.accountId(), posting.amount(), posting.category()));
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

    /**
     * The auditor's view: Σ balances = 0, every event balanced, every balance equal to its postings, every job and
     * interrogation form settled at most once (a settlement's reference is its job or form), and how much is still
     * held in escrow or waiting in the outbox.
     */
    public Uni<LedgerAudit> audit(SqlClient client) {
        return client.query("""
                        select (select coalesce(sum(balance), 0) from accounts) as total_balance,
                               (select count(*) from (select event_id from postings group by event_id
                                                       having sum(amount) <> 0) unbalanced) as unbalanced_events,
                               (select count(*) from accounts a
                                 where a.balance <> (select coalesce(sum(p.amount), 0) from postings p
                                                      where p.account_id = a.id)) as drifted_accounts,
                               (select count(*) from ledger_events
                                 where type in ('job_settlement', 'interrogation_settlement')) as settled_jobs,
                               (select count(distinct reference) from ledger_events
                                 where type in ('job_settlement', 'interrogation_settlement'))
                                       as distinct_settled_jobs,
                               (select count(*) from ledger_events) as ledger_events,
                               (select count(*) from postings) as postings,
                               (select coalesce(sum(balance), 0) from accounts
                                 where id like 'escrow:%') as escrow_held,
                               (select count(*) from outbox where published_at is null) as unpublished_events
                        """)
                .execute()
                .map(rows -> {
                    Row row = rows.iterator().next();
                    long total = row.getLong("total_balance");
                    long unbalanced = row.getLong("unbalanced_events");
                    long drifted = row.getLong("drifted_accounts");
                    long settled = row.getLong("settled_jobs");
                    long distinct = row.getLong("distinct_settled_jobs");
                    long duplicates = settled - distinct;
                    boolean holds = total == 0 && unbalanced == 0 && drifted == 0 && duplicates == 0;
                    return new LedgerAudit(holds, total, unbalanced, drifted, settled, distinct, duplicates,
                            row.getLong("ledger_events"), row.getLong("postings"), row.getLong("escrow_held"),
                            row.getLong("unpublished_events"));
                });
    }
}
