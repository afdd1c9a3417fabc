package dev.tributary.testkit;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ExtensionContext.Store;

/**
 * Starts one {@link InProcessKafka} cluster per test class and shuts it down after the class.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final KafkaClusterExtension KAFKA = KafkaClusterExtension.brokers(1);
 *
 * @Test
 * void ships() {
 *     KAFKA.kafka().createTopic("logs", 1);
 *     // ... point the SDK at KAFKA.bootstrapServers() ...
 * }
 * }</pre>
 *
 * <p>The field must be {@code static}: the cluster is started in {@code beforeAll}. {@code @Nested}
 * classes reuse their enclosing class's cluster.
 */
public final class KafkaClusterExtension implements BeforeAllCallback {

    private static final Namespace NAMESPACE = Namespace.create(KafkaClusterExtension.class);

    private final InProcessKafka.Builder builder;
    private volatile InProcessKafka kafka;

    private KafkaClusterExtension(InProcessKafka.Builder builder) {
        this.builder = builder;
    }

    /** A cluster with {@code brokers} brokers and default settings. */
    public static KafkaClusterExtension brokers(int brokers) {
        return new KafkaClusterExtension(InProcessKafka.builder().brokers(brokers));
    }

    /** A cluster configured by {@code builder}, e.g. with extra broker configs. */
    public static KafkaClusterExtension of(InProcessKafka.Builder builder) {
        return new KafkaClusterExtension(builder);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        Store store = context.getStore(NAMESPACE);
        // Store lookups fall back to the enclosing class's store, which is how @Nested classes share it.
        InProcessKafka existing = store.get(this, InProcessKafka.class);
        if (existing != null) {
            kafka = existing;
            return;
        }
        InProcessKafka created = builder.build();
        // Stored before start() so JUnit closes it when this class's context closes, even if start() fails
        // half-way; JUnit closes AutoCloseable store values right after the class's afterAll callbacks.
        store.put(this, created);
        created.start();
        kafka = created;
    }

    /** The running cluster of the current test class. */
    public InProcessKafka kafka() {
        InProcessKafka current = kafka;
        if (current == null) {
            throw new IllegalStateException("Cluster not started: register the extension on a static field");
        }
        return current;
    }

    /** Shortcut for {@code kafka().bootstrapServers()}. */
    public String bootstrapServers() {
        return kafka().bootstrapServers();
    }
}
