package org.openhorde.jobs.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.openhorde.contracts.internal.CollectionView;
import org.openhorde.contracts.internal.StyleExampleView;
import org.openhorde.contracts.internal.StyleView;

/** Styles, their examples, and collections of them (V19_1__styles_and_collections.sql). */
@ApplicationScoped
public class StyleRepository {

    private static final String STYLE_COLUMNS = """
            s.id, s.style_type, s.name, s.info, s.prompt, s.params::text as params, s.models, s.tags, s.public,
            s.nsfw, s.owner_id, s.owner_alias, s.use_count, s.created_at, s.shared_key_id,
            coalesce((select json_agg(json_build_object('id', e.id, 'url', e.url, 'primary', e.is_primary)
                                      order by e.created_at, e.id)
                        from style_examples e where e.style_id = s.id), '[]')::text as examples
            """;

    private static final String COLLECTION_COLUMNS = """
            c.id, c.style_type, c.name, c.info, c.public, c.owner_id, c.owner_alias, c.use_count, c.created_at,
            coalesce((select json_agg(json_build_object('id', s.id, 'name', s.owner_alias || '::style::' || s.name)
                                      order by m.position)
                        from style_collection_members m join styles s on s.id = m.style_id
                       where m.collection_id = c.id), '[]')::text as members
            """;

    public Uni<List<StyleView>> list(SqlClient client, String type, String sort, int offset, int limit, String tag,
                                     String model) {
        String order = sort.equals("age") ? "s.created_at asc, s.id" : "s.use_count desc, s.created_at asc, s.id";
        return client.preparedQuery("select " + STYLE_COLUMNS + """
                         from styles s
                        where s.style_type = $1 and s.public
                          and ($2::text is null or $2 = any (s.tags))
                          and ($3::text is null or $3 = any (s.models))
                        order by\s""" + order + " offset $4 limit $5")
                .execute(Tuple.of(type, tag, model, offset, limit))
                .map(rows -> {
                    List<StyleView> styles = new ArrayList<>();
                    rows.forEach(row -> styles.add(style(row)));
                    return styles;
                });
    }

