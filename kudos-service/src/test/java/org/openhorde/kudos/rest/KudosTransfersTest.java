package org.openhorde.kudos.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.openhorde.kudos.KudosTestUsers.balance;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.openhorde.kudos.KudosTestUsers;

/** Pins kudos transfers and awards: the AI Horde's rules and codes, idempotency, and no overdraft under concurrency. */
@QuarkusTest
class KudosTransfersTest {

    @TestHTTPResource("/internal/kudos/transfers")
    URI transfersUri;

    private static long createUser(long kudos) {
        return KudosTestUsers.createUser("xfer", kudos, false);
    }

    private static String transfer(long from, String target, long amount, String key) {
        return "{\"fromUserId\":" + from + ",\"target\":\"" + target + "\",\"amount\":" + amount
                + (key == null ? "" : ",\"idempotencyKey\":\"" + key + "\"") + "}";
    }

    @Test
    void transferMovesKudosAndRecordsGiftedAndReceived() {
        long alice = createUser(10_000);
        long bob = createUser(0);
        given().contentType(ContentType.JSON).body(transfer(alice, "bob#" + bob, 2_500, null))
                .post("/internal/kudos/transfers").then().statusCode(200).body("amount", equalTo(2500));
        assertEquals(7_500, balance(alice));
        assertEquals(2_500, balance(bob));
        given().get("/internal/users/" + alice).then().body("kudosDetails.gifted", equalTo(-2500));
        given().get("/internal/users/" + bob).then().body("kudosDetails.received", equalTo(2500));
        given().get("/internal/ledger/invariant").then().body("holds", equalTo(true));
    }

    @Test
    void transferRulesAnswerWithTheAiHordeCodes() {
        long alice = createUser(1_000);
        long bob = createUser(1_000);
        expect(transfer(alice, "bob#" + bob, 1_100, null), "KudosTransferNotEnough");
        expect(transfer(alice, "bob#" + bob, -100, null), "NegativeKudosTransfer");
        expect(transfer(alice, "bob#" + bob, 0, null), "InvalidKudosTransferAmount");
        expect(transfer(alice, "me#" + alice, 100, null), "KudosTransferToSelf");
        expect(transfer(alice, "Anonymous#0", 100, null), "KudosTransferToAnon");
        expect(transfer(0, "bob#" + bob, 100, null), "KudosTransferFromAnon");
        expect(transfer(alice, "nobody", 100, null), "InvalidTargetUsername");
        expect(transfer(alice, "ghost#987654321", 100, null), "InvalidTargetUsername");
        assertEquals(1_000, balance(alice), "no failed transfer moved anything");

        given().contentType(ContentType.JSON).body(transfer(alice, "bob#" + bob, 100, null))
                .post("/internal/kudos/transfers").then().statusCode(200);
        expect(transfer(bob, "alice#" + alice, 100, null), "TooFastKudosTransfers");
    }

    @Test
    void sameIdempotencyKeyMovesKudosOnceAndADifferentReuseIsRefused() {
        long alice = createUser(5_000);
        long bob = createUser(0);
        String key = UUID.randomUUID().toString();
        for (int i = 0; i < 3; i++) {
            given().contentType(ContentType.JSON).body(transfer(alice, "bob#" + bob, 1_000, key))
                    .post("/internal/kudos/transfers").then().statusCode(200).body("amount", equalTo(1000));
        }
        assertEquals(4_000, balance(alice));
        assertEquals(1_000, balance(bob));
        expect(transfer(alice, "bob#" + bob, 2_000, key), "IdempotencyKeyConflict");
    }

    @Test
    void fiftyParallelTransfersDrainingOneAccountNeverOverdrawIt() {
        long source = createUser(1_000);
        List<Long> targets = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            targets.add(createUser(0));
        }
        HttpClient http = HttpClient.newHttpClient();
        List<CompletableFuture<HttpResponse<String>>> inFlight = new ArrayList<>();
        for (long target : targets) {
            inFlight.add(http.sendAsync(HttpRequest.newBuilder(transfersUri)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(transfer(source, "t#" + target, 100, null))).build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        long succeeded = 0;
        long refused = 0;
        for (CompletableFuture<HttpResponse<String>> response : inFlight) {
            HttpResponse<String> answer = response.join();
            if (answer.statusCode() == 200) {
                succeeded++;
            } else if (answer.statusCode() == 400 && answer.body().contains("KudosTransferNotEnough")) {
                refused++;
            }
        }
        assertEquals(10, succeeded, "10 kudos buy exactly ten 1-kudo transfers");
        assertEquals(40, refused);
        assertEquals(0, balance(source));
        assertEquals(1_000, targets.stream().mapToLong(KudosTestUsers::balance).sum());
        given().get("/internal/ledger/invariant").then().body("holds", equalTo(true));
    }

    @Test
    void onlyAdminsAwardAndAnAwardIsPaidOnce() {
        long bob = createUser(0);
        long notAdmin = createUser(100);
        String award = "{\"byUserId\":1,\"target\":\"bob#" + bob + "\",\"amount\":500,\"reason\":\"ratings\","
                + "\"idempotencyKey\":\"award-" + bob + "\"}";
        given().contentType(ContentType.JSON).body(award).post("/internal/kudos/awards").then().statusCode(200);
        given().contentType(ContentType.JSON).body(award).post("/internal/kudos/awards").then().statusCode(200);
        assertEquals(500, balance(bob));
        given().get("/internal/users/" + bob).then().body("kudosDetails.awarded", equalTo(500));

        given().contentType(ContentType.JSON)
                .body("{\"byUserId\":" + notAdmin + ",\"target\":\"bob#" + bob + "\",\"amount\":500,"
                        + "\"idempotencyKey\":\"x\"}")
                .post("/internal/kudos/awards").then().statusCode(403).body("rc", equalTo("NotAllowedAwards"));
        given().contentType(ContentType.JSON)
                .body("{\"byUserId\":1,\"target\":\"Anonymous#0\",\"amount\":5,\"idempotencyKey\":\"y\"}")
                .post("/internal/kudos/awards").then().statusCode(400).body("rc", equalTo("KudosAwardToAnon"));
    }

    private static void expect(String body, String rc) {
        given().contentType(ContentType.JSON).body(body).post("/internal/kudos/transfers")
                .then().statusCode(400).body("rc", equalTo(rc));
    }
}
