package org.openhorde.gateway.rest;

import io.smallrye.mutiny.Uni;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.openhorde.contracts.HordeError;
import org.openhorde.contracts.HordeException;
import org.openhorde.contracts.Rc;

/**
 * The AI Horde's {@code model_state} filter of the per-model statistics ({@code /stats/img/models},
 * {@code /stats/text/models}): every model counts as known ({@code known}, the default, and {@code all});
 * {@code custom} is empty, as the horde keeps no reference list of models.
 */
final class ModelStates {

    private ModelStates() {
    }

    /** {@code {day, month, total: {model: count}}} for the state asked; 400 on any other state. */
    static Uni<Map<String, Map<String, Long>>> filter(String modelState,
                                                     Supplier<Uni<Map<String, Map<String, Long>>>> known) {
        String state = modelState == null || modelState.isBlank() ? "known" : modelState;
        if (!List.of("known", "custom", "all").contains(state)) {
            throw new HordeException(Rc.BadRequest.httpStatus(),
                    HordeError.validation(Map.of("model_state", "must be known, custom or all")));
        }
        if (state.equals("custom")) {
            Map<String, Map<String, Long>> empty = new LinkedHashMap<>();
            for (String period : List.of("day", "month", "total")) {
                empty.put(period, Map.of());
            }
            return Uni.createFrom().item(empty);
        }
        return known.get();
    }
}
