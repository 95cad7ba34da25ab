package org.openhorde.gateway.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;
import org.openhorde.contracts.HordeException;
import org.openhorde.contracts.Rc;
import org.openhorde.contracts.economy.StyleKudos;
import org.openhorde.contracts.internal.CollectionChange;
import org.openhorde.contracts.internal.CollectionView;
import org.openhorde.contracts.internal.StyleActor;
import org.openhorde.contracts.internal.StyleChange;
import org.openhorde.contracts.internal.StyleExampleChange;
import org.openhorde.contracts.internal.StyleExampleView;
import org.openhorde.contracts.internal.StyleReward;
import org.openhorde.contracts.internal.StyleUse;
import org.openhorde.contracts.internal.StyleView;
import org.openhorde.contracts.internal.UserAccount;
import org.openhorde.gateway.client.InternalErrors;
import org.openhorde.gateway.client.JobService;
import org.openhorde.gateway.client.JobStyles;
import org.openhorde.gateway.client.KudosLedger;
import org.openhorde.gateway.client.KudosService;
import org.openhorde.gateway.client.SharedKeysClient;
import org.openhorde.gateway.domain.CollectionInput;
import org.openhorde.gateway.domain.GenerationInput;
import org.openhorde.gateway.domain.GenerationInputRules;
import org.openhorde.gateway.domain.ModelGenerationInput;
import org.openhorde.gateway.domain.SharedKeyUse;
import org.openhorde.gateway.domain.SharedKeyView;
import org.openhorde.gateway.domain.StyleApplication;
import org.openhorde.gateway.domain.StyleExampleInput;
import org.openhorde.gateway.domain.StyleInput;
import org.openhorde.gateway.domain.StyleInputRules;
import org.openhorde.gateway.domain.TextGenerationInput;
import org.openhorde.gateway.domain.TextInputRules;
import org.openhorde.gateway.domain.TextParamsInput;

/**
 * Styles and collections for the public API (stored and authorized by job-service, which the caller's verified
 * account is handed to), and a request's {@code style} at intake: the style applied to the request before it is
 * judged, and its owner paid by the requester when they are someone else (decision 0043).
 */
@ApplicationScoped
public class StyleRequests {

    private static final Logger LOG = Logger.getLogger(StyleRequests.class);
    public static final String IMAGE = "image";
    public static final String TEXT = "text";

    private final UserAccounts users;
    private final JobStyles styles;
    private final SharedKeysClient sharedKeys;
    private final StyleKeys styleKeys;
    private final KudosLedger ledger;
    private final ObjectMapper json;
    private final MeterRegistry metrics;

    StyleRequests(UserAccounts users, @RestClient JobStyles styles, @RestClient SharedKeysClient sharedKeys,
                  StyleKeys styleKeys, @RestClient KudosLedger ledger, ObjectMapper json, MeterRegistry metrics) {
        this.users = users;
        this.styles = styles;
        this.sharedKeys = sharedKeys;
        this.styleKeys = styleKeys;
        this.ledger = ledger;
        this.json = json;
        this.metrics = metrics;
    }

    // --- styles

    public Uni<List<StyleView>> list(String type, String sort, Integer page, String tag, String model) {
        return jobs(styles.list(type, sort, page, tag, model));
    }

    public Uni<StyleView> get(String type, String id) {
        return jobs(styles.get(type, id));
    }

    public Uni<StyleView> byName(String type, String name) {
        return jobs(styles.byName(type, name));
    }

    /** Validates the body like a request made with the style would be, then has job-service store it. */
    public Uni<StyleView> create(String type, StyleInput input, String apikey) {
        StyleInputRules.check(input, true);
        Optional<UUID> keyId = SharedKeyUse.styleKeyId(input.sharedkey());
        Map<String, Object> params = validParams(type, input.prompt(), input.params(), input.models());
        return actor(apikey).flatMap(actor -> assignableKey(keyId, actor, true).flatMap(key -> jobs(styles.create(
                type, new StyleChange(actor, input.name(), input.info(), input.prompt(), params, input.models(),
                        input.tags(), input.isPublic(), input.nsfw(), key)))
                .invoke(() -> keyId.ifPresent(styleKeys::forget))));
    }

