package dev.tributary.internal.kafka;

import dev.tributary.TributaryConfig;
import dev.tributary.TributaryConfigException;
import dev.tributary.spi.Destination;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The properties Tributary gives kafka-clients' {@code KafkaProducer} for a {@code kafka://}
 * destination: Tributary's defaults, the user's producer properties over them, and the
 * defaults that depend on another setting adjusted to what the user chose, the way
 * kafka-clients adjusts its own. A setting the user wrote always wins over a default; only a
 * pair the user wrote that cannot hold together is refused, naming both.
 *
 * <ul>
 *   <li><b>Idempotence</b> is on unless {@code acks} is not {@code all}, {@code retries} is 0
 *       or {@code max.in.flight.requests.per.connection} is above 5: kafka-clients' own rule
 *       for its default (KIP-679). Setting {@code acks=1} alone therefore just works, with
 *       idempotence off; {@code enable.idempotence=true} written beside one of those is a
 *       contradiction.
 *   <li><b>{@code delivery.timeout.ms} and {@code request.timeout.ms}</b> are derived from
 *       Tributary's {@code deliveryTimeout} and {@code linger.ms}; when the user sets one, the
 *       other follows so that Kafka's rule {@code delivery.timeout.ms >= linger.ms +
 *       request.timeout.ms} holds. Both set against that rule is a contradiction.
 * </ul>
 *
 * <p>A value that does not parse is passed on as it is, for kafka-clients' validation to
 * reject with its own message. Stateless.
 */
final class ProducerProperties {
  /** Tributary's Kafka producer defaults that no other setting changes; each overridable. */
  static final Map<String, String> DEFAULTS = Map.of(
      ProducerConfig.ACKS_CONFIG, "all",
      ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4",
      ProducerConfig.LINGER_MS_CONFIG, "5",
      ProducerConfig.BATCH_SIZE_CONFIG, "131072",
      // The sender thread waits at most this long for metadata of a topic, so a dead cluster
      // costs it seconds, not the Kafka default of a minute, before the batch is retried.
      ProducerConfig.MAX_BLOCK_MS_CONFIG, "2000",
      // kafka-clients keeps every batch buffer it ever allocated (up to buffer.memory, 32 MiB by
      // its default) for reuse: under a logging burst it kept 4-6 MiB beside a 32 MiB
      // Tributary buffer. It only ever holds what Tributary's sender has in flight, compressed,
      // so 4 MiB bounds that pool without slowing the flow.
      ProducerConfig.BUFFER_MEMORY_CONFIG, String.valueOf(4L << 20));

  /**
   * The longest one attempt (one {@code KafkaProducer.send}) may take: Kafka's own default
   * delivery timeout, and at most half of Tributary's, so every record gets at least two
   * attempts. Further attempts matter when kafka-clients is stuck on a batch it can never
   * complete — e.g. an idempotent producer writing to a just-created partition spins on
   * OUT_OF_ORDER_SEQUENCE_NUMBER until its delivery timeout (KAFKA-15591, KAFKA-14359); the
   * expired records are then sent again.
   */
  static final long MAX_ATTEMPT_MS = 120_000;
  /** Kafka's own {@code request.timeout.ms} default: the most Tributary derives. */
  static final long MAX_REQUEST_MS = 30_000;
  /** kafka-clients keeps idempotence only up to this many requests in flight per connection. */
  static final int MAX_IN_FLIGHT_FOR_IDEMPOTENCE = 5;

  private static final String PREFIX = "producerProperty.";

  private ProducerProperties() {}

