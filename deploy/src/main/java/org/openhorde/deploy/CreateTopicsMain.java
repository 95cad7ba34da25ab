package org.openhorde.deploy;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.TopicExistsException;
import org.openhorde.contracts.Topics;

/**
 * Creates every horde topic (with the environment's prefix) that does not exist yet, so services never depend on
 * broker-side auto-creation and its single partition.
 *
 * <p>Usage: {@code CreateTopicsMain <bootstrap-servers> <topic-prefix>[,<topic-prefix>...] <partitions>}: several
 * prefixes (topic names never contain a comma) in one JVM, as {@code ./horde test} creates its modules' topics.
 */
public final class CreateTopicsMain {

    private CreateTopicsMain() {
    }

    public static void main(String[] args) throws Exception {
        String bootstrap = args[0];
        List<String> prefixes = List.of((args.length > 1 ? args[1] : "").split(",", -1));
        int partitions = args.length > 2 ? Integer.parseInt(args[2]) : 4;
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 15_000);
        try (Admin admin = Admin.create(props)) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = new ArrayList<>();
            Map<String, Integer> createdByPrefix = new LinkedHashMap<>();
            for (String prefix : prefixes) {
                createdByPrefix.putIfAbsent(prefix, 0);
                for (String topic : allTopics()) {
                    String name = prefix + topic;
                    if (!existing.contains(name)) {
                        missing.add(new NewTopic(name, partitions, (short) 1)
                                .configs(Map.of("min.insync.replicas", "1")));
                        createdByPrefix.merge(prefix, 1, Integer::sum);
                    }
                }
            }
            // One request for all of them (the controller creates them together), each checked on its own: a topic
            // someone else created in the meantime is as good as ours.
            if (!missing.isEmpty()) {
                for (KafkaFuture<Void> creation : admin.createTopics(missing).values().values()) {
                    try {
                        creation.get(30, TimeUnit.SECONDS);
                    } catch (ExecutionException e) {
                        if (!(e.getCause() instanceof TopicExistsException)) {
                            throw e;
                        }
                    }
                }
            }
            int topics = allTopics().size();
            createdByPrefix.forEach((prefix, created) -> System.out.println("topics ready: " + created + " created, "
                    + (topics - created) + " already there (prefix '" + prefix + "')"));
        }
    }

    /** Every public constant of {@link Topics}: a new topic there is created here without further changes. */
    static List<String> allTopics() throws IllegalAccessException {
        List<String> topics = new ArrayList<>();
        for (Field field : Topics.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
                topics.add((String) field.get(null));
            }
        }
        return topics;
    }
}
