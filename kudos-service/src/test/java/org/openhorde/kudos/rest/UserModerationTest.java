package org.openhorde.kudos.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Pins the AI Horde's user moderation against the real PostgreSQL: the operator/moderator/owner tiers and their rc
 * codes, kudos adjustments as audited ledger postings, flagged accounts moving no kudos, and soft deletion.
 */
@QuarkusTest
class UserModerationTest {

    private static final long OPERATOR = 1;

    private static long user(boolean moderator, long kudos) {
        Integer id = given().contentType(ContentType.JSON)
                .body("{\"username\":\"mod" + UUID.randomUUID().toString().substring(0, 8) + "\",\"kudos\":" + kudos
                        + ",\"moderator\":" + moderator + ",\"createdByUserId\":1}")
                .post("/internal/users")
                .then().statusCode(201).extract().path("id");
        return id;
    }

    private static io.restassured.response.ValidatableResponse modify(long target, long by, String fields) {
        return given().contentType(ContentType.JSON).body("{\"byUserId\":" + by + (fields.isEmpty() ? "" : ",")
                        + fields + "}")
                .put("/internal/users/" + target).then();
    }

    @Test
    void eachTierMayChangeOnlyItsOwnFields() {
        long plain = user(false, 0);
        long moderator = user(true, 0);
        long target = user(false, 0);

        modify(target, plain, "\"trusted\":true").statusCode(403).body("rc", equalTo("NotModerator"));
        modify(target, moderator, "\"kudos\":1000").statusCode(403).body("rc", equalTo("NotAdmin"));
        modify(target, moderator, "\"moderator\":true").statusCode(403).body("rc", equalTo("NotAdmin"));
        modify(target, plain, "\"publicWorkers\":true").statusCode(403).body("rc", equalTo("NotModerator"));
        modify(target, moderator, "").statusCode(400).body("rc", equalTo("NoUserModSelected"));
        modify(target, moderator, "\"concurrency\":501").statusCode(400).body("rc", equalTo("BadRequest"));

        modify(target, moderator, "\"trusted\":true,\"flagged\":true,\"workerInvited\":2,\"customizer\":true")
                .statusCode(200).body("changes.trusted", equalTo(true)).body("changes.flagged", equalTo(true))
                .body("changes.worker_invited", equalTo(2));
        modify(target, target, "\"publicWorkers\":true,\"contact\":\"target@example.com\"").statusCode(200)
                .body("changes.public_workers", equalTo(true));
        given().get("/internal/users/" + target).then().statusCode(200)
                .body("trusted", equalTo(true))
                .body("standing.flagged", equalTo(true))
                .body("standing.customizer", equalTo(true))
                .body("standing.workerInvited", equalTo(2))
                .body("standing.publicWorkers", equalTo(true))
                .body("standing.contact", equalTo("target@example.com"));
    }

    @Test
    void theOperatorsKudosAdjustmentIsAnAdminPostingOnTheLedger() {
        long target = user(false, 0);
        modify(target, OPERATOR, "\"kudos\":250").statusCode(200).body("changes.new_kudos", equalTo(250.0f));
        modify(target, OPERATOR, "\"kudos\":-50").statusCode(200).body("changes.new_kudos", equalTo(200.0f));
        given().get("/internal/users/" + target).then().statusCode(200)
                .body("kudos", equalTo(20000)).body("kudosDetails.admin", equalTo(20000));
        given().get("/internal/ledger/invariant").then().statusCode(200).body("holds", equalTo(true));
    }

    @Test
    void aModeratorMakesNoOneAModeratorButTheOperatorDoesAndTrustsThem() {
        long target = user(false, 0);
        modify(target, OPERATOR, "\"moderator\":true").statusCode(200).body("changes.moderator", equalTo(true));
        given().get("/internal/users/" + target).then().statusCode(200)
                .body("moderator", equalTo(true)).body("trusted", equalTo(true));
    }

    @Test
    void flaggedAccountsNeitherSendNorReceiveKudos() {
        long moderator = user(true, 0);
        long rich = user(false, 10_000);
        long other = user(false, 10_000);
        modify(rich, moderator, "\"flagged\":true").statusCode(200);
        transfer(rich, other).statusCode(400).body("rc", equalTo("SourceAccountFlagged"));
        transfer(other, rich).statusCode(400).body("rc", equalTo("TargetAccountFlagged"));
        modify(rich, moderator, "\"flagged\":false").statusCode(200);
        transfer(rich, other).statusCode(200);
    }

    @Test
    void deletionIsByTheUserOrAModeratorAndHidesTheUserFromTheList() {
        long plain = user(false, 0);
        long moderator = user(true, 0);
        long target = user(false, 100_000_000_000L);

        given().delete("/internal/users/" + target + "?by=0").then().statusCode(403)
                .body("rc", equalTo("AnonForbiddenUser"));
        given().delete("/internal/users/" + target + "?by=" + plain).then().statusCode(403)
                .body("rc", equalTo("NotUserOrMod"));
        given().delete("/internal/users/" + moderator + "?by=" + moderator).then().statusCode(403)
                .body("rc", equalTo("CannotDeleteMod"));
        modify(target, target, "\"undelete\":true").statusCode(400).body("rc", equalTo("UserNotDeleted"));

        List<Integer> before = given().get("/internal/users?sort=kudos&page=1").then().statusCode(200)
                .extract().path("id");
        org.junit.jupiter.api.Assertions.assertTrue(before.contains((int) target), "a rich user leads by kudos");
        given().delete("/internal/users/" + target + "?by=" + target).then().statusCode(204);
        given().get("/internal/users/" + target).then().statusCode(200).body("standing.deleted", equalTo(true));
        given().get("/internal/users?sort=kudos&page=1").then().statusCode(200)
                .body("id", not(hasItem((int) target)));
        modify(target, target, "\"undelete\":true").statusCode(200).body("changes.undeleted", equalTo(true));
    }

    private static io.restassured.response.ValidatableResponse transfer(long from, long to) {
        return given().contentType(ContentType.JSON)
                .body("{\"fromUserId\":" + from + ",\"target\":\"x#" + to + "\",\"amount\":100}")
                .post("/internal/kudos/transfers").then();
    }
}
