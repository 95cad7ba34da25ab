package org.openhorde.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads a horde topic of the IT environment from the beginning, as an outside observer (its own consumer group). */
final class EventTap implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final KafkaConsumer<String, String> consumer;
    private final List<JsonNode> seen = new ArrayList<>();

    EventTap(String topic) {
        this(RunningHorde.TOPIC_PREFIX, topic);
    }

    /** A topic of another environment (another topic prefix) on the shared broker. */
    EventTap(String topicPrefix, String topic) {
        this(RunningHorde.KAFKA, topicPrefix, topic);
    }

    /** A topic of a horde an IT runs on its own, on whichever broker that horde uses. */
    EventTap(HordeLauncher horde, String topic) {
        this(horde.kafka(), horde.topicPrefix(), topic);
    }

    private EventTap(String bootstrapServers, String topicPrefix, String topic) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "it-observer-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
        consumer.subscribe(List.of(topicPrefix + topic));
    }

    /** Polls until an event matching {@code wanted} arrived (or the timeout passed) and returns every match. */
    List<JsonNode> await(Predicate<JsonNode> wanted, int count, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(250))) {
                seen.add(JSON.readTree(record.value()));
            }
            List<JsonNode> matches = seen.stream().filter(wanted).toList();
            if (matches.size() >= count) {
                return matches;
            }
        }
        return seen.stream().filter(wanted).toList();
    }

    @Override
    public void close() {
        consumer.close();
    }
}
