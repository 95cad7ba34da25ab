package org.openhorde.jobs.domain;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.openhorde.contracts.HordeException;
import org.openhorde.contracts.Rc;
import org.openhorde.contracts.internal.StyleActor;

/** Pins who may create, change and delete styles and collections, and the AI Horde's limits on a style. */
class StyleRulesTest {

    private static StyleActor actor(long id, boolean anonymous, boolean trusted, boolean customizer,
                                    boolean moderator) {
        return new StyleActor(id, "user#" + id, anonymous, trusted, customizer, moderator, false);
    }

    private static final StyleActor ANONYMOUS = actor(0, true, false, false, false);
    private static final StyleActor USER = actor(7, false, false, false, false);
    private static final StyleActor CUSTOMIZER = actor(8, false, false, true, false);
    private static final StyleActor TRUSTED = actor(9, false, true, false, false);
    private static final StyleActor MODERATOR = actor(10, false, false, false, true);

    private static void refused(Rc rc, Executable action) {
        assertEquals(rc.wire(), assertThrows(HordeException.class, action).error().rc());
    }

    @Test
    void onlyCustomizersAndTrustedUsersCreateStylesAndAnyRegisteredUserCreatesCollections() {
        refused(Rc.StylesRequiresCustomizer, () -> StyleRules.requireMayCreateStyle(ANONYMOUS));
        refused(Rc.StylesRequiresCustomizer, () -> StyleRules.requireMayCreateStyle(USER));
        refused(Rc.StylesRequiresCustomizer, () -> StyleRules.requireMayCreateStyle(MODERATOR));
        assertDoesNotThrow(() -> StyleRules.requireMayCreateStyle(CUSTOMIZER));
        assertDoesNotThrow(() -> StyleRules.requireMayCreateStyle(TRUSTED));
        refused(Rc.DeletedUser, () -> StyleRules.requireMayCreateStyle(
                new StyleActor(9, "gone#9", false, true, false, false, true)));
        refused(Rc.StylesAnonForbidden, () -> StyleRules.requireMayCreateCollection(ANONYMOUS));
        assertDoesNotThrow(() -> StyleRules.requireMayCreateCollection(USER));
    }

    @Test
    void theOwnerModifiesAndTheOwnerOrAModeratorDeletes() {
        assertDoesNotThrow(() -> StyleRules.requireOwner(USER, 7, "Style"));
        refused(Rc.Forbidden, () -> StyleRules.requireOwner(MODERATOR, 7, "Style"));
        assertDoesNotThrow(() -> StyleRules.requireOwnerOrModerator(MODERATOR, 7, "Style"));
        assertDoesNotThrow(() -> StyleRules.requireOwnerOrModerator(USER, 7, "Style"));
        refused(Rc.Forbidden, () -> StyleRules.requireOwnerOrModerator(TRUSTED, 7, "Style"));
        refused(Rc.StylesAnonForbidden, () -> StyleRules.requireOwnerOrModerator(ANONYMOUS, 0, "Style"));
    }

    @Test
    void aStyleHasSlotsForThePromptsOneToFiveModelsAndAtMostTenTags() {
        refused(Rc.StylePromptMissingVars, () -> StyleRules.prompt("a cat, watercolor", "image"));
        refused(Rc.StylePromptMissingVars, () -> StyleRules.prompt("{p}, watercolor", "image"));
        assertEquals("{p}, watercolor", StyleRules.prompt("{p}, watercolor", "text"));
        refused(Rc.BadRequest, () -> StyleRules.models(List.of()));
        refused(Rc.BadRequest, () -> StyleRules.models(List.of("a", "b", "c", "d", "e", "f")));
        assertEquals(List.of("a", "b"), StyleRules.models(List.of("a", " b ", "a")));
        refused(Rc.BadRequest, () -> StyleRules.tags(Collections.nCopies(11, "t")));
        refused(Rc.BadRequest, () -> StyleRules.name("x::y", "style"));
        refused(Rc.BadRequest, () -> StyleRules.exampleUrl("http://example.org/a.png"));
        refused(Rc.BadRequest, () -> StyleRules.collectionStyles(List.of()));
        refused(Rc.BadRequest, () -> StyleRules.collectionStyles(java.util.Arrays.asList("a", null)));
        refused(Rc.BadRequest, () -> StyleRules.collectionStyles(Collections.nCopies(51, "a")));
    }

    @Test
    void listsArePagedByTwentyFiveAndSortedByUseOrAge() {
        assertEquals(0, StyleRules.offset(null));
        assertEquals(0, StyleRules.offset(0));
        assertEquals(50, StyleRules.offset(3));
        assertEquals("popular", StyleRules.sort(null));
        refused(Rc.BadRequest, () -> StyleRules.sort("newest"));
        refused(Rc.BadRequest, () -> StyleRules.type("video"));
    }

    @Test
    void aReferenceMayNameTheKindAndTheOwner() {
        assertEquals(new StyleReference(null, null, "noir"), StyleReference.parse("noir"));
        assertEquals(new StyleReference("collection", null, "noir"), StyleReference.parse("collection::noir"));
        assertEquals(new StyleReference(null, "db0#1", "noir"), StyleReference.parse("db0#1::noir"));
        assertEquals(new StyleReference("style", "db0#1", "noir"), StyleReference.parse("style::db0#1::noir"));
        assertEquals(false, StyleReference.parse("style::noir").mayBeCollection());
    }
}
