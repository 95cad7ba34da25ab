package org.openhorde.kudos.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
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
     *
     * <p>The event row, the postings and the balance updates are one statement (decision 0047; they were three, four
     * with the batch of balances): the postings and balance updates are data-modifying CTEs that run only when the
     * event's insert returned a row, so a repeated event id still moves nothing. The postings' foreign key to the
     * event is checked at the end of the statement, when the event row exists. One update per account, as before:
     * the deltas are merged per account in Java, because one statement may not update a row twice.
     */
    public Uni<Boolean> record(SqlClient client, LedgerEntry entry) {
        int count = entry.postings().size();
        String[] postingAccounts = new String[count];
        Long[] postingAmounts = new Long[count];
        String[] postingCategories = new String[count];
        Map<String, Long> deltas = new TreeMap<>();
        for (int i = 0; i < count; i++) {
            Posting posting = entry.postings().get(i);
            postingAccounts[i] = posting.accountId();
            postingAmounts[i] = posting.amount();
            postingCategories[i] = posting.category();
            deltas.merge(posting.accountId(), posting.amount(), Math::addExact);
        }
        String[] balanceAccounts = deltas.keySet().toArray(String[]::new);
        Long[] balanceDeltas = deltas.values().toArray(Long[]::new);
        return client.preparedQuery("""
                        with event as (
                            insert into ledger_events (event_id, type, reference) values ($1, $2, $3)
                            on conflict (event_id) do nothing
                            returning recorded_at
                        ), posted as (
                            insert into postings (event_id, account_id, amount, category)
                            select $1, p.account_id, p.amount, p.category
                              from unnest($4::varchar[], $5::bigint[], $6::varchar[])
                                   with ordinality as p(account_id, amount, category, n)
                             where exists (select 1 from event)
                             order by p.n
                        ), moved as (
                            update accounts a set balance = a.balance + d.delta, updated_at = now()
                              from unnest($7::varchar[], $8::bigint[]) as d(account_id, delta)
                             where a.id = d.account_id and exists (select 1 from event)
                        )
                        select recorded_at from event
                        """)
                .execute(Tuple.tuple(Arrays.asList(entry.eventId(), entry.kind(), entry.reference(), postingAccounts,
                        postingAmounts, postingCategories, balanceAccounts, balanceDeltas)))
                .flatMap(rows -> {
                    if (rows.size() == 0) {
                        return Uni.createFrom().item(false);
                    }
                    Instant recordedAt = rows.iterator().next().getOffsetDateTime("recorded_at").toInstant();
                    return outbox.append(client, Topics.KUDOS_POSTED, KudosPosted.of(entry.eventId(),
                                    recordedAt, entry.kind(), entry.reference(), entry.postings().stream()
                                            .map(p -> new KudosPosted.Posting(p.accountId(), p.amount(), p.category()))
                                            .toList()))
                            .replaceWith(true);
                });
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
