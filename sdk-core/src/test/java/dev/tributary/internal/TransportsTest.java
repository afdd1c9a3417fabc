package dev.tributary.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.TributaryConfigException;
import dev.tributary.spi.Destination;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Finding the transport for a scheme, and saying why when none can be had. */
class TransportsTest {
  @TempDir
  Path dir;

  @Test
  void aBrokenProviderInstallIsReportedWithItsCauseNotAsAMissingArtifact() throws Exception {
    Path services = dir.resolve("META-INF/services");
    Files.createDirectories(services);
    Files.writeString(services.resolve("dev.tributary.spi.TransportProvider"),
        BrokenTransportProvider.class.getName() + "\n");
    try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()},
        getClass().getClassLoader())) {
      Destination grpc = Destination.parse("pixy+grpc://127.0.0.1:19091");
      assertThatThrownBy(() -> Transports.provider(grpc, loader))
          .isInstanceOf(TributaryConfigException.class)
          .hasMessageContaining("failed to load")
          .hasMessageContaining("io/grpc/ManagedChannel")
          .hasMessageContaining("installation is broken")
          .hasRootCauseInstanceOf(NoClassDefFoundError.class);
      // The others are still found.
      assertThat(Transports.provider(Destination.parse("kafka://127.0.0.1:9092"), loader))
          .isNotNull();
    }
  }

  @Test
  void aMissingOptionalModuleIsNamed() {
    assertThatThrownBy(() -> Transports.provider(Destination.parse("pixy+grpc://h:1")))
        .isInstanceOf(TributaryConfigException.class)
        .hasMessageContaining("needs dev.tributary:sdk-grpc on the classpath");
  }
}
