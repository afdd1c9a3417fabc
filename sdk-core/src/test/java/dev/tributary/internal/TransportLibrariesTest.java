package dev.tributary.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.DeliveryReport;
import dev.tributary.TributaryConfig;
import dev.tributary.TributaryConfigException;
import dev.tributary.TributaryProducer;
import dev.tributary.TributaryRecord;
import dev.tributary.spi.Diagnostics;
import java.io.File;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * OkHttp is an optional dependency of sdk-core. These tests run sdk-core in a class loader whose
 * classpath is this module's test classpath without OkHttp, Okio and the Kotlin stdlib, as a
 * {@code kafka://} user's application has it.
 */
class TransportLibrariesTest {
  /** Jars an application that does not add OkHttp lacks (OkHttp's own and its dependencies'). */
  private static final Pattern OKHTTP_AND_ITS_DEPENDENCIES =
      Pattern.compile("(okhttp|mockwebserver|okio|kotlin|annotations-13)[^" + Pattern.quote(
          File.separator) + "]*\\.jar$");

  @Test
  void theVersionNamedInTheErrorIsTheOneSdkCoreIsBuiltWith() {
    assertThat(TransportLibraries.OKHTTP_VERSION).isEqualTo(okhttp3.OkHttp.VERSION);
  }

  @Test
  void withOkHttpOnTheClasspathHttpDestinationsBuild() {
    TributaryConfig.builder("pixy+http://127.0.0.1:19092").build();
    TributaryConfig.builder("rest+https://proxy.example.com").build();
  }

  @Test
  void withoutOkHttpAnHttpDestinationFailsAtBuildNamingTheArtifactToAdd() throws Exception {
    try (URLClassLoader withoutOkHttp = withoutOkHttp()) {
      assertThatThrownBy(() -> Class.forName("okhttp3.OkHttpClient", false, withoutOkHttp))
          .isInstanceOf(ClassNotFoundException.class);
      Function<String, String> build = probe(withoutOkHttp, BuildConfig.class);

      for (String destination : List.of("pixy+http://127.0.0.1:19092",
          "pixy+https://pixy.example.com", "rest+http://127.0.0.1:8082",
          "rest+https://proxy.example.com/kafka")) {
        String scheme = destination.substring(0, destination.indexOf(':'));
        assertThat(build.apply(destination)).isEqualTo(
            "TributaryConfigException: Invalid value '" + destination
                + "' for setting 'destination': the scheme '" + scheme
                + "' needs com.squareup.okhttp3:okhttp:" + TransportLibraries.OKHTTP_VERSION
                + " on the classpath (an optional dependency of dev.tributary:sdk-core; add it"
                + " to your build)");
      }
    }
  }

  @Test
  void withoutOkHttpAKafkaProducerStartsAcceptsAndCloses() throws Exception {
    // Not closed: the producer's threads may still load classes after close() returned by its
    // deadline (the Kafka client shuts down behind it).
    URLClassLoader withoutOkHttp = withoutOkHttp();
    // kafka-clients loads its plugins through the context class loader.
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    thread.setContextClassLoader(withoutOkHttp);
    String report;
    try {
      // Port 1: nothing listens, so the record stays pending; what matters is that every class
      // the kafka:// path loads is there.
      report = probe(withoutOkHttp, KafkaRoundTrip.class).apply("kafka://127.0.0.1:1");
    } finally {
      thread.setContextClassLoader(previous);
    }
    assertThat(report).startsWith("offered=true ").contains("pending=1");
  }

  /** This module's test classpath without OkHttp and its dependencies, parented by the JDK. */
  private static URLClassLoader withoutOkHttp() throws MalformedURLException {
    List<URL> urls = new ArrayList<>();
    List<String> left = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      if (OKHTTP_AND_ITS_DEPENDENCIES.matcher(entry).find()) {
        left.add(entry);
      } else {
        urls.add(Path.of(entry).toUri().toURL());
      }
    }
    assertThat(left).as("OkHttp jars on the test classpath").isNotEmpty();
    return new URLClassLoader("without-okhttp", urls.toArray(URL[]::new),
        ClassLoader.getPlatformClassLoader());
  }

  /** A new {@code probe} as defined by {@code loader}, behind an interface the JDK shares. */
  @SuppressWarnings("unchecked")
  private static Function<String, String> probe(ClassLoader loader, Class<?> probe)
      throws ReflectiveOperationException {
    Class<?> isolated = Class.forName(probe.getName(), true, loader);
    assertThat(isolated.getClassLoader()).isSameAs(loader);
    return (Function<String, String>) isolated.getConstructor().newInstance();
  }

  /** Builds a config for the destination; answers the exception's type and message. */
  public static final class BuildConfig implements Function<String, String> {
    @Override
    public String apply(String destination) {
      try {
        TributaryConfig.builder(destination).build();
        return "built";
      } catch (TributaryConfigException e) {
        return e.getClass().getSimpleName() + ": " + e.getMessage();
      }
    }
  }

  /** Creates a producer, offers one record and closes it at once; answers what happened. */
  public static final class KafkaRoundTrip implements Function<String, String> {
    @Override
    public String apply(String destination) {
      TributaryConfig config = TributaryConfig.builder(destination)
          .diagnostics(Diagnostics.none())
          .jmxEnabled(false)
          .build();
      TributaryProducer producer = TributaryProducer.create(config);
      boolean offered = producer.offer(
          TributaryRecord.of("app-logs", "hello".getBytes(StandardCharsets.UTF_8)));
      DeliveryReport report = producer.close(Duration.ofMillis(200));
      return "offered=" + offered + " " + report;
    }
  }
}
