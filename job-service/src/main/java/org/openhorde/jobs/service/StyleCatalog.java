package org.openhorde.jobs.service;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.openhorde.contracts.HordeException;
import org.openhorde.contracts.Rc;
import org.openhorde.contracts.internal.CollectionChange;
import org.openhorde.contracts.internal.CollectionView;
import org.openhorde.contracts.internal.StyleActor;
import org.openhorde.contracts.internal.StyleChange;
import org.openhorde.contracts.internal.StyleExampleChange;
import org.openhorde.contracts.internal.StyleExampleView;
import org.openhorde.contracts.internal.StyleUse;
import org.openhorde.contracts.internal.StyleView;
import org.openhorde.jobs.domain.StyleReference;
import org.openhorde.jobs.domain.StyleRules;
import org.openhorde.jobs.repository.StyleRepository;

/**
 * The horde's styles and collections: listing, creating, changing and deleting them under the AI Horde's rules
 * ({@link StyleRules}), and picking the style a request names at intake ({@link #use}).
 */
@ApplicationScoped
public class StyleCatalog {

    private final Pool pool;
    private final StyleRepository styles;

    StyleCatalog(Pool pool, StyleRepository styles) {
        this.pool = pool;
        this.styles = styles;
    }

    public Uni<List<StyleView>> list(String type, String sort, Integer page, String tag, String model) {
        return styles.list(pool, StyleRules.type(type), StyleRules.sort(sort), StyleRules.offset(page),
                StyleRules.PAGE_SIZE, blankToNull(tag), blankToNull(model));
    }

    /** A style of this type; 404 {@code StyleNotFound}, or 400 {@code StyleGetMistmatch} for the other type. */
    public Uni<StyleView> get(String type, UUID id) {
        return styles.find(pool, id).map(found -> ofType(type, found.orElseThrow(() -> styleNotFound(id.toString()))));
    }

    public Uni<StyleView> byName(String type, String name) {
        StyleReference reference = StyleReference.parse(name);
        return styles.findByName(pool, reference.name(), reference.ownerAlias())
                .map(found -> ofType(type, found.orElseThrow(() -> styleNotFound(name))));
    }

    public Uni<StyleView> create(String type, StyleChange change) {
        StyleActor actor = change.actor();
        StyleRules.requireMayCreateStyle(actor);
        List<String> models = StyleRules.models(change.models());
        List<String> tags = StyleRules.tags(change.tags());
        String name = StyleRules.name(change.name(), "style");
        String info = StyleRules.info(change.info());
        String prompt = StyleRules.prompt(change.prompt(), StyleRules.type(type));
        Map<String, Object> params = change.params() == null ? Map.of() : change.params();
        UUID id = UUID.randomUUID();
        return pool.withTransaction(conn -> styles.nameTaken(conn, actor.userId(), name, null).chain(taken -> {
            if (taken) {
                throw new HordeException(Rc.BadRequest, "Style with name '" + name + "' already exists for user '"
                        + actor.alias() + "'. Please use PATCH to modify an existing style.");
            }
            return styles.insert(conn, id, type, name, info, prompt, params, models, tags,
                    change.isPublic() == null || change.isPublic(), Boolean.TRUE.equals(change.nsfw()),
                    actor.userId(), actor.alias(), change.sharedKeyId());
        }).chain(() -> styles.find(conn, id)).map(Optional::orElseThrow));
    }

    public Uni<StyleView> modify(String type, UUID id, StyleChange change) {
        StyleActor actor = change.actor();
        return pool.withTransaction(conn -> existing(conn, type, id).chain(style -> {
            StyleRules.requireOwner(actor, style.ownerId(), "Style");
            String name = change.name() == null ? style.name() : StyleRules.name(change.name(), "style");
            StyleView changed = new StyleView(style.id(), style.type(), name,
                    change.info() == null ? style.info() : StyleRules.info(change.info()),
                    change.prompt() == null ? style.prompt() : StyleRules.prompt(change.prompt(), style.type()),
                    change.params() == null ? style.params() : change.params(),
                    change.models() == null ? style.models() : StyleRules.models(change.models()),
                    change.tags() == null ? style.tags() : StyleRules.tags(change.tags()),
                    change.isPublic() == null ? style.isPublic() : change.isPublic(),
                    change.nsfw() == null ? style.nsfw() : change.nsfw(),
                    style.ownerId(), style.creator(), style.useCount(), style.examples(), style.created(),
                    change.sharedKeyId() == null ? style.sharedKeyId() : change.sharedKeyId());
            return styles.nameTaken(conn, style.ownerId(), name, style.id()).chain(taken -> {
                if (taken) {
                    throw new HordeException(Rc.BadRequest, "Style with name '" + name + "' already exists for user '"
                            + actor.alias() + "'. Please use a different name if you want to rename.");
                }
                return styles.update(conn, changed);
            }).replaceWith(changed);
        }));
    }

