package org.openhorde.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The kudos ledger audit as the ITs check it: kudos-service's {@code /internal/ledger/invariant}, read once the
 * ledger has settled down, must hold (Σ balances = 0, every event balanced, no drifted account) with no job settled
 * twice.
 */
final class LedgerAuditor {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private LedgerAuditor() {
    }

    /**
     * Polls the audit of the kudos-service at {@code kudosServiceUrl} until {@code quiet} accepts it (e.g. every ledger
     * event published); fails with the last audit seen if it does not within 90 s.
     */
    static JsonNode awaitAudit(String kudosServiceUrl, Predicate<JsonNode> quiet) {
        long end = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        JsonNode audit = null;
        while (System.nanoTime() < end) {
            JsonNode answer = read(kudosServiceUrl + "/internal/ledger/invariant");
            if (answer != null) {
                audit = answer;
                if (quiet.test(audit)) {
                    return audit;
                }
            }
            try {
                TimeUnit.MILLISECONDS.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("the ledger did not settle down: " + audit);
    }

    /** The invariant holds and no job was settled twice. */
    static void assertHolds(JsonNode audit) {
        assertTrue(audit.path("holds").asBoolean(), "ledger invariant: " + audit);
        assertEquals(0, audit.path("duplicateSettlements").asLong(), "duplicate settlements: " + audit);
    }

    /** The audit once every ledger event left the outbox, asserted to hold. */
    static JsonNode assertSettledLedgerHolds(String kudosServiceUrl) {
        JsonNode audit = awaitAudit(kudosServiceUrl, a -> a.path("unpublishedEvents").asLong() == 0);
        assertHolds(audit);
        return audit;
    }

    /** The audit's JSON, or null while kudos-service does not answer 200 (it may be restarting). */
    private static JsonNode read(String url) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofSeconds(20)).GET().build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? JSON.readTree(response.body()) : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
