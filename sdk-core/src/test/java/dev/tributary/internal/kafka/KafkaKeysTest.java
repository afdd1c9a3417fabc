package dev.tributary.internal.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.TributaryConfig;
import dev.tributary.TributaryConfigException;
import dev.tributary.internal.DidYouMean;
import dev.tributary.testkit.RecordingDiagnostics;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;

/**
 * A producer property kafka-clients does not know fails the build naming it and, for a near
 * miss, the property meant; families kafka-clients reads by prefix pass, and so do keys for a
 * plugin the user configured.
 */
class KafkaKeysTest {
  private static TributaryConfig.Builder kafka() {
    return TributaryConfig.builder("kafka://127.0.0.1:9092");
  }

  private static TributaryConfigException refused(Map<String, String> properties) {
    try {
      kafka().producerProperties(properties).build();
    } catch (TributaryConfigException e) {
      return e;
    }
    throw new AssertionError("accepted " + properties);
  }

  @Test
  void aMisspeltPropertyIsRefusedNamingItAndTheOneMeant() {
    TributaryConfigException e = refused(Map.of("compresion.type", "zstd"));
    assertThat(e.setting()).isEqualTo("producerProperty.compresion.type");
    assertThat(e).hasMessageContaining("not a Kafka producer property; did you mean "
        + "'compression.type'?");
    assertThat(refused(Map.of("Linger_Ms", "5"))).hasMessageContaining("'linger.ms'");
    assertThat(refused(Map.of("enable.idempotance", "true")))
        .hasMessageContaining("'enable.idempotence'");
  }

  @Test
  void aStandbysMisspeltPropertyIsRefusedToo() {
    assertThatThrownBy(() -> kafka().standby(dev.tributary.StandbyDestination
        .builder("kafka://127.0.0.1:9093").producerProperty("compresion.type", "zstd").build())
        .build())
        .isInstanceOf(TributaryConfigException.class)
        .hasMessageContaining("producerProperty.compresion.type")
        .hasMessageContaining("did you mean 'compression.type'?");
  }

  @Test
  void anUnknownPropertyIsRefusedAndItsValueNeverShown() {
    TributaryConfigException e = refused(Map.of("sasl.jass.confg", "password=\"hunter22\""));
    assertThat(e.setting()).isEqualTo("producerProperty.sasl.jass.confg");
    assertThat(e).hasMessageContaining("'sasl.jaas.config'").hasMessageNotContaining("hunter22");
    TributaryConfigException far = refused(Map.of("my.app.setting", "x"));
    assertThat(far).hasMessageContaining("ProducerConfig does not define it")
        .hasMessageContaining("interceptor.classes");
  }

  @Test
  void everyKafkaClientsNameAndThePrefixFamiliesPass() {
    assertThat(ProducerConfig.configNames()).contains("sasl.jaas.config",
        "ssl.truststore.location", "ssl.endpoint.identification.algorithm",
        "sasl.login.callback.handler.class", "interceptor.classes", "metric.reporters",
        "enable.metrics.push", "client.dns.lookup");
    kafka().producerProperty("ssl.endpoint.identification.algorithm", "")
        .producerProperty("client.dns.lookup", "use_all_dns_ips")
        .producerProperty("config.providers", "env")
        .producerProperty("config.providers.env.class",
            "org.apache.kafka.common.config.provider.EnvVarConfigProvider")
        .producerProperty("metrics.context.team", "payments").build();
  }

  @Test
  void keysForAConfiguredPluginPassButANearMissStillFails() {
    RecordingDiagnostics status = new RecordingDiagnostics();
    Map<String, String> plugin = Map.of(
        "interceptor.classes", "org.apache.kafka.clients.producer.MockProducerInterceptor",
        "mock.interceptor.append", "x");
    assertThat(KafkaKeys.check(plugin)).containsExactly("mock.interceptor.append");
    kafka().diagnostics(status).producerProperties(plugin).build();
    assertThat(status.first("passed on for the configured plugins")).contains(
        "[mock.interceptor.append]", "interceptor.classes");
    assertThatThrownBy(() -> KafkaKeys.check(Map.of("interceptor.classes", "a.B",
        "compression.typ", "zstd"))).hasMessageContaining("did you mean 'compression.type'");
    assertThat(KafkaKeys.plugins(Map.of("partitioner.class", "a.B", "acks", "all")))
        .containsOnlyKeys("partitioner.class");
  }

  @Test
  void nearMissesAreTwoEditsAtMostOneForShortNames() {
    List<String> known = List.of("acks", "linger.ms", "compression.type");
    assertThat(DidYouMean.closest("akcs", known)).contains("acks");
    assertThat(DidYouMean.closest("ack", known)).contains("acks");
    assertThat(DidYouMean.closest("ax", known)).isEmpty();
    assertThat(DidYouMean.closest("lingerms", known)).contains("linger.ms");
    assertThat(DidYouMean.closest("compressiontypes", known)).contains("compression.type");
    assertThat(DidYouMean.closest("compression.level", known)).isEmpty();
    assertThat(DidYouMean.closest("acks", known)).isEmpty();
  }
}