    public Uni<Void> delete(String type, UUID id, StyleActor actor) {
        return pool.withTransaction(conn -> existing(conn, type, id).chain(style -> {
            StyleRules.requireOwnerOrModerator(actor, style.ownerId(), "Style");
            return styles.delete(conn, id);
        }));
    }

    // --- shared keys (decision 0044; the gateway checked the key against kudos-service before it was assigned)

    public Uni<List<UUID>> stylesOfKey(UUID sharedKeyId) {
        return styles.stylesOfKey(pool, sharedKeyId);
    }

    public Uni<Integer> detachKey(UUID sharedKeyId) {
        return styles.detachKey(pool, sharedKeyId);
    }

    // --- examples (image styles only)

    public Uni<StyleExampleView> addExample(UUID styleId, StyleExampleChange change) {
        String url = StyleRules.exampleUrl(change.url());
        return pool.withTransaction(conn -> existing(conn, StyleRules.IMAGE, styleId).chain(style -> {
            StyleRules.requireOwnerOrModerator(change.actor(), style.ownerId(), "Style");
            if (style.examples().size() >= StyleRules.MAX_EXAMPLES) {
                throw new HordeException(Rc.TooManyStyleExamples, "You cannot have more than 4 examples for each style");
            }
            if (style.examples().stream().anyMatch(example -> example.url().equals(url))) {
                throw urlInUse(url);
            }
            // The first example of a style is its primary one; a new primary one replaces the previous.
            boolean primary = Boolean.TRUE.equals(change.primary()) || style.examples().isEmpty();
            UUID id = UUID.randomUUID();
            Uni<Void> cleared = primary ? styles.clearPrimary(conn, styleId) : Uni.createFrom().voidItem();
            return cleared.chain(() -> styles.insertExample(conn, styleId, id, url, primary))
                    .replaceWith(new StyleExampleView(id, url, primary));
        }));
    }

    public Uni<StyleExampleView> modifyExample(UUID styleId, UUID exampleId, StyleExampleChange change) {
        return pool.withTransaction(conn -> existing(conn, StyleRules.IMAGE, styleId).chain(style -> {
            StyleRules.requireOwnerOrModerator(change.actor(), style.ownerId(), "Style");
            StyleExampleView example = example(style, exampleId);
            String url = change.url() == null ? example.url() : StyleRules.exampleUrl(change.url());
            if (style.examples().stream().anyMatch(other -> !other.id().equals(exampleId) && other.url().equals(url))) {
                throw urlInUse(url);
            }
            boolean primary = change.primary() == null ? example.primary() : change.primary();
            if (!primary && example.primary()) {
                throw new HordeException(Rc.BadRequest, "You cannot remove the last primary example of this style");
            }
            Uni<Void> cleared = primary && !example.primary() ? styles.clearPrimary(conn, styleId)
                    : Uni.createFrom().voidItem();
            return cleared.chain(() -> styles.updateExample(conn, exampleId, url, primary))
                    .replaceWith(new StyleExampleView(exampleId, url, primary));
        }));
    }

    public Uni<Void> deleteExample(UUID styleId, UUID exampleId, StyleActor actor) {
        return pool.withTransaction(conn -> existing(conn, StyleRules.IMAGE, styleId).chain(style -> {
            StyleRules.requireOwnerOrModerator(actor, style.ownerId(), "Style");
            example(style, exampleId);
            return styles.deleteExample(conn, exampleId);
        }));
    }

    // --- collections

    public Uni<List<CollectionView>> collections(String type, String sort, Integer page) {
        String given = type == null || type.isBlank() ? "all" : type;
        if (!given.equals("all")) {
            StyleRules.type(given);
        }
        return styles.listCollections(pool, given.equals("all") ? null : given, StyleRules.sort(sort),
                StyleRules.offset(page), StyleRules.PAGE_SIZE);
    }

    public Uni<CollectionView> collection(UUID id) {
        return styles.findCollection(pool, id).map(found -> found.orElseThrow(() -> collectionNotFound(id.toString())));
    }

