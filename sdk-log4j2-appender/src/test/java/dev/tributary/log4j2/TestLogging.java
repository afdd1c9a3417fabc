package dev.tributary.log4j2;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.layout.template.json.util.JsonReader;
import org.apache.logging.log4j.status.StatusData;
import org.apache.logging.log4j.status.StatusListener;
import org.apache.logging.log4j.status.StatusLogger;

/** Helpers shared by the tests: private logger contexts, JSON parsing, status capture. */
final class TestLogging {
  private TestLogging() {}

  /**
   * Starts a logger context of its own (not the JVM-wide one) from a test resource, after
   * setting {@code properties} as system properties for the config's {@code ${sys:..}} lookups.
   */
  static LoggerContext start(String name, String resource, Map<String, String> properties) {
    properties.forEach(System::setProperty);
    try {
      LoggerContext ctx = new LoggerContext(name, null,
          TestLogging.class.getResource("/" + resource).toURI());
      ctx.start();
      return ctx;
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The value as a JSON object. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> json(byte[] value) {
    return (Map<String, Object>) JsonReader.read(new String(value, StandardCharsets.UTF_8));
  }

  /** The appender of that name in {@code ctx}, which must be a Tributary appender. */
  static TributaryAppender appender(LoggerContext ctx, String name) {
    Object a = ctx.getConfiguration().getAppender(name);
    assertThat(a).as("appender %s", name).isInstanceOf(TributaryAppender.class);
    return (TributaryAppender) a;
  }

  static String header(dev.tributary.TributaryRecord r, String name) {
    for (dev.tributary.TributaryRecord.Header h : r.headers()) {
      if (h.key().equals(name)) {
        return new String(h.value(), StandardCharsets.UTF_8);
      }
    }
    return null;
  }

  /** Collects StatusLogger messages at WARN (or the given level) and above while open. */
  static final class StatusCapture implements StatusListener {
    final List<String> messages = new CopyOnWriteArrayList<>();
    private final Level level;

    StatusCapture() {
      this(Level.WARN);
    }

    StatusCapture(Level level) {
      this.level = level;
      StatusLogger.getLogger().registerListener(this);
    }

    @Override
    public void log(StatusData data) {
      messages.add(data.getLevel() + " " + data.getMessage().getFormattedMessage());
    }

    @Override
    public Level getStatusLevel() {
      return level;
    }

    List<String> messages() {
      return new ArrayList<>(messages);
    }

    void detach() {
      StatusLogger.getLogger().removeListener(this); // calls close()
    }

    @Override
    public void close() {}
  }
}
