package dev.tributary.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.ProducerMetrics;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.IntConsumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The proxy-outage scenario of the appenders' integration tests, as a JUnit extension: a
 * one-broker in-process Kafka for the test class, and a {@link ProxyFixture} in front of it
 * that answers 503 while the first events are logged, then recovers.
 *
 * <pre>{@code
 * @RegisterExtension static final ProxyOutage OUTAGE = new ProxyOutage(20_000, 5_000);
 * }</pre>
 */
public final class ProxyOutage implements BeforeAllCallback, AfterAllCallback {
  private final KafkaClusterExtension kafka = KafkaClusterExtension.brokers(1);
  private final int events;
  private final int duringOutage;
  private ProxyFixture proxy;

  /**
   * @param events how many events a test logs in all
   * @param duringOutage how many of them while the proxy refuses
   */
  public ProxyOutage(int events, int duringOutage) {
    this.events = events;
    this.duringOutage = duringOutage;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    kafka.beforeAll(context);
    proxy = ProxyFixture.start(kafka.bootstrapServers());
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (proxy != null) {
      proxy.close();
    }
  }

  public ProxyFixture proxy() {
    return proxy;
  }

  /** The Kafka behind the proxy, closed after the test class. */
  public InProcessKafka kafka() {
    return kafka.kafka();
  }

  /**
   * Logs the first events through {@code logOrder} while the proxy refuses, and checks it
   * refused and nothing got through; then logs the rest and waits up to
   * {@code deliverSeconds} until the producer counts every one sent, none dropped or failed,
   * and some retried.
   */
  public void logThroughOutage(ProducerMetrics metrics, IntConsumer logOrder,
      int deliverSeconds) {
    long t0 = System.nanoTime();
    proxy.unavailable(true);
    long before503 = proxy.answered503();
    for (int i = 0; i < duringOutage; i++) {
      logOrder.accept(i);
    }
    // A few refusals prove the outage; waiting for many would only grow the sender's backoff
    // (up to 10 s by default), which the appenders do not expose.
    await(() -> proxy.answered503() - before503 >= 5, 30);
    assertThat(proxy.answered503() - before503).as("503s answered").isGreaterThanOrEqualTo(5);
    assertThat(metrics.sent()).isZero();
    proxy.unavailable(false);
    long t1 = System.nanoTime();
    for (int i = duringOutage; i < events; i++) {
      logOrder.accept(i);
    }
    await(() -> metrics.sent() >= events, deliverSeconds);
    System.out.printf("outage phase %.1f s, delivery after it %.1f s%n", (t1 - t0) / 1e9,
        (System.nanoTime() - t1) / 1e9);
    assertThat(metrics.sent()).isEqualTo(events);
    assertThat(metrics.dropped() + metrics.failed()).isZero();
    assertThat(metrics.retried()).isPositive();
  }

  /**
   * Reads {@code topic} back and checks that every order logged as {@code order <i> placed}
   * arrived, and that the proxy saw no protocol violation.
   */
  public void assertEveryOrderArrived(String topic,
      Function<ConsumerRecord<byte[], byte[]>, Object> message) {
    assertThat(proxy.violations()).isEmpty();
    Set<Object> messages = new HashSet<>();
    kafka.kafka().consumeAll(topic, events, Duration.ofSeconds(60))
        .forEach(r -> messages.add(message.apply(r)));
    assertThat(messages).hasSize(events).contains("order 0 placed",
        "order " + (events - 1) + " placed");
  }

  private static void await(BooleanSupplier done, int seconds) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (!done.getAsBoolean() && System.nanoTime() < deadline) {
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
    }
  }
}
