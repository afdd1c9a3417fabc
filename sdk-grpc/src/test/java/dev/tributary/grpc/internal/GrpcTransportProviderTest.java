package dev.tributary.grpc.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.TributaryConfig;
import dev.tributary.grpc.PixyGrpcProperties;
import dev.tributary.grpc.testkit.RecordingDiagnostics;
import dev.tributary.spi.Diagnostics;
import dev.tributary.spi.Transport;
import dev.tributary.spi.TransportProvider;
import java.time.Duration;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/** Discovery and creation; creating never touches the network (the channel starts idle). */
class GrpcTransportProviderTest {
  @Test
  void serviceLoaderFindsTheProviderForBothSchemes() {
    assertThat(ServiceLoader.load(TransportProvider.class).stream()
        .map(ServiceLoader.Provider::get).filter(p -> p instanceof GrpcTransportProvider)
        .findFirst()).hasValueSatisfying(p -> assertThat(p.schemes())
            .containsExactlyInAnyOrder("pixy+grpc", "pixy+grpcs"));
  }

  @Test
  void credentialsInPlaintextToAnotherHostAreWarnedAboutOnceWithoutTheSecret() {
    assertThat(warningsFor("pixy+grpc://pixy.invalid:19091")).hasSize(1).first().asString()
        .contains("plaintext").doesNotContain("t0k3n-value");
    assertThat(warningsFor("pixy+grpc://127.0.0.1:19091")).isEmpty();
    assertThat(warningsFor("pixy+grpcs://pixy.invalid:19091")).isEmpty();
  }

  @Test
  void credentialsWithGrpcFrameLoggingAtDebugAreWarnedAbout() {
    TributaryConfig c = TributaryConfig.builder("pixy+grpcs://pixy.invalid")
        .diagnostics(Diagnostics.none()).jmxEnabled(false)
        .producerProperty("grpc.metadata.x-api-key", "k3y-value").build();
    GrpcSettings s = GrpcSettings.parse(c.destination(), c);
    assertThat(GrpcTransportProvider.credentialWarnings(s, c.destination().uri(), true))
        .singleElement().asString().contains(GrpcTransportProvider.FRAME_LOGGER)
        .doesNotContain("k3y-value");
    assertThat(GrpcTransportProvider.credentialWarnings(s, c.destination().uri(), false))
        .isEmpty();
    TributaryConfig none = TributaryConfig.builder("pixy+grpc://pixy.invalid")
        .diagnostics(Diagnostics.none()).jmxEnabled(false).build();
    assertThat(GrpcTransportProvider.credentialWarnings(GrpcSettings.parse(none.destination(),
        none), none.destination().uri(), true)).as("nothing to leak").isEmpty();
  }

  private static java.util.List<String> warningsFor(String uri) {
    RecordingDiagnostics diagnostics = new RecordingDiagnostics();
    TributaryConfig c = TributaryConfig.builder(uri).diagnostics(Diagnostics.none())
        .jmxEnabled(false).producerProperty(PixyGrpcProperties.AUTH_BEARER, "t0k3n-value")
        .build();
    Transport t = new GrpcTransportProvider().create(c.destination(), c, diagnostics);
    t.close(Duration.ofSeconds(1));
    return diagnostics.lines;
  }
}
