package dev.tributary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.spi.Destination;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Misconfiguration fails at build time, naming the setting, the value and what is allowed. */
class ConfigTest {

  private static TributaryConfig.Builder valid() {
    return TributaryConfig.builder("kafka://127.0.0.1:9092");
  }

  @Test
  void defaultsAreTheDocumentedConstants() {
    TributaryConfig c = valid().build();
    assertThat(c.bufferBytes()).isEqualTo(TributaryConfig.DEFAULT_BUFFER_BYTES);
    assertThat(c.overflowPolicy()).isEqualTo(OverflowPolicy.DROP_NEWEST);
    assertThat(c.deliveryTimeout()).isEqualTo(Duration.ofMinutes(5));
    assertThat(c.clientId()).startsWith("tributary-");
    assertThat(c.toBuilder().build().clientId()).isEqualTo(c.clientId());
  }

  @Test
  void destinationsParseHostListsAndDefaultPorts() {
    Destination d = Destination.parse("kafka://a:1,b,[::1]:3");
    assertThat(d.scheme()).isEqualTo("kafka");
    assertThat(d.hostList(9092)).isEqualTo("a:1,b:9092,[::1]:3");
  }

  @Test
  void malformedDestinationsNameTheSettingAndTheProblem() {
    assertBad(null, "destination", "a destination is required");
    assertBad("", "destination", "a destination is required");
    assertBad("127.0.0.1:9092", "destination", "missing scheme");
    assertBad("kafka://", "destination", "no host given");
    assertBad("kafka://host:abc", "destination", "port 'abc' is not a number");
    assertBad("kafka://host:70000", "destination", "outside 1..65535");
    assertBad("kafka://a:1,,b:2", "destination", "empty host");
    assertBad("kafka://us er@host:1", "destination", "credentials must not be part");
    assertBad("kafka://host:1/topic", "destination", "takes no path");
  }

  @Test
  void unknownSchemesListTheKnownOnesAndOptionalModulesNameTheirArtifact() {
    assertThatThrownBy(() -> TributaryConfig.builder("foo://host:1").build())
        .isInstanceOf(TributaryConfigException.class)
        .hasMessageContaining("'destination'")
        .hasMessageContaining("unknown scheme 'foo'")
        .hasMessageContaining("kafka");
    assertThatThrownBy(() -> TributaryConfig.builder("pixy+grpc://host:1").build())
        .hasMessageContaining("needs dev.tributary:sdk-grpc on the classpath");
  }

  @Test
  void badValuesNameTheSettingAndWhatIsAllowed() {
    assertThatThrownBy(() -> valid().deliveryTimeout(Duration.ofSeconds(-1)))
        .isInstanceOf(TributaryConfigException.class)
        .hasMessage("Invalid value PT-1S for setting 'deliveryTimeout': must be a positive duration");
    assertThatThrownBy(() -> valid().bufferBytes(10))
        .hasMessageContaining("'bufferBytes'").hasMessageContaining("at least 1024");
    assertThatThrownBy(() -> valid().linger(Duration.ofHours(1)))
        .hasMessageContaining("'linger'");
    assertThatThrownBy(() -> valid().maxBlockTime(Duration.ofMillis(-5)))
        .hasMessageContaining("'maxBlockTime'");
    assertThatThrownBy(() -> valid().batchMaxRecords(0)).hasMessageContaining("1..1000000");
    assertThatThrownBy(() -> valid().clientId("has space")).hasMessageContaining("'clientId'");
    assertThatThrownBy(() -> valid().bufferBytes(2048).maxRecordBytes(4096).build())
        .hasMessageContaining("'maxRecordBytes'").hasMessageContaining("bufferBytes (2048)");
    assertThatThrownBy(() -> valid().retryBackoff(Duration.ofSeconds(20)).build())
        .hasMessageContaining("'retryBackoff'");
  }

  @Test
  void kafkaPropertiesAreCheckedByKafkaClientsAndOwnedOnesRefused() {
    assertThatThrownBy(() -> valid().producerProperty("acks", "sometimes")
        .producerProperty("sasl.jaas.config", "secret-password").build())
        .isInstanceOf(TributaryConfigException.class)
        .hasMessageContaining("'producerProperty.acks'").hasMessageContaining("sometimes")
        .hasMessageNotContaining("secret-password");
    assertThatThrownBy(() -> valid().producerProperty("bootstrap.servers", "x:1").build())
        .hasMessageContaining("'producerProperty.bootstrap.servers'")
        .hasMessageContaining("brokers come from the destination");
    assertThat(valid().producerProperty("compression.type", "zstd").build().producerProperties())
        .containsEntry("compression.type", "zstd");
  }

  @Test
  void negativeTimeoutsAreRejectedByFlushAndClose() {
    try (TributaryProducer p = TributaryProducer.create(valid().jmxEnabled(false).build())) {
      assertThatThrownBy(() -> p.flush(Duration.ofMillis(-1)))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PT-0.001S");
      assertThatThrownBy(() -> p.close(Duration.ofSeconds(-1)))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("timeout");
    }
  }

  @Test
  void toStringNeverPrintsPropertyValues() {
    String s = valid().producerProperty("sasl.jaas.config", "secret-password").build().toString();
    assertThat(s).contains("sasl.jaas.config").doesNotContain("secret-password");
  }

  private static void assertBad(String uri, String setting, String text) {
    assertThatThrownBy(() -> TributaryConfig.builder(uri).build())
        .isInstanceOf(TributaryConfigException.class)
        .hasMessageContaining("'" + setting + "'")
        .hasMessageContaining(text)
        .satisfies(e -> assertThat(((TributaryConfigException) e).setting()).isEqualTo(setting));
  }
}
