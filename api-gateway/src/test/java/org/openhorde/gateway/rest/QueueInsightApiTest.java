package org.openhorde.gateway.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openhorde.contracts.events.ImageRequestSpec;
import org.openhorde.contracts.events.JobSubmitted;
import org.openhorde.contracts.events.Requester;
import org.openhorde.gateway.domain.GenerationInput;
import org.openhorde.gateway.domain.GenerationInputRules;
import org.openhorde.gateway.domain.ModelGenerationInput;
import org.openhorde.gateway.repository.RequestReadModel;

/**
 * With job-service unreachable (as in every test of this module), check and status still answer from the read model
 * with the neutral estimate, the horde figures are a 503 rather than a 500, and the modes are readable.
 */
@QuarkusTest
class QueueInsightApiTest {

    @Inject
    RequestReadModel readModel;

    @Test
    void checkAndStatusFallBackToTheReadModelWhenJobServiceIsDown() {
        UUID requestId = UUID.randomUUID();
        ImageRequestSpec spec = GenerationInputRules.toSpec(new GenerationInput("a queue that cannot be seen",
                new ModelGenerationInput(null, null, null, null, null, null, null, 1, null, null, null, null, null,
                        null, null, null, null, null, null, null, null, null),
                List.of("stable_diffusion"), null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null), requestId);
        readModel.submitted(JobSubmitted.of(requestId, new Requester(43, "insight#43", false, false, 0), spec,
                List.of(UUID.randomUUID()), 650, 300, false, "insight-test:1:me"))
                .await().atMost(Duration.ofSeconds(10));

        for (String view : List.of("check", "status")) {
            given().get("/api/v2/generate/" + view + "/" + requestId)
                    .then().statusCode(200)
                    .body("waiting", equalTo(1))
                    .body("queue_position", equalTo(0))
                    .body("wait_time", equalTo(0))
                    .body("is_possible", equalTo(true));
        }
    }

    @Test
    void hordeFiguresAreServiceUnavailableWithoutJobService() {
        for (String path : List.of("/api/v2/status/performance", "/api/v2/status/models",
                "/api/v2/status/models/stable_diffusion", "/api/v2/stats/img/totals", "/api/v2/stats/img/models")) {
            given().get(path).then().statusCode(503).body("rc", equalTo("ServiceUnavailable"));
        }
    }

    @Test
    void statusModelsValidatesItsQuery() {
        given().get("/api/v2/status/models?model_state=odd").then().statusCode(400).body("rc", equalTo("BadRequest"));
        given().get("/api/v2/status/models?type=text").then().statusCode(200).body("size()", equalTo(0));
        // A count that is no number is bad input naming the field (JAX-RS' own conversion answered 404).
        given().get("/api/v2/status/models?type=text&min_count=many").then().statusCode(400)
                .body("rc", equalTo("BadRequest")).body("errors.min_count", equalTo("must be a whole number"));
        given().get("/api/v2/status/models?type=text&max_count=1.5").then().statusCode(400)
                .body("errors.max_count", equalTo("must be a whole number"));
        given().get("/api/v2/status/models?type=text&min_count=0&max_count=3").then().statusCode(200);
        given().get("/api/v2/stats/img/models?model_state=custom").then().statusCode(200)
                .body("total.size()", equalTo(0));
    }

    @Test
    void modesAreReadableByAnyoneButRaidModeOnlyByModerators() {
        given().get("/api/v2/status/modes").then().statusCode(200)
                .body("maintenance_mode", equalTo(false))
                .body("invite_only_mode", equalTo(false))
                .body("$", not(hasKey("raid_mode")));
    }
}
