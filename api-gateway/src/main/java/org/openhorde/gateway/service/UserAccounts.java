package org.openhorde.gateway.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.openhorde.contracts.HordeException;
import org.openhorde.contracts.Rc;
import org.openhorde.contracts.internal.ApiKeyLookup;
import org.openhorde.contracts.internal.IssuedApiKey;
import org.openhorde.contracts.internal.Registration;
import org.openhorde.contracts.internal.SharedKeyGrant;
import org.openhorde.contracts.internal.StyleView;
import org.openhorde.contracts.internal.UserAccount;
import org.openhorde.contracts.internal.UserCreation;
import org.openhorde.contracts.internal.UserModification;
import org.openhorde.contracts.internal.UserModified;
import org.openhorde.contracts.internal.WorkerSummary;
import org.openhorde.gateway.client.InternalErrors;
import org.openhorde.gateway.client.JobService;
import org.openhorde.gateway.client.KudosService;
import org.openhorde.gateway.client.SharedKeysClient;
import org.openhorde.gateway.config.GatewayConfig;
import org.openhorde.gateway.domain.SharedKeyUse;
import org.openhorde.gateway.domain.Uuids;

/**
 * Users as kudos-service owns them, and the workers job-service knows for them. Authentication is answered from
 * {@link VerifiedKeys} when it can (no round trip; trust, roles and keys exact through {@code UserChanged} events,
 * the balance at most {@code horde.gateway.key-cache.balance-max-age} old, see decision 0014); what a user reads
 * about themselves ({@code find_user}, {@code users/{id}}) always comes from kudos-service, exact.
 */
@ApplicationScoped
public class UserAccounts {

    private final KudosService kudos;
    private final SharedKeysClient sharedKeys;
    private final JobService jobs;
    private final GatewayConfig config;
    private final VerifiedKeys keys;
    private final StyleKeys styleKeys;
    private final Counter hits;
    private final Counter misses;

    UserAccounts(@RestClient KudosService kudos, @RestClient SharedKeysClient sharedKeys, @RestClient JobService jobs,
                 GatewayConfig config, VerifiedKeys keys, StyleKeys styleKeys, MeterRegistry metrics) {
        this.kudos = kudos;
        this.sharedKeys = sharedKeys;
        this.jobs = jobs;
        this.config = config;
        this.keys = keys;
        this.styleKeys = styleKeys;
        this.hits = metrics.counter("horde.gateway.key.cache", "outcome", "hit");
        this.misses = metrics.counter("horde.gateway.key.cache", "outcome", "miss");
    }

    /** The owner of this API key; a missing or unknown key is 401 {@code InvalidAPIKey}. */
    /** A moderator, or the operator (the AI Horde's admin), who moderates too. */
    public static boolean moderates(UserAccount user) {
        return user.moderator() || user.admin();
    }

    /**
     * The caller's account when it moderates (the AI Horde's {@code check_for_mod}): 401 for a bad key, 403
     * {@code NotModerator} with {@code refusal} otherwise.
     */
    public Uni<UserAccount> authenticateModerator(String apikey, String refusal) {
        return authenticate(apikey).invoke(user -> {
            if (!moderates(user)) {
                throw new HordeException(Rc.NotModerator, refusal);
            }
        });
    }

    public Uni<UserAccount> authenticate(String apikey) {
        if (apikey == null || apikey.isBlank()) {
            return Uni.createFrom().failure(invalidApiKey());
        }
        if (!keys.serving()) {
            return verify(apikey);
        }
        String fingerprint = VerifiedKeys.fingerprint(apikey);
        VerifiedKeys.Entry cached = keys.lookup(fingerprint);
        if (cached != null) {
            hits.increment();
            if (keys.claimRefresh(fingerprint, cached)) {
                refresh(fingerprint, cached);
            }
            return Uni.createFrom().item(cached.account());
        }
        misses.increment();
        long generation = keys.generation();
        return verify(apikey).invoke(account -> keys.verified(fingerprint, account, generation));
    }

