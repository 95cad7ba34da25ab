package org.openhorde.gateway.domain;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import org.openhorde.contracts.internal.WorkerMessage;

/**
 * A worker message on the wire (the AI Horde's {@code ResponseModelMessage}; a pop shows the same without
 * {@code worker_id} and {@code user_id}). {@code expiry} is an RFC 822 date, as flask-restx writes it.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record WorkerMessageView(String id, String message, String origin, String expiry, String workerId,
                                String userId) {

    private static final DateTimeFormatter RFC_822 =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss '-0000'", Locale.US).withZone(ZoneOffset.UTC);

    public static WorkerMessageView of(WorkerMessage message) {
        return new WorkerMessageView(message.id().toString(), message.message(), message.origin(),
                RFC_822.format(message.expiry()), message.workerId() == null ? null : message.workerId().toString(),
                Long.toString(message.userId()));
    }

    /** As a pop shows it: the message, its origin and expiry. */
    public static WorkerMessageView inPop(WorkerMessage message) {
        return new WorkerMessageView(message.id().toString(), message.message(), message.origin(),
                RFC_822.format(message.expiry()), null, null);
    }

    public static List<Object> inPop(List<WorkerMessage> messages) {
        return messages == null ? List.of() : messages.stream().map(m -> (Object) inPop(m)).toList();
    }
}
