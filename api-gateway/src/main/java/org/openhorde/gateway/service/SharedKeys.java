package org.openhorde.gateway.service;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;
import java.util.function.Function;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.openhorde.contracts.HordeException;
import org.openhorde.contracts.Rc;
import org.openhorde.contracts.internal.SharedKeyDetails;
import org.openhorde.gateway.client.InternalErrors;
import org.openhorde.gateway.client.KudosService;
import org.openhorde.gateway.client.SharedKeysClient;
import org.openhorde.gateway.domain.SharedKeyView;

/**
 * The AI Horde's {@code /sharedkeys}: a registered user creates keys that spend their kudos; anyone who knows a key's
 * id may read it; only its owner changes or deletes it. kudos-service owns the keys and enforces the owner rule.
 */
@ApplicationScoped
public class SharedKeys {

    private final UserAccounts users;
    private final SharedKeysClient keys;
    private final StyleKeys styleKeys;

    SharedKeys(UserAccounts users, @RestClient SharedKeysClient keys, StyleKeys styleKeys) {
        this.users = users;
        this.keys = keys;
        this.styleKeys = styleKeys;
    }

    public Uni<SharedKeyDetails> create(SharedKeyView.Input input, String apikey) {
        SharedKeyView.check(input);
        return users.authenticate(apikey).flatMap(owner -> {
            if (owner.anonymous()) {
                throw new HordeException(Rc.AnonForbidden, "Anonymous user is forbidden from performing this"
                        + " operation");
            }
            UserAccounts.requireNotDeleted(owner);
            return keys.create(input.toInput(owner.id())).onFailure().transform(unreachable());
        });
    }

    public Uni<SharedKeyDetails> get(UUID id) {
        return keys.get(id).onFailure().transform(unreachable());
    }

    /** The key is looked up before the caller, as the AI Horde does: an unknown key is 401 whoever asks. */
    public Uni<SharedKeyDetails> change(UUID id, SharedKeyView.Input input, String apikey) {
        SharedKeyView.check(input);
        return get(id).chain(() -> users.authenticate(apikey))
                .flatMap(actor -> keys.change(id, input.toInput(actor.id())).onFailure().transform(unreachable()));
    }

    /** A deleted key pays for no style any more: job-service detaches it (decision 0044). */
    public Uni<Void> delete(UUID id, String apikey) {
        return get(id).chain(() -> users.authenticate(apikey))
                .flatMap(actor -> keys.delete(id, actor.id()).onFailure().transform(unreachable()))
                .call(() -> styleKeys.detach(id));
    }

    private static Function<Throwable, Throwable> unreachable() {
        return InternalErrors.unreachable(KudosService.NAME);
    }
}
