package org.openhorde.gateway.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;
import org.openhorde.contracts.HordeError;
import org.openhorde.contracts.HordeException;
import org.openhorde.contracts.Rc;
import org.openhorde.contracts.internal.BlockedPrompt;
import org.openhorde.contracts.internal.PromptFilter;
import org.openhorde.contracts.internal.PromptFilterChange;
import org.openhorde.contracts.internal.UserAccount;
import org.openhorde.gateway.domain.PromptScreen;
import org.openhorde.gateway.service.PromptFilters;
import org.openhorde.gateway.service.UserAccounts;

/**
 * The AI Horde's prompt filters ({@code /filters}, {@code /filters/regex}, {@code /filters/{id}}): moderators only
 * (the operator is one), 403 {@code NotModerator} for anybody else. {@code /filters/blocked} is ours: the prompts the
 * filters refused, for the moderators to review.
 */
@Path("/api/v2/filters")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "generate")
public class FiltersResource {

    private final UserAccounts users;
    private final PromptFilters filters;

    FiltersResource(UserAccounts users, PromptFilters filters) {
        this.users = users;
        this.filters = filters;
    }

    /** The AI Horde's {@code FilterDetails}. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record FilterDetails(String id, String regex, int filterType, String description, String replacement,
                                String user) {
        static FilterDetails of(PromptFilter filter) {
            return new FilterDetails(Long.toString(filter.id()), filter.regex(), filter.filterType(),
                    filter.description(), filter.replacement(), filter.user());
        }
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record FilterInput(String regex, Integer filterType, String description, String replacement) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record PromptCheckInput(String prompt, Integer filterType) {
    }

    /** {@code suspicion} is a string on the AI Horde's wire (its model declares it so). */
    public record PromptSuspicion(String suspicion, List<String> matches) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record FilterRegex(int filterType, String regex) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record BlockedPromptView(long id, long userId, String username, String prompt, List<String> matches,
                                    Instant created) {
        static BlockedPromptView of(BlockedPrompt blocked) {
            return new BlockedPromptView(blocked.id(), blocked.userId(), blocked.userAlias(), blocked.prompt(),
                    blocked.matches(), blocked.createdAt());
        }
    }

