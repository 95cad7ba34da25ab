package org.openhorde.gateway.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.openhorde.contracts.Topics;
import org.openhorde.contracts.events.UserChanged;
import org.openhorde.gateway.config.KeyCacheConfig;
import org.openhorde.gateway.service.VerifiedKeys;

/**
 * Follows {@code horde.users.changed} and drops changed users from {@link VerifiedKeys}. Every gateway replica must
 * see every change, so this is not a consumer group member: it {@code assign}s itself all partitions and starts at
 * their end (its cache starts empty, so nothing older matters), commits nothing and never rebalances. The cache
 * serves only once the listener holds its positions, and stops serving (and empties) if the listener dies.
 */
@ApplicationScoped
public class UserChangesListener {

    private static final Logger LOG = Logger.getLogger(UserChangesListener.class);
    private static final Duration POLL = Duration.ofMillis(500);

    private final VerifiedKeys keys;
    private final ObjectMapper json;
    private final KeyCacheConfig config;
    private final String bootstrapServers;
    private final String topic;
    private final MeterRegistry metrics;
    private volatile KafkaConsumer<String, String> consumer;
    private volatile boolean stopping;
    private Thread thread;

    UserChangesListener(VerifiedKeys keys, ObjectMapper json, KeyCacheConfig config, MeterRegistry metrics,
                        @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
                        @ConfigProperty(name = "horde.topic-prefix") Optional<String> topicPrefix) {
        this.keys = keys;
        this.metrics = metrics;
        this.json = json;
        this.config = config;
        this.bootstrapServers = bootstrapServers;
        // Optional, not defaultValue = "": an empty value (the default, unprefixed horde) counts as missing, and an
        // empty default is no default, so a String would fail the gateway's start.
        this.topic = topicPrefix.orElse("") + Topics.USERS_CHANGED;
    }

    /** The topic followed: {@code horde.topic-prefix} + {@code horde.users.changed}. */
    String topic() {
        return topic;
    }

    void onStart(@Observes StartupEvent ignored) {
        if (!config.enabled()) {
            return;
        }
        thread = new Thread(this::run, "user-changes-listener");
        thread.setDaemon(true);
        thread.start();
    }

    void onStop(@Observes ShutdownEvent ignored) {
        stopping = true;
        KafkaConsumer<String, String> current = consumer;
        if (current != null) {
            current.wakeup();
        }
    }

    private void run() {
        while (!stopping) {
            try (KafkaConsumer<String, String> kafka = new KafkaConsumer<>(properties())) {
                consumer = kafka;
                follow(kafka);
            } catch (WakeupException stop) {
                // shutting down
            } catch (RuntimeException e) {
                LOG.warnf("user-change listener failed, the key cache is bypassed until it recovers: %s", e.toString());
            } finally {
                keys.listening(false);
            }
            pause();
        }
    }

    private void follow(KafkaConsumer<String, String> kafka) {
        List<TopicPartition> partitions = partitionsOf(kafka);
        kafka.assign(partitions);
        kafka.seekToEnd(partitions);
        // position() resolves the end offsets now: every change committed after this point will be seen.
        partitions.forEach(kafka::position);
        keys.listening(true);
        LOG.infof("following %s (%d partitions): the key cache serves", topic, partitions.size());
        while (!stopping) {
            for (ConsumerRecord<String, String> record : kafka.poll(POLL)) {
                apply(record);
            }
        }
    }

    private List<TopicPartition> partitionsOf(KafkaConsumer<String, String> kafka) {
        while (!stopping) {
            List<TopicPartition> partitions = kafka.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            if (!partitions.isEmpty()) {
                return partitions;
            }
            LOG.warnf("topic %s not found yet; the key cache stays bypassed", topic);
            pause();
        }
        throw new WakeupException();
    }

    private void apply(ConsumerRecord<String, String> record) {
        try {
            UserChanged change = json.readValue(record.value(), UserChanged.class);
            keys.forget(change.userId());
            metrics.counter("horde.gateway.user.changes", "change", String.valueOf(change.change())).increment();
            LOG.debugf("user %d changed (%s): evicted", change.userId(), change.change());
        } catch (Exception unreadable) {
            // Whoever it was about, it may have been a change: forget everyone rather than keep a stale entry.
            LOG.warnf("unreadable user change at %s@%d, the whole key cache is dropped: %s", record.topic(),
                    record.offset(), unreadable.toString());
            keys.listening(false);
            keys.listening(true);
        }
    }

    private Properties properties() {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        properties.put(ConsumerConfig.CLIENT_ID_CONFIG, "api-gateway-user-changes");
        return properties;
    }

    private void pause() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopping = true;
        }
    }
}
