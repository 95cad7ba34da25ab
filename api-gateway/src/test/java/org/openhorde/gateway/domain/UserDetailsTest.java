package org.openhorde.gateway.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openhorde.contracts.internal.UserAccount;
import org.openhorde.contracts.internal.UserRecords;
import org.openhorde.contracts.internal.UserStanding;
import org.openhorde.contracts.internal.WorkerSummary;

/** Pins the AI Horde's user shape: key order, kudos as floats, megapixelsteps, and what only the owner sees. */
class UserDetailsTest {

    private final ObjectMapper json = new ObjectMapper();
    private final Instant created = Instant.parse("2026-01-01T00:00:00Z");
    private final UserAccount account = new UserAccount(12, "alice", false, true, true, false, false, 99_050, 30,
            Map.of("accumulated", -950L, "admin", 100_000L), new UserRecords(5_242_880, 0, 2, 0), created);
    private final UUID workerId = UUID.randomUUID();
    private final List<WorkerSummary> workers = List.of(new WorkerSummary(workerId, "w", 12, true));

    private static List<String> keys(JsonNode node) {
        List<String> keys = new ArrayList<>();
        node.fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    @Test
    void theOwnerSeesFindUsersShape() {
        JsonNode user = json.valueToTree(UserDetails.of(account, workers, UserDetails.Privilege.OWN, created.plusSeconds(37)));
        assertEquals(List.of("username", "id", "kudos", "concurrency", "worker_invited", "moderator", "kudos_details",
                "worker_count", "worker_ids", "styles", "sharedkey_ids", "trusted", "flagged", "vpn", "service",
                "education", "customizer", "special", "active_generations", "deleted", "pseudonymous", "account_age", "usage",
                "contributions", "records"), keys(user));
        assertEquals("alice#12", user.get("username").asText());
        assertEquals(990.5, user.get("kudos").doubleValue());
        assertTrue(user.get("kudos").isDouble());
        assertEquals(UserDetails.KUDOS_DETAILS, keys(user.get("kudos_details")));
        assertEquals(-9.5, user.get("kudos_details").get("accumulated").doubleValue());
        assertEquals(1000.0, user.get("kudos_details").get("admin").doubleValue());
        assertEquals(0.0, user.get("kudos_details").get("styled").doubleValue());
        assertEquals(1, user.get("worker_count").asInt());
        assertEquals(workerId.toString(), user.get("worker_ids").get(0).asText());
        assertEquals(37, user.get("account_age").asLong());
        assertTrue(user.get("usage").get("megapixelsteps").isNull());
        assertEquals(5.24, user.get("records").get("usage").get("megapixelsteps").doubleValue());
        assertEquals(2, user.get("records").get("request").get("image").asLong());
        assertEquals(0, user.get("records").get("style").get("image").asLong());
        assertTrue(user.get("pseudonymous").asBoolean());
        assertTrue(user.get("trusted").asBoolean());
    }

    @Test
    void everyoneElseSeesThePublicShape() {
        JsonNode user = json.valueToTree(UserDetails.of(account, workers, UserDetails.Privilege.PUBLIC, created));
        assertFalse(user.has("worker_ids"));
        assertFalse(user.has("sharedkey_ids"));
        assertFalse(user.has("vpn"));
        assertFalse(user.has("special"));
        assertEquals(1, user.get("worker_count").asInt());
        assertFalse(user.has("evaluating_kudos"));
    }

    @Test
    void aUserWhoPublishesTheirWorkersShowsTheirIdsToEveryone() {
        UserAccount publishing = withStanding(new UserStanding(false, false, false, false, false, false, false, true,
                0, 1.0, null));
        JsonNode user = json.valueToTree(UserDetails.of(publishing, workers, UserDetails.Privilege.PUBLIC, created));
        assertEquals(workerId.toString(), user.get("worker_ids").get(0).asText());
        assertFalse(user.has("contact"));
    }

    @Test
    void aModeratorSeesThePrivilegedFields() {
        UserAccount flagged = withStanding(new UserStanding(true, false, true, false, false, false, false, false, 2,
                1.0, "alice@example.com"));
        JsonNode user = json.valueToTree(UserDetails.of(flagged, workers, UserDetails.Privilege.MODERATOR, created));
        assertEquals(12.5, user.get("evaluating_kudos").doubleValue());
        assertEquals(0, user.get("monthly_kudos").get("amount").asLong());
        assertTrue(user.get("monthly_kudos").has("last_received"));
        assertEquals(0, user.get("suspicious").asInt());
        assertEquals("alice@example.com", user.get("contact").asText());
        assertTrue(user.get("flagged").asBoolean());
        assertTrue(user.get("vpn").asBoolean());
        assertEquals(2, user.get("worker_invited").asInt());
        assertEquals(workerId.toString(), user.get("worker_ids").get(0).asText());
    }

    private UserAccount withStanding(UserStanding standing) {
        return new UserAccount(account.id(), account.username(), false, true, true, false, false, account.kudos(),
                30, account.kudosDetails(), account.records(), created, 1_250, standing);
    }
}
