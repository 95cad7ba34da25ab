package org.openhorde.gateway.service;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.openhorde.contracts.HordeException;
import org.openhorde.contracts.Rc;
import org.openhorde.contracts.internal.ApiKeyLookup;
import org.openhorde.contracts.internal.IssuedApiKey;
import org.openhorde.contracts.internal.Registration;
import org.openhorde.contracts.internal.UserAccount;
import org.openhorde.contracts.internal.UserCreation;
import org.openhorde.contracts.internal.WorkerSummary;
import org.openhorde.gateway.client.InternalErrors;
import org.openhorde.gateway.client.JobService;
import org.openhorde.gateway.client.KudosService;
import org.openhorde.gateway.config.GatewayConfig;

/**
 * Users as kudos-service owns them, and the workers job-service knows for them. Nothing is cached: clients must
 * see exact balances.
 */
@ApplicationScoped
public class UserAccounts {

    private final KudosService kudos;
    private final JobService jobs;
    private final GatewayConfig config;

    UserAccounts(@RestClient KudosService kudos, @RestClient JobService jobs, GatewayConfig config) {
        this.kudos = kudos;
        this.jobs = jobs;
        this.config = config;
    }

    /** The owner of this API key; a missing or unknown key is 401 {@code InvalidAPIKey}. */
    public Uni<UserAccount> authenticate(String apikey) {
        if (apikey == null || apikey.isBlank()) {
            return Uni.createFrom().failure(invalidApiKey());
        }
        return kudos.authenticate(new ApiKeyLookup(apikey))
                .onFailure().transform(InternalErrors.unreachable(KudosService.NAME))
                // The public wording is the AI Horde's, whatever kudos-service says internally.
                .onFailure(HordeException.class).transform(e -> isInvalidApiKey(e) ? invalidApiKey() : e);
    }

    /** {@code find_user}: as {@link #authenticate}, but an unknown key means an unknown user (404). */
    public Uni<UserAccount> findByApiKey(String apikey) {
        return authenticate(apikey).onFailure(HordeException.class).transform(e -> isInvalidApiKey(e)
                && apikey != null && !apikey.isBlank()
                ? new HordeException(Rc.UserNotFound, "User with api_key '" + apikey + "' not found.") : e);
    }

    public Uni<UserAccount> user(long id) {
        return kudos.user(id).onFailure().transform(InternalErrors.unreachable(KudosService.NAME));
    }

    public Uni<IssuedApiKey> register(Registration registration) {
        return kudos.register(registration)
                .onFailure().transform(InternalErrors.unreachable(KudosService.NAME));
    }

    public Uni<IssuedApiKey> create(UserCreation creation) {
        return kudos.create(creation).onFailure().transform(InternalErrors.unreachable(KudosService.NAME));
    }

    public Uni<List<WorkerSummary>> workersOf(long ownerUserId) {
        return jobs.workers(ownerUserId).onFailure().transform(InternalErrors.unreachable(JobService.NAME));
    }

    public HordeException invalidApiKey() {
        return new HordeException(Rc.InvalidAPIKey,
                "No user matching sent API Key. Have you remembered to register at " + config.registerUrl() + " ?");
    }

    private static boolean isInvalidApiKey(Throwable e) {
        return Rc.InvalidAPIKey.name().equals(((HordeException) e).error().rc());
    }
}