    public Uni<StyleView> modify(String type, String id, StyleInput input, String apikey) {
        StyleInputRules.check(input, false);
        Optional<UUID> keyId = SharedKeyUse.styleKeyId(input.sharedkey());
        return actor(apikey).flatMap(actor -> {
            if (input.prompt() == null && input.params() == null && input.models() == null) {
                return Uni.createFrom().item(actor);
            }
            // A partial change is judged together with what the style already has.
            return jobs(styles.get(type, id)).map(existing -> {
                validParams(type, input.prompt() == null ? existing.prompt() : input.prompt(),
                        input.params() == null ? existing.params() : input.params(),
                        input.models() == null ? existing.models() : input.models());
                return actor;
            });
        }).flatMap(actor -> assignableKey(keyId, actor, false).flatMap(key -> jobs(styles.modify(type, id,
                new StyleChange(actor, input.name(), input.info(), input.prompt(), input.params(), input.models(),
                        input.tags(), input.isPublic(), input.nsfw(), key)))
                .invoke(() -> keyId.ifPresent(styleKeys::forget))));
    }

    /**
     * The key a style is given, checked against kudos-service (decision 0044): it must exist (400
     * {@code SharedKeyInvalid}), be the actor's own and usable ({@link SharedKeyUse#requireAssignable}). Only the
     * style's owner changes a style, so the actor is its owner; an actor job-service will refuse anyway (anonymous,
     * deleted, or not allowed to create styles) is refused there with the AI Horde's rc, and their key is not looked
     * at (the key is then not assigned: nothing is stored).
     */
    private Uni<UUID> assignableKey(Optional<UUID> keyId, StyleActor actor, boolean creating) {
        if (keyId.isEmpty() || actor.anonymous() || actor.deleted()
                || (creating && !actor.customizer() && !actor.trusted())) {
            return Uni.createFrom().nullItem();
        }
        return sharedKeys.get(keyId.get())
                .onFailure(e -> e instanceof HordeException refused
                        && Rc.InvalidAPIKey.name().equals(refused.error().rc()))
                .transform(unknown -> SharedKeyUse.invalidForStyle())
                .onFailure().transform(InternalErrors.unreachable(KudosService.NAME))
                .map(key -> {
                    SharedKeyUse.requireAssignable(key, actor.userId(), actor.alias(), Instant.now());
                    return key.id();
                });
    }

    /**
     * The style's shared key as its details show it (the AI Horde's {@code shared_key}), null when it has none or
     * the key is gone. Its id is a credential again once the key leaves its styles, so only the style's owner is
     * shown it ({@code viewer}: who asked, null for nobody known); everyone sees the rest (decision 0044).
     */
    public Uni<SharedKeyView> keyOf(StyleView style, UserAccount viewer) {
        if (style.sharedKeyId() == null) {
            return Uni.createFrom().nullItem();
        }
        return sharedKeys.get(style.sharedKeyId())
                .onFailure(e -> e instanceof HordeException refused
                        && Rc.InvalidAPIKey.name().equals(refused.error().rc())).recoverWithNull()
                .onFailure().transform(InternalErrors.unreachable(KudosService.NAME))
                .map(key -> key == null ? null : SharedKeyView.of(key, viewer != null
                        && viewer.id() == style.ownerId()));
    }

    /** Who reads a style: the account of the key they sent, or null (no key, or one that verifies as nobody's). */
    public Uni<UserAccount> viewer(String apikey) {
        if (apikey == null || apikey.isBlank()) {
            return Uni.createFrom().nullItem();
        }
        return users.authenticate(apikey).onFailure().recoverWithNull();
    }

