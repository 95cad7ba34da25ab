package org.openhorde.gateway.service;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.openhorde.contracts.HordeException;
import org.openhorde.contracts.Rc;
import org.openhorde.contracts.internal.LedgerAudit;
import org.openhorde.gateway.client.InternalErrors;
import org.openhorde.gateway.client.KudosLedger;
import org.openhorde.gateway.client.KudosService;
import org.openhorde.gateway.domain.KudosInput;

/**
 * Kudos moved by people (transfers, awards) and the operator's ledger audit. kudos-service owns every rule and its
 * AI Horde code (enough kudos, cooldowns, who may award); the gateway only names the caller by their API key.
 */
@ApplicationScoped
public class KudosExchange {

    private final KudosLedger ledger;
    private final UserAccounts users;

    KudosExchange(@RestClient KudosLedger ledger, UserAccounts users) {
        this.ledger = ledger;
        this.users = users;
    }

    /** Returns the whole kudos transferred. */
    public Uni<Integer> transfer(String apikey, KudosInput.Checked request) {
        return users.authenticate(apikey)
                .flatMap(sender -> ledger.transfer(request.toTransfer(sender.id()))
                        .onFailure().transform(InternalErrors.unreachable(KudosService.NAME)))
                .replaceWith(request.amount());
    }

    /** Returns the whole kudos awarded; kudos-service refuses callers who are not admins ({@code NotAllowedAwards}). */
    public Uni<Integer> award(String apikey, KudosInput.Checked request) {
        return users.authenticate(apikey)
                .flatMap(awarder -> ledger.award(request.toAward(awarder.id()))
                        .onFailure().transform(InternalErrors.unreachable(KudosService.NAME)))
                .replaceWith(request.amount());
    }

    public Uni<LedgerAudit> audit(String apikey) {
        return users.authenticate(apikey).flatMap(operator -> {
            if (!operator.admin()) {
                return Uni.createFrom().failure(
                        new HordeException(Rc.NotAdmin, "Only an administrator may audit the ledger."));
            }
            return ledger.audit().onFailure().transform(InternalErrors.unreachable(KudosService.NAME));
        });
    }
}
