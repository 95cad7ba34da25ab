package org.openhorde.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.restassured.path.json.JsonPath;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Queue order over the running services, through the public API: priority is the requester's kudos at submit plus
 * aging, ties go by age, the anonymous user comes last at equal age — a generous user overtakes a long anonymous
 * queue, and a poor user's old request overtakes a richer user's newer one (nobody starves). Each test has its own
 * model, so only its own requests match its worker.
 */
class QueueOrderIT {

    private static HordeApi api;

    @BeforeAll
    static void startHorde() {
        api = new HordeApi(RunningHorde.get());
    }

    private static String nextPrompt(String ownerKey, String worker, String model) {
        JsonPath pop = api.pop(ownerKey, worker, List.of(model), 1);
        return HordeApi.promptOf(pop);
    }

    @Test
    void aGenerousUserOvertakesALongAnonymousQueueWhichIsThenServedInOrderOfAge() {
        String model = HordeApi.unique("order-model-");
        List<String> anonymousPrompts = new ArrayList<>();
        List<String> anonymousIds = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            String prompt = HordeApi.unique("anonymous " + i + " ");
            anonymousPrompts.add(prompt);
            anonymousIds.add(api.request(HordeApi.ANONYMOUS_KEY, model, 1, prompt));
        }
        String generousPrompt = HordeApi.unique("generous ");
        String generousId = api.request(api.userWithKudos(100_000), model, 1, generousPrompt);
        anonymousIds.forEach(api::awaitQueued);
        api.awaitQueued(generousId);

        String owner = api.register();
        String worker = HordeApi.unique("order-worker-");
        assertEquals(generousPrompt, nextPrompt(owner, worker, model), "the generous user is served first");
        for (String expected : anonymousPrompts) {
            assertEquals(expected, nextPrompt(owner, worker, model), "the anonymous queue goes by age");
        }
        assertNull(api.pop(owner, worker, List.of(model), 1).getString("id"), "every request was handed out once");
    }

    @Test
    void equalKudosGoByAge() {
        String model = HordeApi.unique("order-model-");
        String olderPrompt = HordeApi.unique("older ");
        String newerPrompt = HordeApi.unique("newer ");
        String older = api.request(api.userWithKudos(500), model, 1, olderPrompt);
        api.awaitQueued(older);
        String newer = api.request(api.userWithKudos(500), model, 1, newerPrompt);
        api.awaitQueued(newer);

        String owner = api.register();
        String worker = HordeApi.unique("order-worker-");
        assertEquals(olderPrompt, nextPrompt(owner, worker, model));
        assertEquals(newerPrompt, nextPrompt(owner, worker, model));
    }

    @Test
    void agingLetsAnOldPoorRequestOvertakeANewerRicherOne() throws InterruptedException {
        String model = HordeApi.unique("order-model-");
        // A self-registered user has 0 kudos; aging adds 5 kudos a second (the AI Horde's 50 per 10 s).
        String poorPrompt = HordeApi.unique("poor ");
        String poor = api.request(api.register(), model, 1, poorPrompt);
        api.awaitQueued(poor);
        // Waiting is the behaviour under test (the aging), not an assertion on time: after 8 s the poor request is
        // worth 40 kudos, more than the 20 of the newer request.
        Thread.sleep(8_000);
        String richerPrompt = HordeApi.unique("richer ");
        String richer = api.request(api.userWithKudos(20), model, 1, richerPrompt);
        api.awaitQueued(richer);
        // ...but not more than a generous newcomer's: aging is gradual.
        String generousPrompt = HordeApi.unique("generous ");
        String generous = api.request(api.userWithKudos(100_000), model, 1, generousPrompt);
        api.awaitQueued(generous);

        String owner = api.register();
        String worker = HordeApi.unique("order-worker-");
        assertEquals(generousPrompt, nextPrompt(owner, worker, model));
        assertEquals(poorPrompt, nextPrompt(owner, worker, model), "the old request has aged past the richer one");
        assertEquals(richerPrompt, nextPrompt(owner, worker, model));
    }
}
