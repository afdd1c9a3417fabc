package dev.tributary.logback;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.encoder.EncoderBase;
import ch.qos.logback.core.status.Status;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Every status message the appender writes names it as the user did, so a service with several
 * appenders can tell which one speaks, even where only the message text is shown.
 */
class StatusNamingTest {

  @Test
  void everyMessageOfTheAppenderNamesItAsConfigured() {
    LoggerContext ctx = LogbackTesting.configure("<configuration>\n"
        + "  <appender name=\"Orders Kafka\" class=\"dev.tributary.logback.TributaryAppender\">\n"
        + "    <destination>capture://naming</destination>\n"
        + "    <topic>t</topic>\n"
        + "    <jmx>false</jmx>\n"
        + "    <encoder class=\"" + FailingEncoder.class.getName() + "\"/>\n"
        + "  </appender>\n"
        + "  <root level=\"INFO\"><appender-ref ref=\"Orders Kafka\"/></root>\n"
        + "</configuration>");
    TributaryAppender appender = (TributaryAppender) ctx.getLogger("ROOT")
        .getAppender("Orders Kafka");
    assertThat(appender.isStarted()).isTrue();

    ctx.getLogger("org.apache.kafka.clients.NetworkClient").warn("node -1 not available");
    ctx.getLogger("com.acme.App").info("explode");
    ctx.getLogger("com.acme.App").info("fine");
    appender.stop();

    List<String> messages = ctx.getStatusManager().getCopyOfStatusList().stream()
        .filter(s -> s.getOrigin() == appender)
        .map(Status::getMessage)
        .collect(Collectors.toList());
    assertThat(messages).hasSizeGreaterThanOrEqualTo(4) // started, relayed, dropped, failed, stopped
        .allSatisfy(m -> assertThat(m).contains("'Orders Kafka'"));
    assertThat(messages).anySatisfy(m -> assertThat(m).contains("Stopped: sent=1,"));
    assertThat(appender.encodingFailures()).isEqualTo(1);
  }

  /** Writes the message as the value; throws for the message {@code explode}. */
  public static final class FailingEncoder extends EncoderBase<ILoggingEvent> {
    @Override
    public byte[] headerBytes() {
      return null;
    }

    @Override
    public byte[] encode(ILoggingEvent event) {
      if (event.getMessage().equals("explode")) {
        throw new IllegalStateException("cannot encode");
      }
      return event.getFormattedMessage().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public byte[] footerBytes() {
      return null;
    }
  }
}
