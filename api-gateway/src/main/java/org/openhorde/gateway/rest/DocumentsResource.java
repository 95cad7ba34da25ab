package org.openhorde.gateway.rest;

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
public class DocumentsResource {

    /** The AI Horde's {@code HordeDocument}: exactly one of the two fields is present. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record DocumentView(String html, String markdown) {
    }

    private final HordeContent content;

    DocumentsResource(HordeContent content) {
        this.content = content;
    }

    @GET
    @Path("/terms")
    public DocumentView terms(@RestQuery String format) {
        return view(HordeDocument.TERMS, format);
    }

    @GET
    @Path("/privacy")
    public DocumentView privacy(@RestQuery String format) {
        return view(HordeDocument.PRIVACY, format);
    }

    @GET
    @Path("/sponsors")
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
