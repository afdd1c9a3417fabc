package dev.tributary.internal.kafka;

import dev.tributary.RecordMetadata;
import dev.tributary.TributaryConfigException;
import dev.tributary.TributaryException;
import dev.tributary.TributaryRecord;
import dev.tributary.spi.Batch;
import dev.tributary.spi.BatchCallback;
import dev.tributary.spi.Diagnostics;
import dev.tributary.spi.Transport;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.slf4j.LoggerFactory;
import org.slf4j.helpers.SubstituteLoggerFactory;

/**
 * Hands records to a {@code KafkaProducer<byte[], byte[]>} and reports each callback.
 *
 * <p>One attempt is one {@code KafkaProducer.send}; kafka-clients' protocol-level resends
 * inside that attempt keep idempotence and per-partition order, bounded by the record's
 * delivery timeout. {@link KafkaFailures} classifies errors: authorization fatal, TLS
 * handshake and authentication retriable, the rest by Kafka's {@code RetriableException}
 * split; each explained in words for the status line. A producer refused by the brokers
 * before its first acknowledgement is replaced at the next attempt (see {@code Client#stuck}),
 * so credentials or certificates fixed on the brokers' side are picked up without a restart.
 *
 * <p>The {@code KafkaProducer} is created at once, so a key store that does not open fails the
 * start, except while SLF4J is still initialising: that is Logback reading its configuration
 * (and starting this appender) on behalf of the application's first {@code getLogger}. A
 * client created then gets SLF4J's substitute loggers, and its start-up lines come back as
 * {@code SLF4J(W): A number (n) of logging calls during the initialization phase have been
 * intercepted and are now being replayed}. Then the sender thread creates it at the first
 * batch, once logging is up; if that fails, the failure is reported as an error and every
 * record fails with it.
 */
final class KafkaTransport implements Transport {
  private final Map<String, Object> properties;
  /**
   * Null while no bootstrap host resolves (DNS not ready yet, a typo): kafka-clients refuses
   * to construct then, and a destination that is down at start must not fail the start. Each
   * batch tries again; until one works, batches fail retriably and the records wait, within
   * their delivery timeout, like records for any unreachable cluster.
   */
  private volatile Client client;
  private KafkaException unresolved;
  /** The client waits for SLF4J to finish initialising; created by the sender thread. */
  private final boolean deferred;
  private final BooleanSupplier loggingStarts;
  /** Why the deferred client could not be created; every record then fails with it. */
  private TributaryConfigException createFailure;
  private final Diagnostics diagnostics;
  private final KafkaFailures failures;
  // Set by a callback that Kafka runs inside send() on the sender thread (metadata timeout).
  private Exception syncFailure;
  private Thread sending;
  // Sender thread only (see toKafka).
  private final List<Header> kafkaHeaders = new java.util.ArrayList<>(4);
  private final TributaryRecord.Header[] lastHeaders = new TributaryRecord.Header[4];
  private final Header[] lastKafkaHeaders = new Header[4];
  // Once close began, failures are Kafka abandoning records, not the broker rejecting them.
  private volatile boolean closing;

  KafkaTransport(Map<String, Object> properties, Diagnostics diagnostics) {
    this(properties, diagnostics, KafkaTransport::slf4jInitializing);
  }

  /** @param loggingStarts whether SLF4J is initialising now; tests stand in for SLF4J */
  KafkaTransport(Map<String, Object> properties, Diagnostics diagnostics,
      BooleanSupplier loggingStarts) {
    this.loggingStarts = loggingStarts;
    this.properties = properties;
    this.diagnostics = diagnostics;
    this.failures = new KafkaFailures(properties, "kafka://" + properties.get("bootstrap.servers"),
        Instant.now());
    if (failures.certificateProblem() != null) {
      diagnostics.warn(failures.certificateProblem() + "; brokers that require a client "
          + "certificate will refuse the TLS handshake", null);
    }
    this.deferred = loggingStarts.getAsBoolean();
    this.client = deferred ? null : tryCreate();
    if (client == null && !deferred) {
      diagnostics.warn("No bootstrap host of " + properties.get("bootstrap.servers")
          + " resolves yet; records wait (within their delivery timeout) and every batch "
          + "tries again", null);
    }
  }