    public Uni<CollectionView> collectionByName(String name) {
        StyleReference reference = StyleReference.parse(name);
        return styles.findCollectionByName(pool, reference.name(), reference.ownerAlias())
                .map(found -> found.orElseThrow(() -> collectionNotFound(name)));
    }

    public Uni<CollectionView> createCollection(CollectionChange change) {
        StyleActor actor = change.actor();
        StyleRules.requireMayCreateCollection(actor);
        StyleRules.collectionStyles(change.styles());
        String name = StyleRules.name(change.name(), "collection");
        String info = StyleRules.info(change.info());
        UUID id = UUID.randomUUID();
        return pool.withTransaction(conn -> members(conn, change.styles(), null).chain(members -> styles
                .collectionNameTaken(conn, actor.userId(), name, null).chain(taken -> {
                    if (taken) {
                        throw new HordeException(Rc.BadRequest, "Collection with name '" + name
                                + "' already exists for user '" + actor.alias() + "'.");
                    }
                    return styles.insertCollection(conn, id, members.get(0).type(), name, info,
                            change.isPublic() == null || change.isPublic(), actor.userId(), actor.alias());
                })
                .chain(() -> styles.replaceMembers(conn, id, members.stream().map(StyleView::id).toList())))
                .chain(() -> styles.findCollection(conn, id)).map(Optional::orElseThrow));
    }

    public Uni<CollectionView> modifyCollection(UUID id, CollectionChange change) {
        StyleActor actor = change.actor();
        return pool.withTransaction(conn -> existingCollection(conn, id).chain(collection -> {
            StyleRules.requireOwner(actor, collection.ownerId(), "Collection");
            String name = change.name() == null ? collection.name() : StyleRules.name(change.name(), "collection");
            String info = change.info() == null ? collection.info() : StyleRules.info(change.info());
            boolean isPublic = change.isPublic() == null ? collection.isPublic() : change.isPublic();
            Uni<Void> membersReplaced = change.styles() == null ? Uni.createFrom().voidItem()
                    : members(conn, change.styles(), collection.type())
                    .chain(members -> styles.replaceMembers(conn, id, members.stream().map(StyleView::id).toList()));
            return membersReplaced
                    .chain(() -> styles.collectionNameTaken(conn, collection.ownerId(), name, id))
                    .chain(taken -> {
                        if (taken) {
                            throw new HordeException(Rc.BadRequest, "Collection with name '" + name
                                    + "' already exists for user '" + actor.alias() + "'.");
                        }
                        return styles.updateCollection(conn, id, name, info, isPublic);
                    })
                    .chain(() -> styles.findCollection(conn, id)).map(Optional::orElseThrow);
        }));
    }

    public Uni<Void> deleteCollection(UUID id, StyleActor actor) {
        return pool.withTransaction(conn -> existingCollection(conn, id).chain(collection -> {
            StyleRules.requireOwnerOrModerator(actor, collection.ownerId(), "Collection");
            return styles.deleteCollection(conn, id);
        }));
    }

    // --- intake

    /**
     * The style a request names (id, then name; a style before a collection), counting its use: a collection picks one
     * of its styles at random and counts the use of both. 404 {@code StyleNotFound}; 400 {@code StyleMismatch} when
     * the style is of the other type than the request.
     */
    public Uni<StyleView> use(StyleUse use) {
        if (use.reference() == null || use.reference().isBlank()) {
            throw styleNotFound("");
        }
        String requestType = StyleRules.type(use.type());
        return pool.withTransaction(conn -> lookUp(conn, use.reference()).chain(found -> {
            if (found.style() != null) {
                return chosen(conn, requestType, found.style());
            }
            CollectionView collection = found.collection();
            if (!collection.type().equals(requestType) || collection.styles().isEmpty()) {
                throw mismatch(requestType);
            }
            UUID pick = collection.styles().get(ThreadLocalRandom.current().nextInt(collection.styles().size())).id();
            return styles.countCollectionUse(conn, collection.id())
                    .chain(() -> styles.find(conn, pick))
                    .chain(style -> chosen(conn, requestType, style.orElseThrow(() -> styleNotFound(pick.toString()))));
        }));
    }

    private record Found(StyleView style, CollectionView collection) {
    }