    /**
     * Who a generation request is made by. An {@code apikey} that is a UUID is a shared key (API keys never are):
     * its owner pays. An empty key is 403 {@code SharedKeyEmpty}, or, with {@code allowDowngrade}, the request is
     * made anonymously at the lowest priority, as the AI Horde does; an expired one is 403
     * {@code SharedKeyExpired}; an unknown one 401 {@code InvalidAPIKey}.
     */
    public Uni<Requesting> authenticateRequester(String apikey, boolean allowDowngrade) {
        Optional<UUID> sharedKeyId = apikey == null ? Optional.empty() : Uuids.parse(apikey.strip());
        if (sharedKeyId.isEmpty()) {
            return authenticate(apikey).map(Requesting::own);
        }
        return sharedKey(sharedKeyId.get()).flatMap(grant -> {
            HordeException unusable = SharedKeyUse.unusable(grant.key(), Instant.now());
            Uni<Requesting> requesting;
            if (unusable == null) {
                requesting = Uni.createFrom().item(new Requesting(grant.owner(), grant.key(), false, false));
            } else if (grant.key().empty() && allowDowngrade) {
                requesting = user(0).map(anonymous -> Requesting.own(anonymous).withLowestPriority());
            } else {
                return Uni.createFrom().failure(unusable);
            }
            // After the key's own state, as the AI Horde's validate: a key its owner gave to styles pays only there.
            return styleKeys.assigned(grant.key().id()).flatMap(assigned -> assigned
                    ? Uni.createFrom().failure(SharedKeyUse.assignedToStyles()) : requesting);
        });
    }

    /**
     * Who a request using {@code style} is made by (decision 0044): while the style's shared key is usable and its
     * owner's, the key pays (the AI Horde's {@code apply_style}); the caller's key is still verified (401 for a bad
     * one), though it pays nothing. Otherwise, or when the request names no style, as
     * {@link #authenticateRequester(String, boolean)}.
     */
    public Uni<Requesting> authenticateRequester(String apikey, boolean allowDowngrade, StyleView style) {
        if (style == null || style.sharedKeyId() == null) {
            return authenticateRequester(apikey, allowDowngrade);
        }
        return styleKey(style).flatMap(grant -> {
            if (grant == null) {
                return authenticateRequester(apikey, allowDowngrade);
            }
            Optional<UUID> sentKey = apikey == null ? Optional.empty() : Uuids.parse(apikey.strip());
            Uni<?> caller = sentKey.isPresent() ? sharedKey(sentKey.get()) : authenticate(apikey);
            return caller.replaceWith(new Requesting(grant.owner(), grant.key(), false, true));
        });
    }

    /** The style's key when it pays for the style now; null when it is gone, spent, expired or not the owner's. */
    public Uni<SharedKeyGrant> styleKey(StyleView style) {
        return sharedKey(style.sharedKeyId())
                .onFailure(e -> e instanceof HordeException && isInvalidApiKey(e)).recoverWithNull()
                .map(grant -> grant != null && SharedKeyUse.paysForStyle(grant.key(), style.ownerId(), Instant.now())
                        ? grant : null);
    }

    /** A shared key with its owner, from the cache while it is young enough, else from kudos-service. */
    public Uni<SharedKeyGrant> sharedKey(UUID id) {
        SharedKeyGrant cached = keys.sharedKey(id);
        if (cached != null) {
            hits.increment();
            return Uni.createFrom().item(cached);
        }
        misses.increment();
        long generation = keys.generation();
        return sharedKeys.grant(id).onFailure().transform(InternalErrors.unreachable(KudosService.NAME))
                .invoke(grant -> keys.sharedKeyRead(grant, generation));
    }

