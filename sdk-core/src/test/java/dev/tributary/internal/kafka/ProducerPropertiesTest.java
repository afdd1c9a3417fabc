package dev.tributary.internal.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.TributaryConfig;
import dev.tributary.TributaryConfigException;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;

/**
 * A producer property the user sets wins over Tributary's default, the defaults that depend on
 * it follow as kafka-clients' own do, and a pair the user wrote that cannot hold together is
 * refused at build time naming both. "kafka-clients accepts it" is checked by constructing a
 * real {@link KafkaProducer} (it needs no broker to start), because some rules — the delivery
 * timeout's — are only checked there.
 */
class ProducerPropertiesTest {

  private static TributaryConfig.Builder config() {
    return TributaryConfig.builder("kafka://127.0.0.1:9092");
  }

  private static Map<String, Object> properties(TributaryConfig.Builder b) {
    TributaryConfig c = b.build();
    return ProducerProperties.of(c.destination(), c);
  }

  /** What kafka-clients makes of {@code props}: it throws where it would refuse to start. */
  private static ProducerConfig kafkaAccepts(Map<String, Object> props) {
    new KafkaProducer<byte[], byte[]>(props).close(Duration.ZERO);
    return new ProducerConfig(props);
  }

  @Test
  void byDefaultRecordsAreWrittenWithAcksAllAndIdempotence() {
    Map<String, Object> props = properties(config());

    assertThat(props).containsEntry("acks", "all").containsEntry("enable.idempotence", "true");
    assertThat(kafkaAccepts(props).getBoolean("enable.idempotence")).isTrue();
  }

  @Test
  void kafkaClientsBufferPoolIsBoundedTo4MiBUnlessTheUserSetsIt() {
    assertThat(kafkaAccepts(properties(config())).getLong("buffer.memory")).isEqualTo(4L << 20);
    assertThat(kafkaAccepts(properties(config().producerProperty("buffer.memory", "33554432")))
        .getLong("buffer.memory")).isEqualTo(32L << 20);
  }

  @Test
  void acksOneAloneStartsWithIdempotenceOffAsInKafkaClients() {
    Map<String, Object> props = properties(config().producerProperty("acks", "1"));

    assertThat(props).containsEntry("acks", "1").containsEntry("enable.idempotence", "false");
    assertThat(kafkaAccepts(props).getString("acks")).isEqualTo("1");
  }

  @Test
  void acksZeroAloneStartsWithIdempotenceOff() {
    Map<String, Object> props = properties(config().producerProperty("acks", " 0 "));

    assertThat(props).containsEntry("enable.idempotence", "false");
    kafkaAccepts(props);
  }

  @Test
  void acksMinusOneIsAllAndKeepsIdempotence() {
    Map<String, Object> props = properties(config().producerProperty("acks", "-1"));

    assertThat(props).containsEntry("enable.idempotence", "true");
    assertThat(kafkaAccepts(props).getBoolean("enable.idempotence")).isTrue();
  }

  @Test
  void retriesZeroAloneTurnsIdempotenceOff() {
    Map<String, Object> props = properties(config().producerProperty("retries", "0"));

    assertThat(props).containsEntry("acks", "all").containsEntry("enable.idempotence", "false");
    kafkaAccepts(props);
  }

  @Test
  void moreThanFiveRequestsInFlightTurnIdempotenceOffAndFiveKeepIt() {
    Map<String, Object> six = properties(
        config().producerProperty("max.in.flight.requests.per.connection", "6"));
    Map<String, Object> five = properties(
        config().producerProperty("max.in.flight.requests.per.connection", "5"));

    assertThat(six).containsEntry("enable.idempotence", "false");
    assertThat(five).containsEntry("enable.idempotence", "true");
    kafkaAccepts(six);
    kafkaAccepts(five);
  }