    private Uni<Found> lookUp(SqlClient conn, String reference) {
        Optional<UUID> id = uuid(reference);
        StyleReference named = StyleReference.parse(reference);
        Uni<Optional<StyleView>> style = id.isPresent() ? styles.find(conn, id.get())
                : named.mayBeStyle() ? styles.findByName(conn, named.name(), named.ownerAlias())
                : Uni.createFrom().item(Optional.empty());
        return style.chain(foundStyle -> {
            if (foundStyle.isPresent()) {
                return Uni.createFrom().item(new Found(foundStyle.get(), null));
            }
            Uni<Optional<CollectionView>> collection = id.isPresent() ? styles.findCollection(conn, id.get())
                    : named.mayBeCollection() ? styles.findCollectionByName(conn, named.name(), named.ownerAlias())
                    : Uni.createFrom().item(Optional.empty());
            return collection.map(foundCollection -> new Found(null,
                    foundCollection.orElseThrow(() -> styleNotFound(reference))));
        });
    }

    private Uni<StyleView> chosen(SqlClient conn, String requestType, StyleView style) {
        if (!style.type().equals(requestType)) {
            throw mismatch(requestType);
        }
        return styles.countUse(conn, style.id()).replaceWith(style);
    }

    private static HordeException mismatch(String requestType) {
        return new HordeException(Rc.StyleMismatch, requestType.equals(StyleRules.IMAGE)
                ? "Text styles cannot be used on image requests" : "Image styles cannot be used on text requests");
    }

    /** Collection members by id or name, all of one type ({@code type} when given); 400 otherwise. */
    private Uni<List<StyleView>> members(SqlClient conn, List<String> references, String type) {
        StyleRules.collectionStyles(references);
        Uni<List<StyleView>> found = Uni.createFrom().item(new ArrayList<>());
        for (String reference : references) {
            found = found.chain(list -> member(conn, reference).map(style -> {
                list.add(style);
                return list;
            }));
        }
        return found.map(list -> {
            String expected = type == null ? list.get(0).type() : type;
            if (list.stream().anyMatch(style -> !style.type().equals(expected))) {
                throw new HordeException(Rc.StyleMismatch, "Cannot mix image and text styles in the same collection");
            }
            return list;
        });
    }

    private Uni<StyleView> member(SqlClient conn, String reference) {
        Optional<UUID> id = uuid(reference);
        Uni<Optional<StyleView>> byId = id.isPresent() ? styles.find(conn, id.get())
                : Uni.createFrom().item(Optional.empty());
        return byId.chain(found -> {
            if (found.isPresent()) {
                return Uni.createFrom().item(found.get());
            }
            StyleReference named = StyleReference.parse(reference);
            return styles.findByName(conn, named.name(), named.ownerAlias()).map(byName -> byName.orElseThrow(() ->
                    new HordeException(Rc.BadRequest, "A style with name '" + reference + "' cannot be found")));
        });
    }

    private Uni<StyleView> existing(SqlClient conn, String type, UUID id) {
        return styles.find(conn, id).map(found -> ofType(type, found.orElseThrow(() -> styleNotFound(id.toString()))));
    }

    private Uni<CollectionView> existingCollection(SqlClient conn, UUID id) {
        return styles.findCollection(conn, id).map(found -> found.orElseThrow(() -> collectionNotFound(id.toString())));
    }

    private static StyleView ofType(String type, StyleView style) {
        if (!style.type().equals(type)) {
            throw new HordeException(Rc.StyleGetMistmatch, "Style was found but was of the wrong type: "
                    + style.type() + " != " + type);
        }
        return style;
    }

    private static StyleExampleView example(StyleView style, UUID exampleId) {
        return style.examples().stream().filter(example -> example.id().equals(exampleId)).findFirst()
                .orElseThrow(() -> new HordeException(Rc.StyleExampleNotFound,
                        "Style Example with ID '" + exampleId + "' not found."));
    }

    private static HordeException urlInUse(String url) {
        return new HordeException(Rc.ExampleURLAlreadyInUse, "The url '" + url + "'is already used for this style.");
    }

    static HordeException styleNotFound(String reference) {
        return new HordeException(Rc.StyleNotFound, "Style with ID '" + reference + "' not found.");
    }

    static HordeException collectionNotFound(String reference) {
        return new HordeException(Rc.CollectionNotFound, "Collection with ID '" + reference + "' not found.");
    }

    private static Optional<UUID> uuid(String value) {
        try {
            return value.length() == 36 ? Optional.of(UUID.fromString(value)) : Optional.empty();
        } catch (IllegalArgumentException notAnId) {
            return Optional.empty();
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
