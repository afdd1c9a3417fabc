package dev.tributary.benchmarks;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import dev.tributary.logback.JsonEncoder;

/**
 * The least any shipper that encodes must do: {@link KafkaClientsLoop}'s send loop with the same
 * {@link LogShipper#PEER_SETTINGS}, but each call builds the Logback event a logger call builds
 * on the logging thread (as Logback's {@code Logger.info(String, Object, Object)} does: the
 * current time, {@link LogShipper#MESSAGE} and the arguments {@link LogbackShipper} logs, the
 * message formatted when encoded) and encodes it with Tributary's
 * {@link JsonEncoder}, then sends the bytes, with no headers and no callback. The bytes are sent,
 * so the JIT cannot drop the work. A full {@code buffer.memory} blocks the caller (up to
 * {@code max.block.ms}, a minute), so nothing is lost while Kafka is up. Thread-safe once built
 * (the encoder encodes into a buffer of each thread's own).
 */
final class KafkaClientsEncodeLoop extends KafkaClientsLoop {
  /** The caller boundary Logback's own {@code Logger} passes for its events. */
  private static final String FQCN = Logger.class.getName();

  private final Logger logger;
  private final JsonEncoder encoder;

  KafkaClientsEncodeLoop(String bootstrap, String topic) {
    super(bootstrap, topic);
    LoggerContext ctx = LogbackShipper.context();
    this.logger = ctx.getLogger(LOGGER);
    this.encoder = LogbackShipper.encoder(ctx);
  }

  @Override
  void log() {
    LoggingEvent e = new LoggingEvent(FQCN, logger, Level.INFO, MESSAGE, null,
        new Object[] {"SKU-48213", 2});
    send(encoder.encode(e));
  }
}
