package org.openhorde.gateway.rest;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;
import org.openhorde.contracts.HordeException;
import org.openhorde.contracts.Rc;
import org.openhorde.contracts.internal.UserAccount;
import org.openhorde.gateway.client.InternalErrors;
import org.openhorde.gateway.client.JobService;
import org.openhorde.gateway.domain.IpAddresses;
import org.openhorde.gateway.domain.IpAddresses.Block;
import org.openhorde.gateway.domain.IpTimeoutInput;
import org.openhorde.gateway.domain.Uuids;
import org.openhorde.gateway.service.IpTimeouts;
import org.openhorde.gateway.service.IpTimeouts.Timeout;
import org.openhorde.gateway.service.UserAccounts;

/**
 * The AI Horde's IP timeouts for moderators (and the operator): {@code /operations/ipaddr[/{ip}]} and
 * {@code /operations/block_worker_ipaddr/{worker_id}}. A timed-out address (or an address inside a timed-out CIDR
 * block) gets 403 {@code TimeoutIP} on new requests and on pops (see {@link RateLimitFilter}).
 */
@Path("/api/v2/operations")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "users")
public class OperationsResource {

    private static final Logger LOG = Logger.getLogger(OperationsResource.class);
    private static final Map<String, String> OK = Map.of("message", "OK");

    private final IpTimeouts timeouts;
    private final UserAccounts users;
    private final JobService jobs;

    OperationsResource(IpTimeouts timeouts, UserAccounts users, @RestClient JobService jobs) {
        this.timeouts = timeouts;
        this.users = users;
        this.jobs = jobs;
    }