    public Uni<Optional<StyleView>> find(SqlClient client, UUID id) {
        return client.preparedQuery("select " + STYLE_COLUMNS + " from styles s where s.id = $1")
                .execute(Tuple.of(id))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(style(rows.iterator().next())));
    }

    /** The oldest style with this name (of this owner, when given), so that a name always means the same style. */
    public Uni<Optional<StyleView>> findByName(SqlClient client, String name, String ownerAlias) {
        return client.preparedQuery("select " + STYLE_COLUMNS + """
                         from styles s where s.name = $1 and ($2::text is null or s.owner_alias = $2)
                        order by s.created_at, s.id limit 1""")
                .execute(Tuple.of(name, ownerAlias))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(style(rows.iterator().next())));
    }

    public Uni<Boolean> nameTaken(SqlClient client, long ownerId, String name, UUID except) {
        return client.preparedQuery("""
                        select 1 from styles where owner_id = $1 and name = $2 and ($3::uuid is null or id <> $3)
                        """)
                .execute(Tuple.of(ownerId, name, except))
                .map(rows -> rows.size() > 0);
    }

    public Uni<Void> insert(SqlClient client, UUID id, String type, String name, String info, String prompt,
                            Map<String, Object> params, List<String> models, List<String> tags, boolean isPublic,
                            boolean nsfw, long ownerId, String ownerAlias, UUID sharedKeyId) {
        return client.preparedQuery("""
                        insert into styles (id, style_type, name, info, prompt, params, models, tags, public, nsfw,
                                            owner_id, owner_alias, shared_key_id)
                        values ($1, $2, $3, $4, $5, $6::text::jsonb, $7, $8, $9, $10, $11, $12, $13)
                        """)
                .execute(Tuple.from(Arrays.asList(id, type, name, info, prompt,
                        new JsonObject(params).encode(), models.toArray(String[]::new), tags.toArray(String[]::new),
                        isPublic, nsfw, ownerId, ownerAlias, sharedKeyId)))
                .replaceWithVoid();
    }

    public Uni<Void> update(SqlClient client, StyleView style) {
        return client.preparedQuery("""
                        update styles set name = $2, info = $3, prompt = $4, params = $5::text::jsonb, models = $6,
                                          tags = $7, public = $8, nsfw = $9, shared_key_id = $10, updated_at = now()
                         where id = $1
                        """)
                .execute(Tuple.from(Arrays.asList(style.id(), style.name(), style.info(), style.prompt(),
                        new JsonObject(style.params()).encode(), style.models().toArray(String[]::new),
                        style.tags().toArray(String[]::new), style.isPublic(), style.nsfw(), style.sharedKeyId())))
                .replaceWithVoid();
    }

    public Uni<Void> delete(SqlClient client, UUID id) {
        return client.preparedQuery("delete from styles where id = $1").execute(Tuple.of(id)).replaceWithVoid();
    }

    /** The styles a shared key pays for, oldest first (a key assigned to any is no longer usable as an apikey). */
    public Uni<List<UUID>> stylesOfKey(SqlClient client, UUID sharedKeyId) {
        return client.preparedQuery("select id from styles where shared_key_id = $1 order by created_at, id")
                .execute(Tuple.of(sharedKeyId))
                .map(rows -> {
                    List<UUID> ids = new ArrayList<>();
                    rows.forEach(row -> ids.add(row.getUUID("id")));
                    return ids;
                });
    }

    /** A deleted key pays for no style any more; answers how many styles it was taken from. */
    public Uni<Integer> detachKey(SqlClient client, UUID sharedKeyId) {
        return client.preparedQuery("update styles set shared_key_id = null, updated_at = now() where shared_key_id = $1")
                .execute(Tuple.of(sharedKeyId)).map(rows -> rows.rowCount());
    }

    public Uni<Void> countUse(SqlClient client, UUID styleId) {
        return client.preparedQuery("update styles set use_count = use_count + 1 where id = $1")
                .execute(Tuple.of(styleId)).replaceWithVoid();
    }

    public Uni<Void> insertExample(SqlClient client, UUID styleId, UUID id, String url, boolean primary) {
        return client.preparedQuery("insert into style_examples (id, style_id, url, is_primary) values ($1, $2, $3, $4)")
                .execute(Tuple.of(id, styleId, url, primary)).replaceWithVoid();
    }

    public Uni<Void> updateExample(SqlClient client, UUID id, String url, boolean primary) {
        return client.preparedQuery("update style_examples set url = $2, is_primary = $3 where id = $1")
                .execute(Tuple.of(id, url, primary)).replaceWithVoid();
    }

    /** Only one example of a style is its primary one. */
    public Uni<Void> clearPrimary(SqlClient client, UUID styleId) {
        return client.preparedQuery("update style_examples set is_primary = false where style_id = $1")
                .execute(Tuple.of(styleId)).replaceWithVoid();
    }

    public Uni<Void> deleteExample(SqlClient client, UUID id) {
        return client.preparedQuery("delete from style_examples where id = $1").execute(Tuple.of(id))
                .replaceWithVoid();
    }

    // --- collections

    public Uni<List<CollectionView>> listCollections(SqlClient client, String type, String sort, int offset,
                                                     int limit) {
        String order = sort.equals("age") ? "c.created_at asc, c.id" : "c.use_count desc, c.created_at asc, c.id";
        return client.preparedQuery("select " + COLLECTION_COLUMNS + """
                         from style_collections c
                        where c.public and ($1::text is null or c.style_type = $1)
                        order by\s""" + order + " offset $2 limit $3")
                .execute(Tuple.of(type, offset, limit))
                .map(rows -> {
                    List<CollectionView> collections = new ArrayList<>();
                    rows.forEach(row -> collections.add(collection(row)));
                    return collections;
                });
    }

    public Uni<Optional<CollectionView>> findCollection(SqlClient client, UUID id) {
        return client.preparedQuery("select " + COLLECTION_COLUMNS + " from style_collections c where c.id = $1")
                .execute(Tuple.of(id))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(collection(rows.iterator().next())));
    }

    public Uni<Optional<CollectionView>> findCollectionByName(SqlClient client, String name, String ownerAlias) {
        return client.preparedQuery("select " + COLLECTION_COLUMNS + """
                         from style_collections c where c.name = $1 and ($2::text is null or c.owner_alias = $2)
                        order by c.created_at, c.id limit 1""")
                .execute(Tuple.of(name, ownerAlias))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(collection(rows.iterator().next())));
    }

    public Uni<Boolean> collectionNameTaken(SqlClient client, long ownerId, String name, UUID except) {
        return client.preparedQuery("""
                        select 1 from style_collections
                         where owner_id = $1 and name = $2 and ($3::uuid is null or id <> $3)
                        """)
                .execute(Tuple.of(ownerId, name, except))
                .map(rows -> rows.size() > 0);
    }

    public Uni<Void> insertCollection(SqlClient client, UUID id, String type, String name, String info,
                                      boolean isPublic, long ownerId, String ownerAlias) {
        return client.preparedQuery("""
                        insert into style_collections (id, style_type, name, info, public, owner_id, owner_alias)
                        values ($1, $2, $3, $4, $5, $6, $7)
                        """)
                .execute(Tuple.from(List.of(id, type, name, info, isPublic, ownerId, ownerAlias)))
                .replaceWithVoid();
    }

    public Uni<Void> updateCollection(SqlClient client, UUID id, String name, String info, boolean isPublic) {
        return client.preparedQuery("update style_collections set name = $2, info = $3, public = $4 where id = $1")
                .execute(Tuple.of(id, name, info, isPublic)).replaceWithVoid();
    }

    public Uni<Void> replaceMembers(SqlClient client, UUID collectionId, List<UUID> styleIds) {
        Uni<Void> cleared = client.preparedQuery("delete from style_collection_members where collection_id = $1")
                .execute(Tuple.of(collectionId)).replaceWithVoid();
        if (styleIds.isEmpty()) {
            return cleared;
        }
        List<Tuple> members = new ArrayList<>();
        for (int i = 0; i < styleIds.size(); i++) {
            members.add(Tuple.of(collectionId, styleIds.get(i), i));
        }
        return cleared.chain(() -> client.preparedQuery("""
                        insert into style_collection_members (collection_id, style_id, position) values ($1, $2, $3)
                        on conflict do nothing
                        """)
                .executeBatch(members).replaceWithVoid());
    }

    public Uni<Void> deleteCollection(SqlClient client, UUID id) {
        return client.preparedQuery("delete from style_collections where id = $1").execute(Tuple.of(id))
                .replaceWithVoid();
    }

    public Uni<Void> countCollectionUse(SqlClient client, UUID collectionId) {
        return client.preparedQuery("update style_collections set use_count = use_count + 1 where id = $1")
                .execute(Tuple.of(collectionId)).replaceWithVoid();
    }

    private static StyleView style(Row row) {
        List<StyleExampleView> examples = new ArrayList<>();
        for (Object each : new JsonArray(row.getString("examples"))) {
            JsonObject example = (JsonObject) each;
            examples.add(new StyleExampleView(UUID.fromString(example.getString("id")), example.getString("url"),
                    example.getBoolean("primary")));
        }
        return new StyleView(row.getUUID("id"), row.getString("style_type"), row.getString("name"),
                row.getString("info"), row.getString("prompt"), new JsonObject(row.getString("params")).getMap(),
                strings(row.getArrayOfStrings("models")), strings(row.getArrayOfStrings("tags")),
                row.getBoolean("public"), row.getBoolean("nsfw"), row.getLong("owner_id"),
                row.getString("owner_alias"), row.getLong("use_count"), examples,
                row.getOffsetDateTime("created_at").toInstant(), row.getUUID("shared_key_id"));
    }

    private static CollectionView collection(Row row) {
        List<CollectionView.Member> members = new ArrayList<>();
        for (Object each : new JsonArray(row.getString("members"))) {
            JsonObject member = (JsonObject) each;
            members.add(new CollectionView.Member(member.getString("name"), UUID.fromString(member.getString("id"))));
        }
        return new CollectionView(row.getUUID("id"), row.getString("style_type"), row.getString("name"),
                row.getString("info"), row.getBoolean("public"), row.getLong("owner_id"),
                row.getString("owner_alias"), row.getLong("use_count"), members,
                row.getOffsetDateTime("created_at").withOffsetSameInstant(ZoneOffset.UTC).toInstant());
    }

    private static List<String> strings(String[] values) {
        return values == null ? List.of() : Arrays.asList(values);
    }
}
