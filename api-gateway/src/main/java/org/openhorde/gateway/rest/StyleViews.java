package org.openhorde.gateway.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.openhorde.contracts.internal.CollectionView;
import org.openhorde.contracts.internal.StyleExampleView;
import org.openhorde.contracts.internal.StyleView;
import org.openhorde.gateway.domain.SharedKeyView;

/** The AI Horde's answers about styles, examples and collections ({@code StyleStable}, {@code CollectionDetails}...). */
final class StyleViews {

    private StyleViews() {
    }

    @Schema(name = "StyleStable", description = "A style: a prompt template with the params and models it imposes.")
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record StyleDetails(
            @Schema(description = "The UUID of the style.", examples = "00000000-0000-0000-0000-000000000000")
            UUID id,
            @Schema(description = "The name of the style (unique per user).") String name,
            @Schema(description = "Some information about this style.") String info,
            @Schema(description = "The prompt template; '{p}' takes the user's prompt, '{np}' their negative prompt.")
            String prompt,
            @Schema(description = "The generation params the style imposes.") Map<String, Object> params,
            @Schema(description = "Tags describing this style.") List<String> tags,
            @Schema(description = "The models this style uses.") List<String> models,
            @Schema(description = "Example pictures (image styles).") List<Example> examples,
            @Schema(description = "The alias of the user to whom this style belongs to.", examples = "db0#1")
            String creator,
            @Schema(description = "The amount of times this style has been used in generations.") long useCount,
            @Schema(description = "Whether the style is listed publicly.") @JsonProperty("public") boolean isPublic,
            @Schema(description = "Whether the style is expected to generate NSFW content primarily.") boolean nsfw,
            @Schema(description = "The shared key that pays for requests using this style while it is usable "
                    + "(absent when the style has none); its id is shown to the style's owner only.")
            @JsonInclude(JsonInclude.Include.NON_NULL) SharedKeyView sharedKey) {

        static StyleDetails of(StyleView style, SharedKeyView key) {
            return new StyleDetails(style.id(), style.name(), style.info(), style.prompt(), style.params(),
                    style.tags(), style.models(), style.examples().stream().map(Example::of).toList(),
                    style.creator(), style.useCount(), style.isPublic(), style.nsfw(), key);
        }
    }

    @Schema(name = "StyleExample", description = "An example picture of an image style.")
    record Example(@Schema(description = "The UUID of this example.") UUID id,
                   @Schema(description = "The url where this image is hosted.") String url,
                   @Schema(description = "When true this image is the primary example of this style.")
                   boolean primary) {

        static Example of(StyleExampleView example) {
            return new Example(example.id(), example.url(), example.primary());
        }
    }

    @Schema(name = "StyleModify", description = "What a create or modify did.")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Modified(@Schema(description = "The UUID of the style, example or collection.") UUID id,
                    @Schema(description = "Always OK.", examples = "OK") String message,
                    @Schema(description = "What the horde changed or ignored in the input.") List<String> warnings) {

        static Modified of(UUID id) {
            return new Modified(id, "OK", List.of());
        }
    }

    @Schema(name = "SimpleResponse", description = "An operation that has nothing else to say.")
    record Simple(@Schema(description = "The result of the operation.", examples = "OK") String message) {

        static final Simple OK = new Simple("OK");
    }

    @Schema(name = "CollectionDetails", description = "A collection of styles of one type.")
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record CollectionDetails(
            @Schema(description = "The UUID of the collection.") UUID id,
            @Schema(description = "The name of the collection (unique per user).") String name,
            @Schema(description = "Extra information about this collection.") String info,
            @Schema(description = "The kind of styles in this collection.", enumeration = {"image", "text"})
            String type,
            @Schema(description = "The alias of the user to whom this collection belongs to.") String creator,
            @Schema(description = "The amount of times this collection has been used in generations.")
            long useCount,
            @Schema(description = "Whether the collection is listed publicly.") @JsonProperty("public")
            boolean isPublic,
            @Schema(description = "The styles in this collection.") List<Member> styles) {

        static CollectionDetails of(CollectionView collection) {
            return new CollectionDetails(collection.id(), collection.name(), collection.info(), collection.type(),
                    collection.creator(), collection.useCount(), collection.isPublic(),
                    collection.styles().stream().map(member -> new Member(member.name(), member.id())).toList());
        }
    }

    @Schema(name = "ResponseModelStylesShort", description = "A style in a collection: its unique name and id.")
    record Member(@Schema(description = "The unique name of the style ('alias::style::name').") String name,
                  @Schema(description = "The UUID of the style.") UUID id) {
    }
}
