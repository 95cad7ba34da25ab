package org.openhorde.gateway.service;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.openhorde.contracts.HordeException;
import org.openhorde.contracts.Rc;
import org.openhorde.contracts.internal.TeamDetails;
import org.openhorde.contracts.internal.TeamInput;
import org.openhorde.contracts.internal.UserAccount;
import org.openhorde.gateway.client.InternalErrors;
import org.openhorde.gateway.client.JobService;
import org.openhorde.gateway.client.KudosLedger;
import org.openhorde.gateway.client.KudosService;
import org.openhorde.gateway.client.TeamsClient;
import org.openhorde.gateway.domain.TeamView;
import org.openhorde.kit.profanity.ProfaneText;

/**
 * The AI Horde's {@code /teams}: anyone reads them; trusted users create them; the creator or a moderator changes or
 * deletes one. job-service owns the teams and their members; a team's kudos are what its workers earned
 * (kudos-service).
 */
@ApplicationScoped
public class Teams {

    private final UserAccounts users;
    private final TeamsClient teams;
    private final KudosLedger kudos;

    Teams(UserAccounts users, @RestClient TeamsClient teams, @RestClient KudosLedger kudos) {
        this.users = users;
        this.teams = teams;
        this.kudos = kudos;
    }

    public Uni<List<TeamView>> all() {
        return teams.all().onFailure().transform(InternalErrors.unreachable(JobService.NAME))
                .flatMap(all -> all.isEmpty() ? Uni.createFrom().item(List.<TeamView>of())
                        : Uni.join().all(all.stream().map(this::view).toList()).andFailFast());
    }

    /**
     * One team. The AI Horde answers a key sent here only to moderators (its privileged team details, which show
     * nothing more); a key that is not a moderator's is 403 {@code NotModerator}, an unknown key 401.
     */
    public Uni<TeamView> get(UUID id, String apikey) {
        Uni<Void> caller = apikey == null || apikey.isBlank() ? Uni.createFrom().voidItem()
                : users.authenticate(apikey).invoke(user -> {
                    if (!UserAccounts.moderates(user)) {
                        throw new HordeException(Rc.NotModerator, "You're not a mod. BTFO!");
                    }
                }).replaceWithVoid();
        return teams.get(id).onFailure().transform(InternalErrors.unreachable(JobService.NAME))
                .call(() -> caller).flatMap(this::view);
    }

    public Uni<TeamView.Modified> create(TeamView.Input input, String apikey) {
        TeamView.checkCreation(input);
        return users.authenticate(apikey).flatMap(user -> {
            if (user.anonymous()) {
                throw new HordeException(Rc.AnonForbidden, "Anonymous user is forbidden from performing this"
                        + " operation");
            }
            UserAccounts.requireNotDeleted(user);
            if (!user.trusted()) {
                throw new HordeException(Rc.UntrustedTeamCreation, "Only trusted users can create teams.");
            }
            requireDecent(input);
            return teams.create(new TeamInput(user.id(), user.alias(), UserAccounts.moderates(user),
                    input.name().strip(), input.info()))
                    .onFailure().transform(InternalErrors.unreachable(JobService.NAME))
                    .map(team -> new TeamView.Modified(team.id().toString(), team.name(), team.info()));
        });
    }

    /** The AI Horde answers with the fields that were changed. */
    public Uni<TeamView.Modified> change(UUID id, TeamView.Input input, String apikey) {
        return teams.get(id).onFailure().transform(InternalErrors.unreachable(JobService.NAME))
                .chain(() -> users.authenticate(apikey))
                .flatMap(user -> {
                    TeamView.checkChange(input);
                    requireDecent(input);
                    return teams.change(id, new TeamInput(user.id(), user.alias(), UserAccounts.moderates(user),
                                    input.name() == null ? null : input.name().strip(), input.info()))
                            .onFailure().transform(InternalErrors.unreachable(JobService.NAME))
                            .map(team -> new TeamView.Modified(null, input.name() == null ? null : team.name(),
                                    input.info() == null ? null : team.info()));
                });
    }

    public Uni<TeamView.Deleted> delete(UUID id, String apikey) {
        return teams.get(id).onFailure().transform(InternalErrors.unreachable(JobService.NAME))
                .chain(() -> users.authenticate(apikey))
                .flatMap(user -> teams.delete(id, user.id(), UserAccounts.moderates(user))
                        .onFailure().transform(InternalErrors.unreachable(JobService.NAME))
                        .map(team -> new TeamView.Deleted(team.id().toString(), team.name())));
    }

    /**
     * The AI Horde refuses a profane team name or info ({@code ProfaneTeamName} / {@code ProfaneTeamInfo}, 400), with
     * the horde's one dictionary check (decision 0037).
     */
    private static void requireDecent(TeamView.Input input) {
        if (ProfaneText.isProfane(input.name())) {
            throw new HordeException(Rc.ProfaneTeamName,
                    "As our API is public, we do not allow profanity in the team name, please try again.");
        }
        if (ProfaneText.isProfane(input.info())) {
            throw new HordeException(Rc.ProfaneTeamInfo,
                    "As our API is public, we do not allow profanity in the team info, please try again.");
        }
    }

    private Uni<TeamView> view(TeamDetails team) {
        if (team.workers().isEmpty()) {
            return Uni.createFrom().item(TeamView.of(team, 0));
        }
        return Uni.join().all(team.workers().stream().map(worker -> kudos.workerKudos(worker.id())
                        .onFailure().transform(InternalErrors.unreachable(KudosService.NAME))).toList())
                .andFailFast()
                .map(earned -> TeamView.of(team, earned.stream().mapToLong(w -> w.kudosRewards()).sum()));
    }
}
