package dev.tributary.docs;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.testkit.KafkaClusterExtension;
import dev.tributary.testkit.ReadmeQuickStart;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's producer-API quick start, {@code ShipEvents.java} as printed, compiles against
 * sdk-core and, run with a real broker's address as its argument, puts both events in Kafka.
 */
class ReadmeProducerQuickStartIT {
  @RegisterExtension
  static final KafkaClusterExtension KAFKA = KafkaClusterExtension.brokers(1);

  @TempDir
  Path dir;

  @Test
  void shipEventsCompilesRunsAndBothEventsArrive() throws Exception {
    String source = ReadmeQuickStart.file("ShipEvents.java");
    assertThat(source).contains("\"kafka://" + ReadmeQuickStart.LOCAL_BROKER + "\"");
    Path file = Files.createDirectories(dir.resolve("src")).resolve("ShipEvents.java");
    Files.writeString(file, source, UTF_8);
    Path classes = Files.createDirectories(dir.resolve("classes"));

    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
    int exit = javac.run(null, diagnostics, diagnostics, "--release", "17", "-Xlint:all",
        "-Werror", "-cp", System.getProperty("java.class.path"), "-d", classes.toString(),
        file.toString());
    assertThat(exit).as(diagnostics.toString(UTF_8)).isZero();

    try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()},
        getClass().getClassLoader())) {
      Method main = loader.loadClass("ShipEvents").getMethod("main", String[].class);
      main.invoke(null, (Object) new String[] {"kafka://" + KAFKA.bootstrapServers()});
    }

    List<ConsumerRecord<byte[], byte[]>> records =
        KAFKA.kafka().consumeAll("app-events", 2, Duration.ofSeconds(60));
    assertThat(records).extracting(r -> new String(r.key(), UTF_8))
        .containsExactly("order-42", "order-42");
    assertThat(records).extracting(r -> new String(r.value(), UTF_8)).containsExactly(
        "{\"order\":\"order-42\",\"event\":\"OrderPlaced\"}",
        "{\"order\":\"order-42\",\"event\":\"OrderShipped\"}");
    assertThat(records).extracting(
        r -> new String(r.headers().lastHeader("event-type").value(), UTF_8))
        .containsExactly("OrderPlaced", "OrderShipped");
  }
}