    /** Every CIDR block in timeout, with the seconds it has left. */
    @GET
    @Path("/ipaddr")
    @Operation(operationId = "get_operations_ip", summary = "Return all existing IP Block timeouts.",
            description = "Only usable by horde moderators: every CIDR block in timeout with the seconds it has left.")
    @APIResponse(responseCode = "200", description = "The blocks in timeout",
            content = @Content(schema = @Schema(implementation = Timeout.class, type = SchemaType.ARRAY)))
    @APIResponse(responseCode = "401", description = "Invalid API Key; rc: InvalidAPIKey",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "403", description = "Not a moderator; rc: NotModerator",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "429", description = "Too many calls (rate limit, with Retry-After); "
            + "rc: TooManyRequests", content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "503", description = "A service of the horde is unreachable; rc: ServiceUnavailable",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    public Uni<List<Timeout>> blocks(@RestHeader("apikey") String apikey) {
        return moderator(apikey, "GET OperationsIP").flatMap(mod -> timeouts.blocks());
    }

    /** Puts an address (or a CIDR block) into timeout for {@code hours}. */
    @POST
    @Path("/ipaddr")
    @Operation(operationId = "post_operations_ip", summary = "Add an IP or CIDR to timeout.",
            description = "Only usable by horde moderators. A timed-out address gets 403 TimeoutIP on new requests "
                    + "and pops.")
    @APIResponse(responseCode = "200", description = "IP Timeout Set")
    @APIResponse(responseCode = "400", description = "Validation error; rc: BadRequest (no valid ipaddr or hours)",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "401", description = "Invalid API Key; rc: InvalidAPIKey",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "403", description = "Not a moderator; rc: NotModerator",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "429", description = "Too many calls (rate limit, with Retry-After); "
            + "rc: TooManyRequests", content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "503", description = "A service of the horde is unreachable; rc: ServiceUnavailable",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    public Uni<Map<String, String>> add(IpTimeoutInput input, @RestHeader("apikey") String apikey) {
        Block target = IpTimeoutInput.checkAdd(input);
        return moderator(apikey, "POST OperationsIP").flatMap(mod -> {
            LOG.infof("%s#%d put %s into a %d hours IP timeout", mod.username(), mod.id(), target.text(),
                    input.hours());
            return timeouts.set(target, Duration.ofHours(input.hours()));
        }).map(done -> OK);
    }

    /** Lifts an address's (or a CIDR block's) timeout. */
    @DELETE
    @Path("/ipaddr")
    @Operation(operationId = "delete_operations_ip", summary = "Remove an IP from timeout.",
            description = "Only usable by horde moderators.")
    @APIResponse(responseCode = "200", description = "IP Timeout Lifted")
    @APIResponse(responseCode = "400", description = "Validation error; rc: BadRequest (no valid ipaddr)",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "401", description = "Invalid API Key; rc: InvalidAPIKey",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "403", description = "Not a moderator; rc: NotModerator",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "429", description = "Too many calls (rate limit, with Retry-After); "
            + "rc: TooManyRequests", content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "503", description = "A service of the horde is unreachable; rc: ServiceUnavailable",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    public Uni<Map<String, String>> remove(IpTimeoutInput input, @RestHeader("apikey") String apikey) {
        Block target = IpTimeoutInput.checkDelete(input);
        return moderator(apikey, "DELETE OperationsIP").flatMap(mod -> {
            LOG.infof("%s#%d lifted the IP timeout of %s", mod.username(), mod.id(), target.text());
            return timeouts.delete(target);
        }).map(done -> OK);
    }

    /** The timeouts that hold for one address: the blocks containing it, then its own. */
    @GET
    @Path("/ipaddr/{ipaddr}")
    @Operation(operationId = "get_operations_ip_single", summary = "Check if an IP or CIDR is in timeout.",
            description = "Only usable by horde moderators: the timeouts that hold for the address, the blocks "
                    + "containing it first.")
    @APIResponse(responseCode = "200", description = "The timeouts holding for the address",
            content = @Content(schema = @Schema(implementation = Timeout.class, type = SchemaType.ARRAY)))
    @APIResponse(responseCode = "400", description = "Invalid IP Address; rc: BadRequest",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "401", description = "Invalid API Key; rc: InvalidAPIKey",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "403", description = "Not a moderator; rc: NotModerator",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "429", description = "Too many calls (rate limit, with Retry-After); "
            + "rc: TooManyRequests", content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "503", description = "A service of the horde is unreachable; rc: ServiceUnavailable",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    public Uni<List<Timeout>> single(@RestPath String ipaddr, @RestHeader("apikey") String apikey) {
        Block address = IpTimeoutInput.block(ipaddr);
        return moderator(apikey, "GET OperationsIPSingle").flatMap(mod -> timeouts.matching(address));
    }

    /** Puts the IP a worker last popped from into timeout for {@code days} (an IPv6 worker's whole /64). */
    @PUT
    @Path("/block_worker_ipaddr/{workerId}")
    @Operation(operationId = "put_operations_block_worker_ip", summary = "Block worker's from a specific IP for 24 "
                    + "hours.",
            description = "Only usable by horde moderators: the IP the worker last popped from (an IPv6 worker's "
                    + "whole /64) goes into timeout for the days given.")
    @APIResponse(responseCode = "200", description = "Worker IP Blocked")
    @APIResponse(responseCode = "400", description = "Validation error or the worker's IP is not known; rc: "
            + "BadRequest",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "401", description = "Invalid API Key; rc: InvalidAPIKey",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "403", description = "Not a moderator; rc: NotModerator",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "404", description = "No such worker; rc: WorkerNotFound",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "429", description = "Too many calls (rate limit, with Retry-After); "
            + "rc: TooManyRequests", content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "503", description = "A service of the horde is unreachable; rc: ServiceUnavailable",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    public Uni<Map<String, String>> blockWorker(@RestPath String workerId, IpTimeoutInput input,
                                                @RestHeader("apikey") String apikey) {
        int days = IpTimeoutInput.checkWorkerDays(input);
        return moderator(apikey, "PUT OperationsBlockWorkerIP")
                .flatMap(mod -> workerBlock(workerId).flatMap(block -> {
                    LOG.infof("%s#%d put worker %s's IP %s into a %d days IP timeout", mod.username(), mod.id(),
                            workerId, block.text(), days);
                    return timeouts.set(block, Duration.ofDays(days));
                }))
                .map(done -> OK);
    }

    /** Lifts the timeout of the IP a worker last popped from. */
    @DELETE
    @Path("/block_worker_ipaddr/{workerId}")
    @Operation(operationId = "delete_operations_block_worker_ip", summary = "Remove a worker's IP block.",
            description = "Only usable by horde moderators: lifts the timeout of the IP the worker last popped from.")
    @APIResponse(responseCode = "200", description = "Worker IP Block Lifted")
    @APIResponse(responseCode = "400", description = "The worker's IP is not known; rc: BadRequest",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "401", description = "Invalid API Key; rc: InvalidAPIKey",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "403", description = "Not a moderator; rc: NotModerator",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "404", description = "No such worker; rc: WorkerNotFound",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "429", description = "Too many calls (rate limit, with Retry-After); "
            + "rc: TooManyRequests", content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "503", description = "A service of the horde is unreachable; rc: ServiceUnavailable",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    public Uni<Map<String, String>> unblockWorker(@RestPath String workerId, @RestHeader("apikey") String apikey) {
        return moderator(apikey, "DELETE OperationsBlockWorkerIP")
                .flatMap(mod -> workerBlock(workerId).flatMap(block -> {
                    LOG.infof("%s#%d lifted worker %s's IP timeout of %s", mod.username(), mod.id(), workerId,
                            block.text());
                    return timeouts.delete(block);
                }))
                .map(done -> OK);
    }

    private Uni<Block> workerBlock(String workerId) {
        var id = Uuids.parse(workerId).orElseThrow(() -> new HordeException(Rc.WorkerNotFound,
                "Worker with ID '" + workerId + "' not found."));
        return jobs.worker(id)
                .onFailure().transform(InternalErrors.unreachable(JobService.NAME))
                .flatMap(worker -> timeouts.workerAddress(worker.name()))
                .map(address -> address.flatMap(IpAddresses::parseAddress).map(IpAddresses::workerBlock)
                        .orElseThrow(() -> new HordeException(Rc.BadRequest, "Worker with ID '" + workerId
                                + "' has not connected recently: its IP address is not known.")));
    }

    /** As the AI Horde's {@code check_for_mod}; this horde's operator (an admin) moderates too. */
    private Uni<UserAccount> moderator(String apikey, String operation) {
        return users.authenticate(apikey).invoke(user -> {
            if (!UserAccounts.moderates(user)) {
                LOG.infof("non-moderator %s#%d tried %s", user.username(), user.id(), operation);
                throw new HordeException(Rc.NotModerator, "Only a horde moderator may do this.");
            }
        });
    }
}