    /** Re-reads a cached key's account by user id, off the caller's path: the caller already has its answer. */
    private void refresh(String fingerprint, VerifiedKeys.Entry cached) {
        long generation = keys.generation();
        kudos.user(cached.account().id()).subscribe().with(
                account -> keys.refreshed(fingerprint, cached, account, generation),
                failure -> keys.refreshFailed(fingerprint, cached, failure instanceof HordeException e
                        && Rc.UserNotFound.name().equals(e.error().rc())));
    }

    /** Asks kudos-service, uncached. */
    private Uni<UserAccount> verify(String apikey) {
        return kudos.authenticate(new ApiKeyLookup(apikey))
                .onFailure().transform(InternalErrors.unreachable(KudosService.NAME))
                // The public wording is the AI Horde's, whatever kudos-service says internally.
                .onFailure(HordeException.class).transform(e -> isInvalidApiKey(e) ? invalidApiKey() : e);
    }

    /**
     * {@code find_user}: as {@link #authenticate}, but always asked of kudos-service (a user reading their own
     * balance sees it exact), and an unknown key means an unknown user (404).
     */
    public Uni<UserAccount> findByApiKey(String apikey) {
        if (apikey == null || apikey.isBlank()) {
            return Uni.createFrom().failure(invalidApiKey());
        }
        return verify(apikey).onFailure(HordeException.class).transform(e -> isInvalidApiKey(e)
                && apikey != null && !apikey.isBlank()
                ? new HordeException(Rc.UserNotFound, "User with api_key '" + apikey + "' not found.") : e);
    }

    /**
     * {@code find_user} with a shared key: the key and its owner; 404 {@code UserNotFound} when there is no such key,
     * as for an unknown API key.
     */
    public Uni<SharedKeyGrant> findBySharedKey(UUID id, String apikey) {
        return sharedKeys.grant(id).onFailure().transform(InternalErrors.unreachable(KudosService.NAME))
                .onFailure(HordeException.class).transform(e -> isInvalidApiKey(e)
                        ? new HordeException(Rc.UserNotFound, "User with api_key '" + apikey + "' not found.") : e);
    }

    /** The ids of a user's shared keys. */
    public Uni<List<String>> sharedKeyIdsOf(long userId) {
        return sharedKeys.ownedBy(userId).onFailure().transform(InternalErrors.unreachable(KudosService.NAME))
                .map(ids -> ids.stream().map(UUID::toString).toList());
    }

    public Uni<UserAccount> user(long id) {
        return kudos.user(id).onFailure().transform(InternalErrors.unreachable(KudosService.NAME));
    }

    public Uni<List<UserAccount>> page(String sort, int page) {
        return kudos.page(sort, page).onFailure().transform(InternalErrors.unreachable(KudosService.NAME));
    }

    public Uni<UserModified> modify(long id, UserModification change) {
        return kudos.modify(id, change).onFailure().transform(InternalErrors.unreachable(KudosService.NAME));
    }

    public Uni<Void> delete(long id, long byUserId) {
        return kudos.delete(id, byUserId).onFailure().transform(InternalErrors.unreachable(KudosService.NAME));
    }

    /**
     * A worker's owner may pop only while neither flagged (the AI Horde's permanent maintenance) nor deleted; the
     * flags come from the verified-key cache, which {@code UserChanged} keeps current.
     */
    public static void requireActiveWorkerOwner(UserAccount owner) {
        if (owner.deleted()) {
            throw deletedUser();
        }
        if (owner.flagged()) {
            throw new HordeException(Rc.WorkerFlaggedMaintenance, "Your user has been flagged by our community for "
                    + "suspicious activity. Please contact the horde's moderators.");
        }
    }

    /** A deleted user's key still identifies them (they may undelete themselves), but it requests nothing. */
    public static void requireNotDeleted(UserAccount user) {
        if (user.deleted()) {
            throw deletedUser();
        }
    }

    private static HordeException deletedUser() {
        return new HordeException(Rc.DeletedUser, "This account has been scheduled for deletion and is disabled.");
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