  private Client tryCreate() {
    try {
      return new Client(new KafkaProducer<>(properties));
    } catch (KafkaException e) {
      if (!isUnresolvable(e)) {
        throw KafkaFailures.construction(e, properties);
      }
      unresolved = e;
      return null;
    }
  }

  /**
   * Answers for every record of a batch the deferred client cannot take: they fail with the
   * reason it could not be created, or wait for a retry while SLF4J is still initialising.
   */
  private void answerUncreated(Batch batch, BatchCallback callback) {
    TributaryException why = createFailure != null ? createFailure
        : new TributaryException("The Kafka producer is created once logging has started",
            null, true);
    for (int i = 0; i < batch.size(); i++) {
      if (createFailure != null) {
        callback.fatal(i, why);
      } else {
        callback.retriable(i, why, null);
      }
    }
  }

  /**
   * Whether SLF4J is initialising right now: its factory is then a substitute that records what
   * is logged and replays it with a warning once a provider is bound.
   */
  static boolean slf4jInitializing() {
    try {
      return LoggerFactory.getILoggerFactory() instanceof SubstituteLoggerFactory;
    } catch (RuntimeException | LinkageError e) {
      return false;
    }
  }

  /** kafka-clients' ConfigException "No resolvable bootstrap urls given in bootstrap.servers". */
  private static boolean isUnresolvable(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ConfigException && t.getMessage() != null
          && t.getMessage().contains("No resolvable bootstrap urls")) {
        return true;
      }
    }
    return false;
  }

  @Override
  public void send(Batch batch, BatchCallback callback) {
    Client client = this.client;
    if (client != null && client.stuck && !closing) {
      // Its idempotent producer never asks for a producer id again (see Client#stuck): start
      // over, so credentials or certificates fixed on the brokers' side are used.
      client.retire();
      client = this.client = tryCreate();
    } else if (client == null && !closing) {
      if (deferred && (createFailure != null || loggingStarts.getAsBoolean())) {
        answerUncreated(batch, callback);
        return;
      }
      try {
        client = this.client = tryCreate();
      } catch (TributaryConfigException e) {
        if (!deferred) {
          throw e;
        }
        createFailure = e;
        diagnostics.error("Cannot create the Kafka producer: " + e.getMessage(), null);
        answerUncreated(batch, callback);
        return;
      }
    }
    if (client == null) {
      TributaryException why = new TributaryException("Cannot reach Kafka: no bootstrap host of "
          + properties.get("bootstrap.servers") + " resolves", unresolved, true);
      for (int i = 0; i < batch.size(); i++) {
        callback.retriable(i, why, null);
      }
      return;
    }
    Set<String> stalledTopics = null;
    Exception refused = null;
    sending = Thread.currentThread();
    try {
      for (int i = 0; i < batch.size(); i++) {
        TributaryRecord r = batch.record(i);
        if (refused != null || (stalledTopics != null && stalledTopics.contains(r.topic()))) {
          // The brokers just refused the connection (TLS, authentication), or this topic's
          // metadata just timed out; trying each record would cost max.block.ms apiece. Hand
          // them back for a retry after backoff.
          report(client, callback, i, refused != null ? refused : syncFailure);
          continue;
        }
        syncFailure = null;
        try {
          client.producer.send(toKafka(r), new RecordCallback(this, client, callback, i));
        } catch (RuntimeException e) {
          report(client, callback, i, e);
          continue;
        }
        if (syncFailure instanceof TimeoutException) {
          if (stalledTopics == null) {
            stalledTopics = new HashSet<>();
          }
          stalledTopics.add(r.topic());
        } else if (syncFailure != null && KafkaFailures.isSecurity(syncFailure)) {
          refused = syncFailure;
        }
      }
    } finally {
      sending = null;
    }
  }

  /**
   * The Kafka record of {@code r}. Sender thread only: {@code ProducerRecord} copies the headers
   * it is given, so one list serves every record, and a header that is the same object as the
   * one before at its position (an appender's level and logger) gets the same Kafka header.
   */
  private ProducerRecord<byte[], byte[]> toKafka(TributaryRecord r) {
    List<TributaryRecord.Header> hs = r.headers();
    if (hs.isEmpty()) {
      return new ProducerRecord<>(r.topic(), null, r.timestampMs(), r.key(), r.value(), null);
    }
    List<Header> headers = kafkaHeaders;
    headers.clear();
    for (int i = 0; i < hs.size(); i++) {
      TributaryRecord.Header h = hs.get(i);
      if (i < lastHeaders.length && lastHeaders[i] == h) {
        headers.add(lastKafkaHeaders[i]);
        continue;
      }
      Header k = new RecordHeader(h.key(), h.value());
      if (i < lastHeaders.length) {
        lastHeaders[i] = h;
        lastKafkaHeaders[i] = k;
      }
      headers.add(k);
    }
    return new ProducerRecord<>(r.topic(), null, r.timestampMs(), r.key(), r.value(), headers);
  }

  private void report(Client client, BatchCallback callback, int index, Exception e) {
    if (closing || client.retired) {
      // Kafka abandoning records because we are closing it ("Producer closed while send in
      // progress", "Cannot perform operation after producer has been closed") is not the broker
      // rejecting them: report them undelivered, so close counts them pending, not failed.
      callback.retriable(index, e, null);
      return;
    }
    if (!client.acknowledged && KafkaFailures.isSecurity(e)) {
      client.stuck = true;
    }
    failures.report(callback, index, e);
  }

  @Override
  public void close(Duration timeout) {
    closing = true;
    Client client = this.client;
    if (client == null) {
      return;
    }
    try {
      client.producer.close(KafkaTransportProvider.closeTimeout(timeout));
    } catch (RuntimeException e) {
      diagnostics.warn("Closing the Kafka producer failed", e);
    }
  }

  /** One {@code KafkaProducer} and what its callbacks learned about it. */
  private static final class Client {
    final KafkaProducer<byte[], byte[]> producer;
    /** The brokers acknowledged a record: the producer has its producer id. */
    volatile boolean acknowledged;
    /**
     * A TLS or authentication failure came before any acknowledgement. kafka-clients' idempotent
     * producer then stays without a producer id for good (the InitProducerId it had queued is
     * failed and never sent again), so records given to it would wait until they expire even
     * after the brokers accept the client. Replaced at the next send.
     */
    volatile boolean stuck;
    /** Replaced: what it still reports is Kafka abandoning records, not a broker's answer. */
    volatile boolean retired;

    Client(KafkaProducer<byte[], byte[]> producer) {
      this.producer = producer;
    }

    void retire() {
      retired = true;
      try {
        producer.close(Duration.ZERO);
      } catch (RuntimeException ignored) {
        // Its records come back retriable either way.
      }
    }
  }

  /** One per record: small, so per-record allocation stays cheap. */
  private static final class RecordCallback implements org.apache.kafka.clients.producer.Callback {
    private final KafkaTransport transport;
    private final Client client;
    private final BatchCallback callback;
    private final int index;

    RecordCallback(KafkaTransport transport, Client client, BatchCallback callback, int index) {
      this.transport = transport;
      this.client = client;
      this.callback = callback;
      this.index = index;
    }

    @Override
    public void onCompletion(org.apache.kafka.clients.producer.RecordMetadata md, Exception e) {
      if (e == null) {
        client.acknowledged = true;
        callback.succeeded(index, new RecordMetadata(md.topic(), md.partition(), md.offset()));
        return;
      }
      if (transport.sending == Thread.currentThread()) {
        transport.syncFailure = e;
      }
      transport.report(client, callback, index, e);
    }
  }
}