  @Test
  void theUsersOwnIdempotenceSettingStands() {
    Map<String, Object> off = properties(config().producerProperty("enable.idempotence", "false"));
    Map<String, Object> on = properties(config().producerProperty("acks", "all")
        .producerProperty("enable.idempotence", "TRUE"));

    assertThat(off).containsEntry("acks", "all").containsEntry("enable.idempotence", "false");
    assertThat(on).containsEntry("enable.idempotence", "TRUE");
    assertThat(kafkaAccepts(off).getBoolean("enable.idempotence")).isFalse();
    assertThat(kafkaAccepts(on).getBoolean("enable.idempotence")).isTrue();
  }

  @Test
  void explicitIdempotenceWithAcksOneIsRefusedNamingBoth() {
    assertThatThrownBy(() -> config().producerProperty("acks", "1")
        .producerProperty("enable.idempotence", "true").build())
        .isInstanceOf(TributaryConfigException.class)
        .hasMessageContaining("'producerProperty.enable.idempotence'")
        .hasMessageContaining("cannot be used with acks=1")
        .hasMessageContaining("remove enable.idempotence=true");
  }

  @Test
  void explicitIdempotenceWithRetriesZeroOrSixInFlightIsRefusedNamingBoth() {
    assertThatThrownBy(() -> config().producerProperty("retries", "0")
        .producerProperty("enable.idempotence", "true").build())
        .isInstanceOf(TributaryConfigException.class)
        .hasMessageContaining("cannot be used with retries=0");
    assertThatThrownBy(() -> config().producerProperty("max.in.flight.requests.per.connection", "6")
        .producerProperty("enable.idempotence", "true").build())
        .isInstanceOf(TributaryConfigException.class)
        .hasMessageContaining("cannot be used with max.in.flight.requests.per.connection=6");
  }

  @Test
  void timeoutsFollowTributarysDeliveryTimeoutAndLinger() {
    Map<String, Object> props = properties(config().deliveryTimeout(Duration.ofSeconds(10))
        .producerProperty("linger.ms", "20"));

    assertThat(props).containsEntry("delivery.timeout.ms", "5000")
        .containsEntry("request.timeout.ms", "4980");
    kafkaAccepts(props);
  }

  @Test
  void aLongerRequestTimeoutTheUserSetRaisesTheDerivedDeliveryTimeout() {
    Map<String, Object> props = properties(config().deliveryTimeout(Duration.ofSeconds(10))
        .producerProperty("request.timeout.ms", "30000"));

    assertThat(props).containsEntry("request.timeout.ms", "30000")
        .containsEntry("delivery.timeout.ms", "30005");
    kafkaAccepts(props);
  }

  @Test
  void aShorterDeliveryTimeoutTheUserSetLowersTheDerivedRequestTimeout() {
    Map<String, Object> props = properties(config().producerProperty("delivery.timeout.ms", "10000"));

    assertThat(props).containsEntry("delivery.timeout.ms", "10000")
        .containsEntry("request.timeout.ms", "9995");
    kafkaAccepts(props);
  }

  @Test
  void deliveryAndRequestTimeoutsTheUserSetAgainstKafkasRuleAreRefusedNamingBoth() {
    assertThatThrownBy(() -> config().producerProperty("delivery.timeout.ms", "10000")
        .producerProperty("request.timeout.ms", "30000").build())
        .isInstanceOf(TributaryConfigException.class)
        .hasMessageContaining("'producerProperty.delivery.timeout.ms'")
        .hasMessageContaining("delivery.timeout.ms >= linger.ms + request.timeout.ms (5 + 30000");
  }

  @Test
  void aValueThatIsNotANumberGetsKafkasOwnRejectionNamingTheSetting() {
    assertThatThrownBy(() -> config().producerProperty("linger.ms", "soon").build())
        .isInstanceOf(TributaryConfigException.class)
        .hasMessageContaining("'producerProperty.linger.ms'").hasMessageContaining("soon");
    assertThatThrownBy(() -> config().producerProperty("acks", "sometimes").build())
        .isInstanceOf(TributaryConfigException.class)
        .hasMessageContaining("'producerProperty.acks'").hasMessageContaining("sometimes");
  }
}
