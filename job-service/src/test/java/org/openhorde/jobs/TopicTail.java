package org.openhorde.jobs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads a topic from its current end: only records published after the tail was opened are seen, so a test finds
 * its own events without reading the topic's history.
 */
public final class TopicTail implements AutoCloseable {

    private final KafkaConsumer<String, String> consumer;
    private final ObjectMapper json;
    private final List<ConsumerRecord<String, String>> seen = new ArrayList<>();

    TopicTail(String bootstrap, String topic, ObjectMapper json) {
        this.json = json;
        ensureTopic(bootstrap, topic);
        consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
                new StringDeserializer(), new StringDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(info -> new TopicPartition(topic, info.partition()))
                .toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
    }

    /** Waits (30 s at most) for a record of this type that satisfies the predicate, and returns it. */
    public <T> T await(Class<T> type, Predicate<T> wanted) {
        return await(type, wanted, () -> {
        });
    }

    /** As {@link #await(Class, Predicate)}, running {@code betweenPolls} before every poll (e.g. a worker's check-in). */
    public <T> T await(Class<T> type, Predicate<T> wanted, Runnable betweenPolls) {
        List<T> found = new ArrayList<>();
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
            betweenPolls.run();
            consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
            seen.stream().map(record -> read(record.value(), type)).filter(wanted).findFirst().ifPresent(found::add);
            return !found.isEmpty();
        });
        return found.get(0);
    }

    /**
     * Waits (30 s at most) until {@code count} records with this key were seen, and returns the values of all of them
     * (duplicates included) in the order they were read: one key is one partition, so that is the order they were
     * published in.
     */
    public List<String> awaitValuesWithKey(String key, int count) {
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
            consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
            return valuesWithKey(key).size() >= count;
        });
        return valuesWithKey(key);
    }

    /** Reads for {@code duration}, then returns the values of the records with this key seen so far, in order. */
    public List<String> valuesWithKeyAfter(String key, Duration duration) {
        long until = System.nanoTime() + duration.toNanos();
        while (System.nanoTime() < until) {
            consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
        }
        return valuesWithKey(key);
    }

    private List<String> valuesWithKey(String key) {
        return seen.stream().filter(record -> key.equals(record.key())).map(ConsumerRecord::value).toList();
    }

    private <T> T read(String value, Class<T> type) {
        try {
            return json.readValue(value, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("not a " + type.getSimpleName() + ": " + value, e);
        }
    }

    private static void ensureTopic(String bootstrap, String topic) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic(topic, Optional.empty(), Optional.empty()))).all().get();
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException(e);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        consumer.close();
    }
}
