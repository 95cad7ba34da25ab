package org.openhorde.gateway.rest;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.openhorde.contracts.internal.StyleView;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;
import org.openhorde.gateway.domain.StyleExampleInput;
import org.openhorde.gateway.domain.StyleInput;
import org.openhorde.gateway.rest.StyleViews.Example;
import org.openhorde.gateway.rest.StyleViews.Modified;
import org.openhorde.gateway.rest.StyleViews.Simple;
import org.openhorde.gateway.rest.StyleViews.StyleDetails;
import org.openhorde.gateway.service.StyleRequests;

/**
 * Image and text styles, as the AI Horde serves them: anyone reads; customizers and trusted users create; the owner
 * modifies; the owner or a moderator deletes and changes an image style's examples.
 */
@Path("/api/v2/styles")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "styles", description = "Shared prompt templates ({p}, {np}) with the params and models they impose")
public class StylesResource {

    private final StyleRequests styles;

    StylesResource(StyleRequests styles) {
        this.styles = styles;
    }

    // --- image styles

    @GET
    @Path("/image")
    @Operation(operationId = "get_image_style", summary = "Displays all existing image styles",
            description = "Lists the public image styles, 25 a page, most used first ('popular') or oldest first "
                    + "('age'); optionally only those with a tag or using a model.")
    @APIResponse(responseCode = "200", description = "Lists image styles information",
            content = @Content(schema = @Schema(implementation = StyleDetails.class, type =
                    org.eclipse.microprofile.openapi.annotations.enums.SchemaType.ARRAY)))
    @APIResponse(responseCode = "400", description = "Validation error; rc: BadRequest (sort not popular|age)",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "429", description = "Too many calls (rate limit, with Retry-After); "
            + "rc: TooManyRequests", content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "503", description = "A service of the horde is unreachable; rc: ServiceUnavailable",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    public Uni<List<StyleDetails>> imageStyles(
            @Parameter(description = "How to sort returned styles: 'popular' by usage, 'age' by date added.")
            @RestQuery String sort,
            @Parameter(description = "Which page of results to return (from 1). Each page has 25 styles.")
            @RestQuery Integer page,
            @Parameter(description = "Only styles with this tag.") @RestQuery String tag,
            @Parameter(description = "Only styles using this model.") @RestQuery String model) {
        return list(StyleRequests.IMAGE, sort, page, tag, model);
    }

    @POST
    @Path("/image")
    @Operation(operationId = "post_image_style", summary = "Creates a new image style",
            description = "Only customizers and trusted users may create styles. The prompt must contain '{p}' and "
                    + "'{np}'; params and models are checked as a request made with the style would be.")
    @APIResponse(responseCode = "200", description = "Style Added",
            content = @Content(schema = @Schema(implementation = Modified.class)))
    @APIResponse(responseCode = "400", description = "Validation error; rc: BadRequest, StylePromptMissingVars, "
            + "SharedKeyInvalid (and the rcs of an image request's params; a sharedkey that ran out or expired "
            + "is refused with 400 too, with the AI Horde's SharedKeyEmpty or SharedKeyExpired)", content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "401", description = "Invalid API Key; rc: InvalidAPIKey",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "403", description = "Not allowed; rc: StylesRequiresCustomizer, "
            + "StylesAnonForbidden, DeletedUser, Forbidden (a sharedkey of someone else's)", content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "429", description = "Too many calls (rate limit, with Retry-After); "
            + "rc: TooManyRequests", content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "503", description = "A service of the horde is unreachable; rc: ServiceUnavailable",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    public Uni<Modified> createImageStyle(StyleInput input, @RestHeader("apikey") String apikey) {
        return styles.create(StyleRequests.IMAGE, input, apikey).map(style -> Modified.of(style.id()));
    }

    @GET
    @Path("/image/{style_id}")
    @Operation(operationId = "get_single_image_style", summary = "Displays information about an image style",
            description = "Any style, public or not, to whoever knows its id.")
    @APIResponse(responseCode = "200", description = "Lists image styles information",
            content = @Content(schema = @Schema(implementation = StyleDetails.class)))
    @APIResponse(responseCode = "400", description = "A text style; rc: StyleGetMistmatch",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "404", description = "No such style; rc: StyleNotFound",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "429", description = "Too many calls (rate limit, with Retry-After); "
            + "rc: TooManyRequests", content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "503", description = "A service of the horde is unreachable; rc: ServiceUnavailable",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    public Uni<StyleDetails> imageStyle(@RestPath("style_id") String styleId,
            @Parameter(description = "Optional: the style owner's API key shows them the id of the style's shared key.")
            @RestHeader("apikey") String apikey) {
        return styles.get(StyleRequests.IMAGE, styleId).flatMap(style -> shown(style, apikey));
    }

    @PATCH
    @Path("/image/{style_id}")
    @Operation(operationId = "patch_single_image_style", summary = "Modifies an image style",
            description = "Only its owner may modify a style; what is left out stays as it is.")
    @APIResponse(responseCode = "200", description = "Style Updated",
            content = @Content(schema = @Schema(implementation = Modified.class)))
    @APIResponse(responseCode = "400", description = "Validation error; rc: BadRequest, StylePromptMissingVars, "
            + "StyleGetMistmatch, SharedKeyInvalid (a sharedkey that ran out or expired is refused with 400 too, "
            + "with the AI Horde's SharedKeyEmpty or SharedKeyExpired)", content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "401", description = "Invalid API Key; rc: InvalidAPIKey",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "403", description = "Not the owner, or a sharedkey of someone else's; rc: "
            + "Forbidden, DeletedUser",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "404", description = "No such style; rc: StyleNotFound",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "429", description = "Too many calls (rate limit, with Retry-After); "
            + "rc: TooManyRequests", content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "503", description = "A service of the horde is unreachable; rc: ServiceUnavailable",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    public Uni<Modified> modifyImageStyle(@RestPath("style_id") String styleId, StyleInput input,
                                          @RestHeader("apikey") String apikey) {
        return styles.modify(StyleRequests.IMAGE, styleId, input, apikey).map(style -> Modified.of(style.id()));
    }

    @DELETE
    @Path("/image/{style_id}")
    @Operation(operationId = "delete_single_image_style", summary = "Deletes an image style",
            description = "Its owner or a moderator may delete a style.")
    @APIResponse(responseCode = "200", description = "Style Deleted",
            content = @Content(schema = @Schema(implementation = Simple.class)))
    @APIResponse(responseCode = "400", description = "A text style; rc: StyleGetMistmatch",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "401", description = "Invalid API Key; rc: InvalidAPIKey",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "403", description = "Not the owner nor a moderator; rc: Forbidden, "
            + "StylesAnonForbidden", content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "404", description = "No such style; rc: StyleNotFound",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "429", description = "Too many calls (rate limit, with Retry-After); "
            + "rc: TooManyRequests", content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "503", description = "A service of the horde is unreachable; rc: ServiceUnavailable",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    public Uni<Simple> deleteImageStyle(@RestPath("style_id") String styleId, @RestHeader("apikey") String apikey) {
        return styles.delete(StyleRequests.IMAGE, styleId, apikey).replaceWith(Simple.OK);
    }

    @GET
    @Path("/image_by_name/{style_name}")
    @Operation(operationId = "get_single_image_style_by_name", summary = "Seeks an image style by name",
            description = "By name, 'alias::name' or 'style::alias::name'; the oldest style of that name first.")
    @APIResponse(responseCode = "200", description = "Lists image style information by name",
            content = @Content(schema = @Schema(implementation = StyleDetails.class)))
    @APIResponse(responseCode = "400", description = "A text style; rc: StyleGetMistmatch",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "404", description = "No such style; rc: StyleNotFound",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "429", description = "Too many calls (rate limit, with Retry-After); "
            + "rc: TooManyRequests", content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "503", description = "A service of the horde is unreachable; rc: ServiceUnavailable",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    public Uni<StyleDetails> imageStyleByName(@RestPath("style_name") String styleName,
            @Parameter(description = "Optional: the style owner's API key shows them the id of the style's shared key.")
            @RestHeader("apikey") String apikey) {
        return styles.byName(StyleRequests.IMAGE, styleName).flatMap(style -> shown(style, apikey));
    }

    @POST
    @Path("/image/{style_id}/example")
    @Operation(operationId = "post_image_style_example", summary = "Creates an image style example",
            description = "Its owner or a moderator adds up to 4 examples (https urls); the first is the primary.")
    @APIResponse(responseCode = "200", description = "Example Added",
            content = @Content(schema = @Schema(implementation = Modified.class)))
    @APIResponse(responseCode = "400", description = "Validation error; rc: BadRequest, ExampleURLAlreadyInUse, "
            + "StyleGetMistmatch", content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "401", description = "Invalid API Key; rc: InvalidAPIKey",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "403", description = "Not allowed; rc: Forbidden, StylesAnonForbidden, "
            + "TooManyStyleExamples", content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "404", description = "No such style; rc: StyleNotFound",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "429", description = "Too many calls (rate limit, with Retry-After); "
            + "rc: TooManyRequests", content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "503", description = "A service of the horde is unreachable; rc: ServiceUnavailable",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    public Uni<Modified> addExample(@RestPath("style_id") String styleId, StyleExampleInput input,
                                    @RestHeader("apikey") String apikey) {
        return styles.addExample(styleId, input, apikey).map(example -> new Modified(example.id(), "OK", null));
    }

    @PATCH
    @Path("/image/{style_id}/example/{example_id}")
    @Operation(operationId = "patch_single_image_style_example", summary = "Modifies an image style example",
            description = "Its owner or a moderator changes an example's url or makes it the primary one.")
    @APIResponse(responseCode = "200", description = "Example Modified",
            content = @Content(schema = @Schema(implementation = Modified.class)))
    @APIResponse(responseCode = "400", description = "Validation error; rc: BadRequest, ExampleURLAlreadyInUse, "
            + "StyleGetMistmatch", content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "401", description = "Invalid API Key; rc: InvalidAPIKey",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "403", description = "Not allowed; rc: Forbidden, StylesAnonForbidden",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "404", description = "No such style or example; rc: StyleNotFound, "
            + "StyleExampleNotFound", content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "429", description = "Too many calls (rate limit, with Retry-After); "
            + "rc: TooManyRequests", content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "503", description = "A service of the horde is unreachable; rc: ServiceUnavailable",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    public Uni<Modified> modifyExample(@RestPath("style_id") String styleId, @RestPath("example_id") String exampleId,
                                       StyleExampleInput input, @RestHeader("apikey") String apikey) {
        return styles.modifyExample(styleId, exampleId, input, apikey)
                .map(example -> new Modified(example.id(), "OK", null));
    }

    @DELETE
    @Path("/image/{style_id}/example/{example_id}")
    @Operation(operationId = "delete_single_image_style_example", summary = "Deletes an image style example",
            description = "Its owner or a moderator removes an example.")
    @APIResponse(responseCode = "200", description = "Example Deleted",
            content = @Content(schema = @Schema(implementation = Simple.class)))
    @APIResponse(responseCode = "400", description = "A text style; rc: StyleGetMistmatch",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "401", description = "Invalid API Key; rc: InvalidAPIKey",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "403", description = "Not allowed; rc: Forbidden, StylesAnonForbidden",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "404", description = "No such style or example; rc: StyleNotFound, "
            + "StyleExampleNotFound", content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "429", description = "Too many calls (rate limit, with Retry-After); "
            + "rc: TooManyRequests", content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "503", description = "A service of the horde is unreachable; rc: ServiceUnavailable",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    public Uni<Simple> deleteExample(@RestPath("style_id") String styleId, @RestPath("example_id") String exampleId,
                                     @RestHeader("apikey") String apikey) {
        return styles.deleteExample(styleId, exampleId, apikey).replaceWith(Simple.OK);
    }

    // --- text styles

    @GET
    @Path("/text")
    @Operation(operationId = "get_text_style", summary = "Displays all existing text styles",
            description = "Lists the public text styles, 25 a page, most used first ('popular') or oldest first "
                    + "('age'); optionally only those with a tag or using a model.")
    @APIResponse(responseCode = "200", description = "Lists text styles information",
            content = @Content(schema = @Schema(implementation = StyleDetails.class, type =
                    org.eclipse.microprofile.openapi.annotations.enums.SchemaType.ARRAY)))
    @APIResponse(responseCode = "400", description = "Validation error; rc: BadRequest (sort not popular|age)",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "429", description = "Too many calls (rate limit, with Retry-After); "
            + "rc: TooManyRequests", content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "503", description = "A service of the horde is unreachable; rc: ServiceUnavailable",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    public Uni<List<StyleDetails>> textStyles(
            @Parameter(description = "How to sort returned styles: 'popular' by usage, 'age' by date added.")
            @RestQuery String sort,
            @Parameter(description = "Which page of results to return (from 1). Each page has 25 styles.")
            @RestQuery Integer page,
            @Parameter(description = "Only styles with this tag.") @RestQuery String tag,
            @Parameter(description = "Only styles using this model.") @RestQuery String model) {
        return list(StyleRequests.TEXT, sort, page, tag, model);
    }

    @POST
    @Path("/text")
    @Operation(operationId = "post_text_style", summary = "Creates a new text style",
            description = "Only customizers and trusted users may create styles. The prompt must contain '{p}'; "
                    + "params and models are checked as a request made with the style would be.")
    @APIResponse(responseCode = "200", description = "Style Added",
            content = @Content(schema = @Schema(implementation = Modified.class)))
    @APIResponse(responseCode = "400", description = "Validation error; rc: BadRequest, StylePromptMissingVars, "
            + "SharedKeyInvalid (and the rcs of a text request's params; a sharedkey that ran out or expired "
            + "is refused with 400 too, with the AI Horde's SharedKeyEmpty or SharedKeyExpired)", content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "401", description = "Invalid API Key; rc: InvalidAPIKey",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "403", description = "Not allowed; rc: StylesRequiresCustomizer, "
            + "StylesAnonForbidden, DeletedUser, Forbidden (a sharedkey of someone else's)", content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "429", description = "Too many calls (rate limit, with Retry-After); "
            + "rc: TooManyRequests", content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "503", description = "A service of the horde is unreachable; rc: ServiceUnavailable",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    public Uni<Modified> createTextStyle(StyleInput input, @RestHeader("apikey") String apikey) {
        return styles.create(StyleRequests.TEXT, input, apikey).map(style -> Modified.of(style.id()));
    }

    @GET
    @Path("/text/{style_id}")
    @Operation(operationId = "get_single_text_style", summary = "Displays information about a text style",
            description = "Any style, public or not, to whoever knows its id.")
    @APIResponse(responseCode = "200", description = "Lists text styles information",
            content = @Content(schema = @Schema(implementation = StyleDetails.class)))
    @APIResponse(responseCode = "400", description = "An image style; rc: StyleGetMistmatch",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "404", description = "No such style; rc: StyleNotFound",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "429", description = "Too many calls (rate limit, with Retry-After); "
            + "rc: TooManyRequests", content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "503", description = "A service of the horde is unreachable; rc: ServiceUnavailable",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    public Uni<StyleDetails> textStyle(@RestPath("style_id") String styleId,
            @Parameter(description = "Optional: the style owner's API key shows them the id of the style's shared key.")
            @RestHeader("apikey") String apikey) {
        return styles.get(StyleRequests.TEXT, styleId).flatMap(style -> shown(style, apikey));
    }

    @PATCH
    @Path("/text/{style_id}")
    @Operation(operationId = "patch_single_text_style", summary = "Modifies a text style",
            description = "Only its owner may modify a style; what is left out stays as it is.")
    @APIResponse(responseCode = "200", description = "Style Updated",
            content = @Content(schema = @Schema(implementation = Modified.class)))
    @APIResponse(responseCode = "400", description = "Validation error; rc: BadRequest, StylePromptMissingVars, "
            + "StyleGetMistmatch, SharedKeyInvalid (a sharedkey that ran out or expired is refused with 400 too, "
            + "with the AI Horde's SharedKeyEmpty or SharedKeyExpired)", content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "401", description = "Invalid API Key; rc: InvalidAPIKey",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "403", description = "Not the owner, or a sharedkey of someone else's; rc: "
            + "Forbidden, DeletedUser",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "404", description = "No such style; rc: StyleNotFound",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "429", description = "Too many calls (rate limit, with Retry-After); "
            + "rc: TooManyRequests", content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "503", description = "A service of the horde is unreachable; rc: ServiceUnavailable",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    public Uni<Modified> modifyTextStyle(@RestPath("style_id") String styleId, StyleInput input,
                                         @RestHeader("apikey") String apikey) {
        return styles.modify(StyleRequests.TEXT, styleId, input, apikey).map(style -> Modified.of(style.id()));
    }

    @DELETE
    @Path("/text/{style_id}")
    @Operation(operationId = "delete_single_text_style", summary = "Deletes a text style",
            description = "Its owner or a moderator may delete a style.")
    @APIResponse(responseCode = "200", description = "Style Deleted",
            content = @Content(schema = @Schema(implementation = Simple.class)))
    @APIResponse(responseCode = "400", description = "An image style; rc: StyleGetMistmatch",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "401", description = "Invalid API Key; rc: InvalidAPIKey",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "403", description = "Not the owner nor a moderator; rc: Forbidden, "
            + "StylesAnonForbidden", content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "404", description = "No such style; rc: StyleNotFound",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "429", description = "Too many calls (rate limit, with Retry-After); "
            + "rc: TooManyRequests", content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "503", description = "A service of the horde is unreachable; rc: ServiceUnavailable",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    public Uni<Simple> deleteTextStyle(@RestPath("style_id") String styleId, @RestHeader("apikey") String apikey) {
        return styles.delete(StyleRequests.TEXT, styleId, apikey).replaceWith(Simple.OK);
    }

    @GET
    @Path("/text_by_name/{style_name}")
    @Operation(operationId = "get_single_text_style_by_name", summary = "Seeks a text style by name",
            description = "By name, 'alias::name' or 'style::alias::name'; the oldest style of that name first.")
    @APIResponse(responseCode = "200", description = "Lists text style information by name",
            content = @Content(schema = @Schema(implementation = StyleDetails.class)))
    @APIResponse(responseCode = "400", description = "An image style; rc: StyleGetMistmatch",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "404", description = "No such style; rc: StyleNotFound",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "429", description = "Too many calls (rate limit, with Retry-After); "
            + "rc: TooManyRequests", content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "503", description = "A service of the horde is unreachable; rc: ServiceUnavailable",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    public Uni<StyleDetails> textStyleByName(@RestPath("style_name") String styleName,
            @Parameter(description = "Optional: the style owner's API key shows them the id of the style's shared key.")
            @RestHeader("apikey") String apikey) {
        return styles.byName(StyleRequests.TEXT, styleName).flatMap(style -> shown(style, apikey));
    }

    private Uni<List<StyleDetails>> list(String type, String sort, Integer page, String tag, String model) {
        // Listings show each style's key without its id (nobody is asked who they are).
        return styles.list(type, sort, page, tag, model).flatMap(found -> found.isEmpty()
                ? Uni.createFrom().item(List.<StyleDetails>of())
                : Uni.join().all(found.stream().map(style -> shown(style, null)).toList()).andFailFast());
    }

    /** The style with its shared key's details (decision 0044): the id only to the style's owner. */
    private Uni<StyleDetails> shown(StyleView style, String apikey) {
        if (style.sharedKeyId() == null) {
            return Uni.createFrom().item(StyleDetails.of(style, null));
        }
        return styles.viewer(apikey).flatMap(viewer -> styles.keyOf(style, viewer))
                .map(key -> StyleDetails.of(style, key));
    }
}