    @GET
    @Operation(operationId = "get_filters", summary = "Moderator Only: A List all filters, or filtered by the query",
            description = "Every prompt filter, or only those of one filter_type (10-29; 0 or none: all types) whose "
                    + "regex contains the given text.")
    @APIResponse(responseCode = "200", description = "A list of filters",
            content = @Content(schema = @Schema(implementation = FilterDetails.class, type = SchemaType.ARRAY)))
    @APIResponse(responseCode = "400", description = "Validation error; rc: BadRequest (filter_type not a whole "
            + "number)",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "401", description = "Invalid API Key; rc: InvalidAPIKey",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "403", description = "Not a moderator; rc: NotModerator",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "429", description = "Too many calls (rate limit, with Retry-After); "
            + "rc: TooManyRequests", content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "503", description = "A service of the horde is unreachable; rc: ServiceUnavailable",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    public Uni<List<FilterDetails>> list(@RestHeader("apikey") String apikey, @RestQuery("filter_type") String type,
                                         @RestQuery String contains) {
        Integer filterType = type == null || type.isBlank() ? null : integer("filter_type", type);
        return moderator(apikey).flatMap(mod -> filters.list(filterType == null || filterType == 0 ? null : filterType,
                        contains == null || contains.isEmpty() ? null : contains))
                .map(found -> found.stream().map(FilterDetails::of).toList());
    }

    /** Adds a filter; the same regex and type again answers the existing one (200, as on the AI Horde). */
    @PUT
    @Operation(operationId = "put_filters", summary = "Moderator Only: Add a new regex filter",
            description = "A regex (it must compile) and a filter_type of 10 to 29; the same regex and type again "
                    + "answers the existing filter.")
    @APIResponse(responseCode = "200", description = "Filter Added (or the existing one)",
            content = @Content(schema = @Schema(implementation = FilterDetails.class)))
    @APIResponse(responseCode = "400", description = "Validation error; rc: BadRequest (regex or filter_type missing "
            + "or invalid, replacement over 255 characters)",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "401", description = "Invalid API Key; rc: InvalidAPIKey",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "403", description = "Not a moderator; rc: NotModerator",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "429", description = "Too many calls (rate limit, with Retry-After); "
            + "rc: TooManyRequests", content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "503", description = "A service of the horde is unreachable; rc: ServiceUnavailable",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    public Uni<FilterDetails> add(FilterInput input, @RestHeader("apikey") String apikey) {
        Map<String, String> errors = new LinkedHashMap<>();
        if (input == null || input.regex() == null) {
            errors.put("regex", "'regex' is a required property");
        }
        if (input == null || input.filterType() == null) {
            errors.put("filter_type", "'filter_type' is a required property");
        }
        validate(input, errors);
        return moderator(apikey).flatMap(mod -> filters.add(new PromptFilterChange(input.regex(), input.filterType(),
                        input.description(), input.replacement() == null ? "" : input.replacement(), mod.alias())))
                .map(FilterDetails::of);
    }

    /** How suspicious a prompt is; a suspicion of 2 would be refused at intake. */
    @POST
    @Operation(operationId = "post_filters", summary = "Moderator Only: Check The suspicion of the provided prompt",
            description = "The suspicion the filters give a prompt, with the matches: a suspicion of 2 is refused "
                    + "when a generation is requested.")
    @APIResponse(responseCode = "200", description = "The prompt's suspicion and matches",
            content = @Content(schema = @Schema(implementation = PromptSuspicion.class)))
    @APIResponse(responseCode = "400", description = "Validation error; rc: BadRequest (prompt missing)",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "401", description = "Invalid API Key; rc: InvalidAPIKey",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "403", description = "Not a moderator; rc: NotModerator",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "429", description = "Too many calls (rate limit, with Retry-After); "
            + "rc: TooManyRequests", content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "503", description = "A service of the horde is unreachable; rc: ServiceUnavailable",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    public Uni<PromptSuspicion> check(PromptCheckInput input, @RestHeader("apikey") String apikey) {
        if (input == null || input.prompt() == null) {
            throw invalid(Map.of("prompt", "'prompt' is a required property"));
        }
        return moderator(apikey).flatMap(mod -> filters.screen())
                .map(screen -> screen.check(input.prompt(), input.filterType()))
                .map(suspicion -> new PromptSuspicion(Integer.toString(suspicion.score()), suspicion.matches()));
    }

    /** Each scored filter type's regex as intake uses it: its filters joined. */
    @GET
    @Path("/regex")
    @Operation(operationId = "get_filter_regex", summary = "Moderator Only: A List all filters, or filtered by the "
                    + "query",
            description = "Each scored filter type's regex as intake uses it (its filters joined), or only that of "
                    + "one filter_type.")
    @APIResponse(responseCode = "200", description = "The regex of each filter type",
            content = @Content(schema = @Schema(implementation = FilterRegex.class, type = SchemaType.ARRAY)))
    @APIResponse(responseCode = "400", description = "Validation error; rc: BadRequest (filter_type not a whole "
            + "number)",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "401", description = "Invalid API Key; rc: InvalidAPIKey",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "403", description = "Not a moderator; rc: NotModerator",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "429", description = "Too many calls (rate limit, with Retry-After); "
            + "rc: TooManyRequests", content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "503", description = "A service of the horde is unreachable; rc: ServiceUnavailable",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    public Uni<List<FilterRegex>> regex(@RestHeader("apikey") String apikey, @RestQuery("filter_type") String type) {
        Integer filterType = type == null || type.isBlank() ? null : integer("filter_type", type);
        return moderator(apikey).flatMap(mod -> filters.list(null, null)).map(all -> {
            PromptScreen screen = PromptScreen.of(all);
            List<FilterRegex> answer = new ArrayList<>();
            for (int known : PromptScreen.KNOWN_TYPES) {
                if (filterType == null || filterType == 0 || filterType == known) {
                    answer.add(new FilterRegex(known, screen.regexOf(known)));
                }
            }
            return answer;
        });
    }

    /** Ours: the prompts the filters refused, newest first, 50 a page. */
    @GET
    @Path("/blocked")
    @Operation(operationId = "get_filters_blocked", summary = "Moderator Only: The prompts the filters refused",
            description = "OpenHorde's own: the refused prompts, newest first, 50 a page, optionally of one user, for "
                    + "the moderators to review.")
    @APIResponse(responseCode = "200", description = "A page of refused prompts",
            content = @Content(schema = @Schema(implementation = BlockedPromptView.class, type = SchemaType.ARRAY)))
    @APIResponse(responseCode = "400", description = "Validation error; rc: BadRequest (user_id or page not a whole "
            + "number)",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "401", description = "Invalid API Key; rc: InvalidAPIKey",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "403", description = "Not a moderator; rc: NotModerator",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "429", description = "Too many calls (rate limit, with Retry-After); "
            + "rc: TooManyRequests", content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "503", description = "A service of the horde is unreachable; rc: ServiceUnavailable",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    public Uni<List<BlockedPromptView>> blocked(@RestHeader("apikey") String apikey,
                                                @RestQuery("user_id") String userId, @RestQuery String page) {
        Long user = userId == null || userId.isBlank() ? null : (long) integer("user_id", userId);
        Integer pageNumber = page == null || page.isBlank() ? 1 : integer("page", page);
        return moderator(apikey).flatMap(mod -> filters.blocked(user, pageNumber))
                .map(found -> found.stream().map(BlockedPromptView::of).toList());
    }

    @GET
    @Path("/{id}")
    @Operation(operationId = "get_filter_single", summary = "Moderator Only: Display a single filter",
            description = "One filter by its numeric id.")
    @APIResponse(responseCode = "200", description = "The filter",
            content = @Content(schema = @Schema(implementation = FilterDetails.class)))
    @APIResponse(responseCode = "401", description = "Invalid API Key; rc: InvalidAPIKey",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "403", description = "Not a moderator; rc: NotModerator",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "404", description = "No such filter; rc: ThingNotFound",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "429", description = "Too many calls (rate limit, with Retry-After); "
            + "rc: TooManyRequests", content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "503", description = "A service of the horde is unreachable; rc: ServiceUnavailable",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    public Uni<FilterDetails> get(@RestPath String id, @RestHeader("apikey") String apikey) {
        long filterId = filterId(id);
        return moderator(apikey).flatMap(mod -> filters.get(filterId)).map(FilterDetails::of);
    }

    @PATCH
    @Path("/{id}")
    @Operation(operationId = "patch_filter_single", summary = "Moderator Only: Modify an existing regex filter",
            description = "Changes what is sent (regex, filter_type, description, replacement); what is left out or "
                    + "empty stays.")
    @APIResponse(responseCode = "200", description = "Filter Modified",
            content = @Content(schema = @Schema(implementation = FilterDetails.class)))
    @APIResponse(responseCode = "400", description = "Validation error or nothing to change; rc: BadRequest, "
            + "NoFilterModSelected",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "401", description = "Invalid API Key; rc: InvalidAPIKey",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "403", description = "Not a moderator; rc: NotModerator",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "404", description = "No such filter; rc: ThingNotFound",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "429", description = "Too many calls (rate limit, with Retry-After); "
            + "rc: TooManyRequests", content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "503", description = "A service of the horde is unreachable; rc: ServiceUnavailable",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    public Uni<FilterDetails> patch(@RestPath String id, FilterInput input, @RestHeader("apikey") String apikey) {
        Map<String, String> errors = new LinkedHashMap<>();
        validate(input, errors);
        return moderator(apikey).flatMap(mod -> {
            long filterId = filterId(id);
            if (input == null || (input.regex() == null || input.regex().isEmpty())
                    && input.filterType() == null
                    && (input.description() == null || input.description().isEmpty())
                    && (input.replacement() == null || input.replacement().isEmpty())) {
                throw new HordeException(Rc.NoFilterModSelected, "No filter patching selected!");
            }
            return filters.patch(filterId, new PromptFilterChange(emptyAsNull(input.regex()), input.filterType(),
                    emptyAsNull(input.description()), emptyAsNull(input.replacement()), mod.alias()));
        }).map(FilterDetails::of);
    }

    @DELETE
    @Path("/{id}")
    @Operation(operationId = "delete_filter_single", summary = "Moderator Only: Delete a regex filter",
            description = "Removes the filter; prompts are no longer screened by it.")
    @APIResponse(responseCode = "200", description = "Filter Deleted")
    @APIResponse(responseCode = "401", description = "Invalid API Key; rc: InvalidAPIKey",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "403", description = "Not a moderator; rc: NotModerator",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "404", description = "No such filter; rc: ThingNotFound",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "429", description = "Too many calls (rate limit, with Retry-After); "
            + "rc: TooManyRequests", content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "503", description = "A service of the horde is unreachable; rc: ServiceUnavailable",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    public Uni<Map<String, String>> delete(@RestPath String id, @RestHeader("apikey") String apikey) {
        return moderator(apikey).flatMap(mod -> filters.delete(filterId(id))).map(done -> Map.of("message", "OK"));
    }

    private Uni<UserAccount> moderator(String apikey) {
        return users.authenticateModerator(apikey, "You're not a mod. BTFO!");
    }

    /** The input model's bounds: type 10–29 and a regex of at most 10,000 characters that compiles. */
    private static void validate(FilterInput input, Map<String, String> errors) {
        if (input != null && input.filterType() != null && (input.filterType() < 10 || input.filterType() > 29)) {
            errors.put("filter_type", input.filterType() + " is not between 10 and 29");
        }
        if (input != null && input.regex() != null && input.regex().length() > 10_000) {
            // job-service's bound too: a regex this long is a mistake or an attack, and every intake would run it.
            errors.put("regex", "at most 10000 characters");
        } else if (input != null && input.regex() != null && PromptScreen.compile(input.regex()) == null) {
            errors.put("regex", "not a valid regular expression");
        }
        if (input != null && input.replacement() != null && input.replacement().length() > 255) {
            errors.put("replacement", "at most 255 characters");
        }
        if (!errors.isEmpty()) {
            throw invalid(errors);
        }
    }

    private static HordeException invalid(Map<String, String> errors) {
        return new HordeException(Rc.BadRequest.httpStatus(), HordeError.validation(errors));
    }

    private static int integer(String name, String value) {
        if (!value.strip().matches("-?\\d{1,9}")) {
            throw invalid(Map.of(name, "must be a whole number"));
        }
        return Integer.parseInt(value.strip());
    }

    private static long filterId(String id) {
        if (id == null || !id.matches("\\d{1,18}")) {
            throw new HordeException(Rc.ThingNotFound, "Filter with ID '" + id + "' not found.");
        }
        return Long.parseLong(id);
    }

    private static String emptyAsNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}