    public Uni<Void> delete(String type, String id, String apikey) {
        return actor(apikey).flatMap(actor -> jobs(styles.delete(type, id, actor)));
    }

    public Uni<StyleExampleView> addExample(String styleId, StyleExampleInput input, String apikey) {
        requireExample(input);
        return actor(apikey).flatMap(actor -> jobs(styles.addExample(styleId,
                new StyleExampleChange(actor, input.url(), input.primary()))));
    }

    public Uni<StyleExampleView> modifyExample(String styleId, String exampleId, StyleExampleInput input,
                                               String apikey) {
        requireExample(input);
        return actor(apikey).flatMap(actor -> jobs(styles.modifyExample(styleId, exampleId,
                new StyleExampleChange(actor, input.url(), input.primary()))));
    }

    public Uni<Void> deleteExample(String styleId, String exampleId, String apikey) {
        return actor(apikey).flatMap(actor -> jobs(styles.deleteExample(styleId, exampleId, actor)));
    }

    // --- collections

    public Uni<List<CollectionView>> collections(String type, String sort, Integer page) {
        return jobs(styles.collections(type, sort, page));
    }

    public Uni<CollectionView> collection(String id) {
        return jobs(styles.collection(id));
    }

    public Uni<CollectionView> collectionByName(String name) {
        return jobs(styles.collectionByName(name));
    }

    public Uni<CollectionView> createCollection(CollectionInput input, String apikey) {
        requireBody(input);
        StyleInputRules.checkCollection(input.name(), input.info(), input.styles(), true);
        return actor(apikey).flatMap(actor -> jobs(styles.createCollection(
                new CollectionChange(actor, input.name(), input.info(), input.isPublic(), input.styles()))));
    }

    public Uni<CollectionView> modifyCollection(String id, CollectionInput input, String apikey) {
        requireBody(input);
        StyleInputRules.checkCollection(input.name(), input.info(), input.styles(), false);
        return actor(apikey).flatMap(actor -> jobs(styles.modifyCollection(id,
                new CollectionChange(actor, input.name(), input.info(), input.isPublic(), input.styles()))));
    }

    public Uni<Void> deleteCollection(String id, String apikey) {
        return actor(apikey).flatMap(actor -> jobs(styles.deleteCollection(id, actor)));
    }

    // --- intake

    /** An image request and the style applied to it (null when it named none). */
    public record StyledImage(GenerationInput input, StyleView style) {
    }

    /** A text request and the style applied to it (null when it named none). */
    public record StyledText(TextGenerationInput input, StyleView style) {
    }

    /** The request with its {@code style} applied; 404 {@code StyleNotFound}, 400 {@code StyleMismatch}. */
    public Uni<StyledImage> applyToImage(GenerationInput input) {
        if (input == null || input.style() == null) {
            return Uni.createFrom().item(new StyledImage(input, null));
        }
        requireReference(input.style());
        return jobs(styles.use(new StyleUse(input.style(), IMAGE))).map(style -> new StyledImage(input.styled(
                StyleApplication.imagePrompt(style.prompt(), input.prompt()),
                StyleApplication.imageParams(convert(style.params(), ModelGenerationInput.class), input.params()),
                style.models(), style.nsfw()), style));
    }

    public Uni<StyledText> applyToText(TextGenerationInput input) {
        if (input == null || input.style() == null) {
            return Uni.createFrom().item(new StyledText(input, null));
        }
        requireReference(input.style());
        return jobs(styles.use(new StyleUse(input.style(), TEXT))).map(style -> new StyledText(input.styled(
                StyleApplication.textPrompt(style.prompt(), input.prompt()),
                StyleApplication.textParams(convert(style.params(), TextParamsInput.class), input.params()),
                style.models(), style.nsfw()), style));
    }

