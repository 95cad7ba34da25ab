package org.openhorde.jobs.domain;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.openhorde.contracts.HordeException;
import org.openhorde.contracts.Rc;
import org.openhorde.contracts.internal.StyleActor;

/**
 * Who may do what with styles, collections and examples, and the AI Horde's limits on them
 * ({@code apis/v2/styles.py}, {@code stable_styles.py}, {@code kobold_styles.py}, {@code classes/base/style.py}).
 */
public final class StyleRules {

    public static final String IMAGE = "image";
    public static final String TEXT = "text";
    public static final int MAX_MODELS = 5;
    public static final int MAX_TAGS = 10;
    public static final int MAX_NAME = 100;
    public static final int MAX_INFO = 1000;
    public static final int MAX_EXAMPLES = 4;
    /** A bound the AI Horde does not set: each member is looked up when a collection is saved. */
    public static final int MAX_COLLECTION_STYLES = 50;
    /** The AI Horde lists 25 styles or collections a page. */
    public static final int PAGE_SIZE = 25;

    private StyleRules() {
    }

    /** Creating a style: customizers and trusted users only (the AI Horde checks that before anonymity). */
    public static void requireMayCreateStyle(StyleActor actor) {
        requireNotDeleted(actor);
        if (!actor.customizer() && !actor.trusted()) {
            throw new HordeException(Rc.StylesRequiresCustomizer, "Only customizers and trusted users can create new "
                    + "styles. You can request the customizer role in our channels.");
        }
        if (actor.anonymous()) {
            throw new HordeException(Rc.StylesAnonForbidden, "Anonymous users cannot create styles");
        }
    }

    /** Creating a collection: any registered user. */
    public static void requireMayCreateCollection(StyleActor actor) {
        requireNotDeleted(actor);
        if (actor.anonymous()) {
            throw new HordeException(Rc.StylesAnonForbidden, "Anonymous users cannot create collections");
        }
    }

    /** Modifying a style or collection: its owner only (the AI Horde lets no moderator edit someone's style). */
    public static void requireOwner(StyleActor actor, long ownerId, String what) {
        requireNotDeleted(actor);
        if (actor.userId() != ownerId) {
            throw new HordeException(Rc.Forbidden, "This " + what + " is not owned by user " + actor.alias());
        }
    }

    /** Deleting a style or collection, or changing a style's examples: its owner or a moderator. */
    public static void requireOwnerOrModerator(StyleActor actor, long ownerId, String what) {
        if (actor.anonymous()) {
            throw new HordeException(Rc.StylesAnonForbidden, "Anonymous users cannot change " + what.toLowerCase()
                    + "s");
        }
        if (actor.userId() != ownerId && !actor.moderator()) {
            throw new HordeException(Rc.Forbidden, "This " + what + " is not owned by user " + actor.alias());
        }
    }

    private static void requireNotDeleted(StyleActor actor) {
        if (actor.deleted()) {
            throw new HordeException(Rc.DeletedUser,
                    "This account has been scheduled for deletion and is disabled.");
        }
    }

    public static String type(String type) {
        if (!IMAGE.equals(type) && !TEXT.equals(type)) {
            throw new HordeException(Rc.BadRequest, "'type' needs to be one of ['image', 'text']");
        }
        return type;
    }

    /** {@code popular} (most used first) or {@code age} (oldest first); 400 otherwise, as the AI Horde. */
    public static String sort(String sort) {
        String given = sort == null || sort.isBlank() ? "popular" : sort;
        if (!given.equals("popular") && !given.equals("age")) {
            throw new HordeException(Rc.BadRequest, "'sort' needs to be one of ['popular', 'age']");
        }
        return given;
    }

    /** Pages count from 1; a page below 1 is the first. */
    public static int offset(Integer page) {
        int given = page == null ? 1 : Math.max(1, page);
        return (given - 1) * PAGE_SIZE;
    }

    public static String name(String name, String what) {
        if (name == null || name.isBlank()) {
            throw new HordeException(Rc.BadRequest, "A " + what + " needs a name.");
        }
        String stripped = name.strip();
        if (stripped.length() > MAX_NAME) {
            throw new HordeException(Rc.BadRequest, "A " + what + " name can be at most " + MAX_NAME + " characters.");
        }
        if (stripped.contains("::")) {
            throw new HordeException(Rc.BadRequest, "A " + what + " name cannot contain '::'.");
        }
        return stripped;
    }

    public static String info(String info) {
        if (info == null) {
            return "";
        }
        if (info.length() > MAX_INFO) {
            throw new HordeException(Rc.BadRequest, "The info can be at most " + MAX_INFO + " characters.");
        }
        return info;
    }

    /** The prompt template must say where the user's prompt goes: {@code {p}}, and for images {@code {np}} too. */
    public static String prompt(String prompt, String type) {
        if (prompt == null || prompt.isBlank()) {
            throw new HordeException(Rc.StylePromptMissingVars, "A style prompt must include a dedicated spot where "
                    + "the user's positive prompt will be added, signified with '{p}'");
        }
        if (!prompt.contains("{p}")) {
            throw new HordeException(Rc.StylePromptMissingVars, "A style prompt must include a dedicated spot where "
                    + "the user's positive prompt will be added, signified with '{p}'");
        }
        if (IMAGE.equals(type) && !prompt.contains("{np}")) {
            throw new HordeException(Rc.StylePromptMissingVars, "A style prompt must include a dedicated spot where "
                    + "the user's negative prompt will be added, signified with '{np}'");
        }
        return prompt;
    }

    /** One to five models, each cut to 100 characters, duplicates dropped. */
    public static List<String> models(List<String> models) {
        if (models == null || models.isEmpty()) {
            throw new HordeException(Rc.BadRequest, "A style has to specify at least one model.");
        }
        if (models.size() > MAX_MODELS) {
            throw new HordeException(Rc.BadRequest, "A style can only use a maximum of 5 models.");
        }
        return cleaned(models);
    }

    /** At most ten tags, each cut to 100 characters, duplicates dropped. */
    public static List<String> tags(List<String> tags) {
        if (tags == null) {
            return List.of();
        }
        if (tags.size() > MAX_TAGS) {
            throw new HordeException(Rc.BadRequest, "A style can be tagged a maximum of 10 times.");
        }
        return cleaned(tags);
    }

    private static List<String> cleaned(List<String> values) {
        Set<String> kept = new LinkedHashSet<>();
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                String stripped = value.strip();
                kept.add(stripped.length() > MAX_NAME ? stripped.substring(0, MAX_NAME) : stripped);
            }
        }
        return new ArrayList<>(kept);
    }

    /** A collection's members: one to {@value #MAX_COLLECTION_STYLES} style ids or names. */
    public static List<String> collectionStyles(List<String> styles) {
        if (styles == null || styles.isEmpty()) {
            throw new HordeException(Rc.BadRequest, "A collection has to include at least 1 style");
        }
        if (styles.size() > MAX_COLLECTION_STYLES) {
            throw new HordeException(Rc.BadRequest, "A collection can include at most " + MAX_COLLECTION_STYLES
                    + " styles.");
        }
        if (styles.stream().anyMatch(style -> style == null || style.isBlank())) {
            throw new HordeException(Rc.BadRequest, "A collection's styles are style ids or names.");
        }
        return styles;
    }

    /** Examples are hosted elsewhere, over https only. */
    public static String exampleUrl(String url) {
        if (url == null || !url.startsWith("https://") || url.length() > 1024) {
            throw new HordeException(Rc.BadRequest, "The url has to start with 'https://'");
        }
        return url;
    }
}
