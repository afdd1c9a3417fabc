package dev.tributary.logback;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import ch.qos.logback.core.status.Status;
import dev.tributary.TributaryRecord;
import dev.tributary.testkit.CaptureTransportProvider;
import dev.tributary.testkit.SdkThread;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Events the shipping itself causes never reach Kafka: from the SDK's and its clients' loggers
 * and threads, and from inside the appender. They are counted, or handed to a fallback
 * appender named with a nested appender-ref.
 */
class LoopSafetyTest {

  @Test
  void eventsFromInternalLoggersAndThreadsAreDroppedAndCounted() throws Exception {
    String channel = "loop-drop";
    LoggerContext ctx = LogbackTesting.configure(
        LogbackTesting.appenderXml("capture://" + channel, "t", "DEBUG", ""));
    TributaryAppender appender = LogbackTesting.appender(ctx);

    ctx.getLogger("org.apache.kafka.clients.NetworkClient").warn("node -1 not available");
    ctx.getLogger("dev.tributary.internal.Sender").debug("x");
    ctx.getLogger("kafka.server.BrokerServer").info("x");
    ctx.getLogger("io.grpc.netty.Foo").info("x");
    ctx.getLogger("okhttp3.OkHttpClient").info("x");
    SdkThread.run(() -> ctx.getLogger("com.acme.App").info("from the sender thread"));
    ctx.getLogger("org.apache.kafkaesque.App").info("a user logger that merely looks similar");
    ctx.getLogger("com.acme.App").info("a user event");
    appender.stop();

    assertThat(CaptureTransportProvider.channel(channel))
        .extracting(r -> LogbackTesting.json(r.value()).get("message").asText())
        .containsExactly("a user logger that merely looks similar", "a user event");
    assertThat(appender.internalEventsDropped()).isEqualTo(6);
    // The Kafka client's warning is still visible, in the status system.
    assertThat(LogbackTesting.statuses(ctx, Status.WARN))
        .anySatisfy(m -> assertThat(m).contains("org.apache.kafka.clients.NetworkClient",
            "node -1 not available"));
    assertThat(LogbackTesting.statuses(ctx, Status.INFO))
        .anySatisfy(m -> assertThat(m).contains("Not shipped to Kafka: 1 event(s)"));
  }

  @Test
  void anEventLoggedWhileEncodingIsDroppedNotRecursedInto() {
    String channel = "loop-reentrant";
    LoggerContext ctx = LogbackTesting.configure(
        LogbackTesting.appenderXml("capture://" + channel, "t", "INFO", ""));
    Logger log = ctx.getLogger("com.acme.App");
    Object sneaky = new Object() {
      @Override
      public String toString() {
        // Runs inside the appender, while the encoder formats the message.
        log.info("logged from toString");
        return "sneaky";
      }
    };

    log.info("value is {}", sneaky);
    TributaryAppender appender = LogbackTesting.appender(ctx);
    appender.stop();

    List<TributaryRecord> records = CaptureTransportProvider.channel(channel);
    assertThat(records).extracting(r -> LogbackTesting.json(r.value()).get("message").asText())
        .containsExactly("value is sneaky");
    assertThat(appender.internalEventsDropped()).isEqualTo(1);
  }

  @Test
  void aNestedAppenderRefReceivesTheInternalEventsInstead() {
    String channel = "loop-fallback";
    LoggerContext ctx = LogbackTesting.configure("<configuration>\n"
        + "  <appender name=\"LIST\" class=\"ch.qos.logback.core.read.ListAppender\"/>\n"
        + "  <appender name=\"KAFKA\" class=\"dev.tributary.logback.TributaryAppender\">\n"
        + "    <destination>capture://" + channel + "</destination>\n"
        + "    <topic>t</topic>\n"
        + "    <jmx>false</jmx>\n"
        + "    <appender-ref ref=\"LIST\"/>\n"
        + "  </appender>\n"
        + "  <root level=\"INFO\"><appender-ref ref=\"KAFKA\"/></root>\n"
        + "</configuration>");
    TributaryAppender appender = LogbackTesting.appender(ctx);
    @SuppressWarnings("unchecked")
    ListAppender<ILoggingEvent> list = (ListAppender<ILoggingEvent>) appender.getAppender("LIST");
    assertThat(list).isNotNull();

    ctx.getLogger("org.apache.kafka.clients.producer.KafkaProducer").info("closing");
    ctx.getLogger("com.acme.App").info("shipped");

    assertThat(list.list).extracting(ILoggingEvent::getFormattedMessage)
        .containsExactly("closing");
    assertThat(appender.internalEventsForwarded()).isEqualTo(1);
    assertThat(appender.internalEventsDropped()).isZero();
    appender.stop();
    assertThat(CaptureTransportProvider.channel(channel)).hasSize(1);
  }
}