    /**
     * After the request was queued: a requester who used someone else's style pays its owner. The request stands
     * either way; the ledger posting is idempotent on the request id, so it is retried, and a posting that still
     * failed is logged and counted (the request is not taken back for it).
     */
    public Uni<Void> rewardOwner(UUID requestId, StyleView style, long payerId) {
        if (style == null) {
            return Uni.createFrom().voidItem();
        }
        // The payer, not the sender of the key: a request paid through the style's own key (decision 0044) is paid
        // by the style's owner, who owes themselves nothing.
        return Uni.createFrom().item(payerId).flatMap(requester -> {
            if (requester == style.ownerId()) {
                return Uni.createFrom().voidItem();
            }
            return ledger.styleReward(new StyleReward(requestId, requester, style.ownerId(),
                            StyleKudos.FOREIGN_STYLE))
                    .ifNoItem().after(Duration.ofSeconds(5)).fail()
                    .onFailure().retry().withBackOff(Duration.ofMillis(50)).atMost(2)
                    .invoke(() -> metrics.counter("horde.gateway.style.rewards", "outcome", "paid").increment())
                    .replaceWithVoid();
        }).onFailure().invoke(e -> {
            metrics.counter("horde.gateway.style.rewards", "outcome", "failed").increment();
            LOG.warnf("style reward of request %s for style %s not recorded: %s", requestId, style.id(),
                    e.toString());
        }).onFailure().recoverWithNull().replaceWithVoid();
    }

    /** The style's params checked as a request made with it would be: a style that cannot be used is refused. */
    private Map<String, Object> validParams(String type, String prompt, Map<String, Object> params,
                                            List<String> models) {
        Map<String, Object> given = params == null ? Map.of() : params;
        String sample = prompt == null ? "{p}" : prompt;
        if (IMAGE.equals(type)) {
            ModelGenerationInput imageParams = convert(given, ModelGenerationInput.class);
            GenerationInputRules.toSpec(new GenerationInput(StyleApplication.imagePrompt(sample, "a test"),
                    imageParams, models, null, null, null, null, null, null, null, null, null, null, null, null,
                    null, null, null, null), UUID.randomUUID());
        } else if (TEXT.equals(type)) {
            TextParamsInput textParams = convert(given, TextParamsInput.class);
            TextInputRules.toSpec(new TextGenerationInput(StyleApplication.textPrompt(sample, "a test"), textParams,
                    null, null, null, null, null, null, models, null, null, null, null, null, null, null));
        }
        return given;
    }

    private <T> T convert(Map<String, Object> params, Class<T> type) {
        try {
            return json.convertValue(params == null ? Map.of() : params, type);
        } catch (IllegalArgumentException invalid) {
            throw new HordeException(Rc.BadRequest, "The style's params are invalid: "
                    + firstLine(invalid.getMessage()));
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int end = message.indexOf('\n');
        String line = end < 0 ? message : message.substring(0, end);
        return line.length() > 200 ? line.substring(0, 200) : line;
    }

    private Uni<StyleActor> actor(String apikey) {
        return users.authenticate(apikey).map(StyleActor::of);
    }

    private static void requireExample(StyleExampleInput input) {
        requireBody(input);
        if (input.url() == null || input.url().length() > 1024) {
            throw new HordeException(Rc.BadRequest, "'url' is required (at most 1024 characters).");
        }
    }

    private static void requireBody(Object input) {
        if (input == null) {
            throw new HordeException(Rc.BadRequest, "A JSON body is required");
        }
    }

    /** The AI Horde's {@code style} field: 3 to 1024 characters. */
    private static void requireReference(String style) {
        if (style.length() < 3 || style.length() > 1024) {
            throw new HordeException(Rc.BadRequest, "'style' must be 3 to 1024 characters long.");
        }
    }

    private static <T> Uni<T> jobs(Uni<T> call) {
        return call.onFailure().transform(InternalErrors.unreachable(JobService.NAME));
    }
}
