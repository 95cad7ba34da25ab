package org.openhorde.gateway.rest;

import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.RestQuery;
import org.openhorde.contracts.HordeError;
import org.openhorde.contracts.HordeException;
import org.openhorde.contracts.Rc;
import org.openhorde.gateway.domain.HordeDocument;
import org.openhorde.gateway.service.HordeContent;

/** The horde's terms, privacy policy and sponsors, as the AI Horde serves them ({@code ?format=html|markdown}). */
@Path("/api/v2/documents")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "documents", description = "The horde's terms, privacy policy and sponsors")
public class DocumentsResource {

    /** The AI Horde's {@code HordeDocument}: exactly one of the two fields is present. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(description = "A document of the horde, in the format asked for.")
    public record DocumentView(
            @Schema(description = "The document as HTML (?format=html, the default); absent otherwise.")
            String html,
            @Schema(description = "The document as Markdown (?format=markdown); absent otherwise.")
            String markdown) {
    }

    private final HordeContent content;

    DocumentsResource(HordeContent content) {
        this.content = content;
    }

    @GET
    @Path("/terms")
    @Operation(operationId = "get_terms", summary = "Shows the terms of service of this horde",
            description = "?format=html (default) or markdown.")
    @APIResponse(responseCode = "200", description = "The terms of service",
            content = @Content(schema = @Schema(implementation = DocumentView.class),
                    examples = @ExampleObject(name = "The terms of service",
                            value = "{\"html\": \"<h1>Terms of Service</h1>\\n<p>By using this horde you agree"
                            + " to these terms.</p>\"}")))
    @APIResponse(responseCode = "400", description = "A format other than html or markdown; rc: BadRequest",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "429", description = "Over this route's rate limit; rc: TooManyRequests",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    public DocumentView terms(@RestQuery String format) {
        return view(HordeDocument.TERMS, format);
    }

    @GET
    @Path("/privacy")
    @Operation(operationId = "get_privacy", summary = "Shows the privacy policy of this horde",
            description = "?format=html (default) or markdown.")
    @APIResponse(responseCode = "200", description = "The privacy policy",
            content = @Content(schema = @Schema(implementation = DocumentView.class),
                    examples = @ExampleObject(name = "The privacy policy",
                            value = "{\"html\": \"<h1>Privacy Policy</h1>\\n<p>We keep your requests only"
                            + " until they are delivered.</p>\"}")))
    @APIResponse(responseCode = "400", description = "A format other than html or markdown; rc: BadRequest",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "429", description = "Over this route's rate limit; rc: TooManyRequests",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    public DocumentView privacy(@RestQuery String format) {
        return view(HordeDocument.PRIVACY, format);
    }

    @GET
    @Path("/sponsors")
    @Operation(operationId = "get_sponsors", summary = "Shows the sponsors of this horde",
            description = "?format=html (default) or markdown.")
    @APIResponse(responseCode = "200", description = "The sponsors",
            content = @Content(schema = @Schema(implementation = DocumentView.class),
                    examples = @ExampleObject(name = "The sponsors",
                            value = "{\"html\": \"<h1>Sponsors</h1>\\n<p>This horde runs on volunteers'"
                            + " GPUs.</p>\"}")))
    @APIResponse(responseCode = "400", description = "A format other than html or markdown; rc: BadRequest",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "429", description = "Over this route's rate limit; rc: TooManyRequests",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    public DocumentView sponsors(@RestQuery String format) {
        return view(HordeDocument.SPONSORS, format);
    }

    private DocumentView view(HordeDocument document, String format) {
        HordeDocument.Format chosen = HordeDocument.Format.named(format).orElseThrow(() -> new HordeException(
                Rc.BadRequest.httpStatus(), new HordeError("'format' needs to be one of ['html', 'markdown']",
                        Rc.BadRequest)));
        HordeContent.Document text = content.document(document);
        return chosen == HordeDocument.Format.MARKDOWN ? new DocumentView(null, text.markdown())
                : new DocumentView(text.html(), null);
    }
}