  /**
   * The KafkaProducer properties for {@code destination}.
   *
   * @throws TributaryConfigException naming the setting when the user's properties contradict
   *     each other
   */
  static Map<String, Object> of(Destination destination, TributaryConfig config) {
    Map<String, String> user = config.producerProperties();
    Map<String, Object> props = new HashMap<>(DEFAULTS);
    props.put(ProducerConfig.CLIENT_ID_CONFIG, config.clientId());
    props.putAll(user);
    idempotence(user).ifPresent(on -> props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, on));
    timeouts(user, config.deliveryTimeout().toMillis(), props);
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
        destination.hostList(KafkaTransportProvider.DEFAULT_PORT));
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    return props;
  }

  /**
   * Tributary's idempotence default, {@code "true"} or {@code "false"}, or empty when the user
   * set it (then theirs stands).
   */
  private static Optional<String> idempotence(Map<String, String> user) {
    String why = whyNotIdempotent(user);
    String set = user.get(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG);
    if (set == null) {
      return Optional.of(why == null ? "true" : "false");
    }
    if (why != null && set.strip().equalsIgnoreCase("true")) {
      throw new TributaryConfigException(PREFIX + ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, set,
          "the idempotent producer cannot be used with " + why + "; remove "
              + ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG + "=true (idempotence then turns off "
              + "by itself, as in kafka-clients) or change " + why);
    }
    return Optional.empty();
  }

  /** The user's setting that rules idempotence out, as {@code key=value}, or null. */
  private static String whyNotIdempotent(Map<String, String> user) {
    String acks = user.get(ProducerConfig.ACKS_CONFIG);
    if (acks != null && !acks.strip().equalsIgnoreCase("all") && !acks.strip().equals("-1")
        && parse(acks).isPresent()) {
      return ProducerConfig.ACKS_CONFIG + "=" + acks.strip();
    }
    String retries = user.get(ProducerConfig.RETRIES_CONFIG);
    if (retries != null && parse(retries).orElse(-1) == 0) {
      return ProducerConfig.RETRIES_CONFIG + "=0";
    }
    String inFlight = user.get(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION);
    if (inFlight != null && parse(inFlight).orElse(0) > MAX_IN_FLIGHT_FOR_IDEMPOTENCE) {
      return ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION + "=" + inFlight.strip();
    }
    return null;
  }

  /**
   * Puts {@code delivery.timeout.ms} and {@code request.timeout.ms} the user left unset, so
   * that {@code delivery >= linger + request} holds whatever the user set.
   */
  private static void timeouts(Map<String, String> user, long tributaryDeliveryMs,
      Map<String, Object> props) {
    long linger = parse(user.get(ProducerConfig.LINGER_MS_CONFIG))
        .orElse(Long.parseLong(DEFAULTS.get(ProducerConfig.LINGER_MS_CONFIG)));
    OptionalLong userDelivery = parse(user.get(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG));
    OptionalLong userRequest = parse(user.get(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG));
    // Half the delivery timeout at most, so a stuck attempt leaves time for another.
    long delivery = userDelivery.orElse(
        Math.min(MAX_ATTEMPT_MS, Math.max(1, tributaryDeliveryMs / 2)));
    long request = userRequest.orElse(Math.max(1, Math.min(MAX_REQUEST_MS, delivery - linger)));
    if (!user.containsKey(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG)) {
      props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
          String.valueOf(Math.max(delivery, linger + request)));
    } else if (userDelivery.isPresent() && delivery < linger + request) {
      throw new TributaryConfigException(PREFIX + ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
          user.get(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG), "Kafka requires "
              + ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG + " >= "
              + ProducerConfig.LINGER_MS_CONFIG + " + " + ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG
              + " (" + linger + " + " + request + " here); raise it, or leave it unset and "
              + "Tributary derives it from deliveryTimeout");
    }
    if (!user.containsKey(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG)) {
      props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, String.valueOf(request));
    }
  }

  /** A whole number as kafka-clients reads one (surrounding blanks ignored), if it is one. */
  private static OptionalLong parse(String value) {
    if (value == null) {
      return OptionalLong.empty();
    }
    try {
      return OptionalLong.of(Long.parseLong(value.strip()));
    } catch (NumberFormatException e) {
      return OptionalLong.empty();
    }
  }
}
