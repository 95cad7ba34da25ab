package org.openhorde.jobs.rest;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.jboss.resteasy.reactive.RestPath;
import org.openhorde.contracts.HordeException;
import org.openhorde.contracts.Rc;
import org.openhorde.contracts.internal.BlockedPrompt;
import org.openhorde.contracts.internal.PromptFilter;
import org.openhorde.contracts.internal.PromptFilterChange;
import org.openhorde.jobs.repository.PromptFilterRepository;

/**
 * Internal API for the gateway: the moderators' prompt filters (it checked the moderator and the regex) and the
 * prompts they refused.
 */
@Path("/internal/filters")
@Produces(MediaType.APPLICATION_JSON)
public class InternalFilterResource {

    private static final int BLOCKED_PAGE = 50;

    private final Pool pool;
    /** Far above any moderator's term list; a regex this long is a mistake or an attack. */
    private static final int MAX_REGEX_LENGTH = 10_000;

    private final PromptFilterRepository filters;

    InternalFilterResource(Pool pool, PromptFilterRepository filters) {
        this.pool = pool;
        this.filters = filters;
    }

    @GET
    public Uni<List<PromptFilter>> list(@QueryParam("filterType") Integer filterType,
                                        @QueryParam("contains") String contains) {
        return filters.list(pool, filterType, contains == null || contains.isEmpty() ? null : contains);
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<PromptFilter> add(PromptFilterChange change) {
        if (change == null || change.regex() == null || change.filterType() == null || change.actorAlias() == null) {
            throw new HordeException(Rc.BadRequest, "regex, filter_type and the moderator are required");
        }
        requireValid(change);
        return filters.add(pool, change);
    }

    @GET
    @Path("/{id}")
    public Uni<PromptFilter> get(@RestPath long id) {
        return filters.find(pool, id).map(found -> found.orElseThrow(() -> notFound(id)));
    }

    @PATCH
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<PromptFilter> patch(@RestPath long id, PromptFilterChange change) {
        if (change == null || change.actorAlias() == null) {
            throw new HordeException(Rc.BadRequest, "the moderator is required");
        }
        requireValid(change);
        return filters.patch(pool, id, change).map(found -> found.orElseThrow(() -> notFound(id)));
    }

    @DELETE
    @Path("/{id}")
    public Uni<Void> delete(@RestPath long id) {
        return filters.delete(pool, id).map(deleted -> {
            if (!deleted) {
                throw notFound(id);
            }
            return null;
        });
    }

    /** Records a prompt the gateway refused. */
    @POST
    @Path("/blocked")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<BlockedPrompt> recordBlocked(BlockedPrompt blocked) {
        if (blocked == null || blocked.prompt() == null || blocked.userAlias() == null) {
            throw new HordeException(Rc.BadRequest, "a blocked prompt needs its prompt and user");
        }
        if (blocked.matches() != null && blocked.matches().stream().anyMatch(Objects::isNull)) {
            throw new HordeException(Rc.BadRequest, "a blocked prompt's matches are texts");
        }
        return filters.recordBlocked(pool, blocked);
    }

    /** The refused prompts, newest first, 50 a page from page 1; of one user when given. */
    @GET
    @Path("/blocked")
    public Uni<List<BlockedPrompt>> blocked(@QueryParam("userId") Long userId, @QueryParam("page") Integer page) {
        int from = page == null || page < 1 ? 0 : Math.min(page, 10_000) - 1;
        return filters.blocked(pool, userId, from, BLOCKED_PAGE);
    }

    /**
     * The gateway checked these already; this service checks them again because its table's constraints would
     * otherwise answer a caller that skipped the gateway with a 500 (type 10–29, a regex that compiles).
     */
    private static void requireValid(PromptFilterChange change) {
        if (change.filterType() != null && (change.filterType() < 10 || change.filterType() > 29)) {
            throw new HordeException(Rc.BadRequest, "filter_type must be between 10 and 29");
        }
        if (change.regex() != null) {
            if (change.regex().isBlank() || change.regex().length() > MAX_REGEX_LENGTH) {
                throw new HordeException(Rc.BadRequest, "regex must be 1-" + MAX_REGEX_LENGTH + " characters");
            }
            try {
                Pattern.compile(change.regex());
            } catch (PatternSyntaxException e) {
                throw new HordeException(Rc.BadRequest, "regex does not compile: " + e.getDescription());
            }
        }
    }

    private static HordeException notFound(long id) {
        return new HordeException(Rc.ThingNotFound, "Filter with ID '" + id + "' not found.");
    }
}
