package org.openhorde.jobs.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.openhorde.contracts.internal.BlockedPrompt;
import org.openhorde.contracts.internal.PromptFilter;
import org.openhorde.contracts.internal.PromptFilterChange;

/** The moderators' prompt filters and the prompts they refused (V17_1__prompt_filters_and_worker_messages.sql). */
@ApplicationScoped
public class PromptFilterRepository {

    private static final String COLUMNS = "id, regex, filter_type, description, replacement, user_alias";

    /** Filters of one type (or all), whose regex or description contains {@code contains} (when given). */
    public Uni<List<PromptFilter>> list(Pool pool, Integer filterType, String contains) {
        return pool.preparedQuery("select " + COLUMNS + " from prompt_filters"
                        + " where ($1::int is null or filter_type = $1)"
                        + "   and ($2::text is null or strpos(regex, $2) > 0 or strpos(coalesce(description, ''), $2) > 0)"
                        + " order by id")
                .execute(Tuple.of(filterType, contains))
                .map(rows -> {
                    List<PromptFilter> filters = new ArrayList<>();
                    rows.forEach(row -> filters.add(filter(row)));
                    return filters;
                });
    }

    public Uni<Optional<PromptFilter>> find(Pool pool, long id) {
        return pool.preparedQuery("select " + COLUMNS + " from prompt_filters where id = $1")
                .execute(Tuple.of(id))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(filter(rows.iterator().next())));
    }

    /** The AI Horde's PUT: a filter with the same regex and type is answered as it is, not added twice. */
    public Uni<PromptFilter> add(Pool pool, PromptFilterChange change) {
        return pool.preparedQuery("""
                        insert into prompt_filters (regex, filter_type, description, replacement, user_alias)
                        values ($1, $2, $3, $4, $5)
                        on conflict (regex, filter_type) do nothing
                        returning""" + " " + COLUMNS)
                .execute(Tuple.tuple(Arrays.asList(change.regex(), change.filterType(), change.description(),
                        change.replacement() == null ? "" : change.replacement(), change.actorAlias())))
                .flatMap(rows -> rows.size() == 1 ? Uni.createFrom().item(filter(rows.iterator().next()))
                        : pool.preparedQuery("select " + COLUMNS
                                        + " from prompt_filters where regex = $1 and filter_type = $2")
                                .execute(Tuple.of(change.regex(), change.filterType()))
                                .map(existing -> filter(existing.iterator().next())));
    }

    /** Changes the given fields; empty when there is no such filter. */
    public Uni<Optional<PromptFilter>> patch(Pool pool, long id, PromptFilterChange change) {
        return pool.preparedQuery("""
                        update prompt_filters
                           set regex = coalesce($2, regex), filter_type = coalesce($3, filter_type),
                               description = coalesce($4, description), replacement = coalesce($5, replacement),
                               user_alias = $6, updated_at = now()
                         where id = $1
                        returning""" + " " + COLUMNS)
                .execute(Tuple.tuple(Arrays.asList(id, change.regex(), change.filterType(), change.description(),
                        change.replacement(), change.actorAlias())))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(filter(rows.iterator().next())));
    }

    public Uni<Boolean> delete(Pool pool, long id) {
        return pool.preparedQuery("delete from prompt_filters where id = $1").execute(Tuple.of(id))
                .map(rows -> rows.rowCount() == 1);
    }

    public Uni<BlockedPrompt> recordBlocked(Pool pool, BlockedPrompt blocked) {
        return pool.preparedQuery("""
                        insert into blocked_prompts (user_id, user_alias, prompt, matches) values ($1, $2, $3, $4)
                        returning id, user_id, user_alias, prompt, matches, created_at
                        """)
                .execute(Tuple.of(blocked.userId(), blocked.userAlias(), blocked.prompt(),
                        blocked.matches() == null ? new String[0] : blocked.matches().toArray(String[]::new)))
                .map(rows -> blocked(rows.iterator().next()));
    }

    /** The most recent refused prompts first, {@code size} a page from page 0; of one user when given. */
    public Uni<List<BlockedPrompt>> blocked(Pool pool, Long userId, int page, int size) {
        return pool.preparedQuery("""
                        select id, user_id, user_alias, prompt, matches, created_at from blocked_prompts
                         where ($1::bigint is null or user_id = $1)
                         order by created_at desc, id desc offset $2 limit $3
                        """)
                .execute(Tuple.of(userId, page * size, size))
                .map(rows -> {
                    List<BlockedPrompt> found = new ArrayList<>();
                    rows.forEach(row -> found.add(blocked(row)));
                    return found;
                });
    }

    private static PromptFilter filter(Row row) {
        return new PromptFilter(row.getLong("id"), row.getString("regex"), row.getInteger("filter_type"),
                row.getString("description"), row.getString("replacement"), row.getString("user_alias"));
    }

    private static BlockedPrompt blocked(Row row) {
        return new BlockedPrompt(row.getLong("id"), row.getLong("user_id"), row.getString("user_alias"),
                row.getString("prompt"), Arrays.stream(row.getArrayOfStrings("matches")).filter(Objects::nonNull).toList(),
                row.getOffsetDateTime("created_at").withOffsetSameInstant(ZoneOffset.UTC).toInstant());
    }
}
