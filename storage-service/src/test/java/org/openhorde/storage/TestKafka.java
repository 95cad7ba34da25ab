package org.openhorde.storage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.openhorde.contracts.events.HordeEvent;

/** The test environment's topics (its {@code horde.topic-prefix}) on the real broker: publish events, read a topic whole. */
public final class TestKafka implements AutoCloseable {

    private static final String BOOTSTRAP = "127.0.0.1:9092";

    private final ObjectMapper json;
    private final String prefix;
    private final KafkaProducer<String, String> producer;

    public TestKafka(ObjectMapper json, String topicPrefix) {
        this.json = json;
        this.prefix = topicPrefix;
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        this.producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
    }

    public void publish(String topic, HordeEvent event) throws Exception {
        producer.send(new ProducerRecord<>(prefix + topic, event.aggregateKey(), json.writeValueAsString(event))).get();
    }

    /** Every event on the topic so far, read from the beginning up to the current end. */
    public List<JsonNode> readAll(String topic) throws Exception {
        Properties props = new Properties();
        props.put("bootstrap.servers", BOOTSTRAP);
        List<JsonNode> events = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer =
                     new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(prefix + topic).stream()
                    .map(info -> new TopicPartition(prefix + topic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(partition -> consumer.position(partition) < end.get(partition))) {
                for (var record : consumer.poll(Duration.ofMillis(500))) {
                    events.add(json.readTree(record.value()));
                }
            }
        }
        return events;
    }

    @Override
    public void close() {
        producer.close();
    }
}
