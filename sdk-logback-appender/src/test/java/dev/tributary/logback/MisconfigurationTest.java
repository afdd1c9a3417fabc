package dev.tributary.logback;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.status.Status;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Behaviour 5: a bad setting is reported through Logback's status system with a message naming
 * the setting and the value, the appender stays stopped, and logging goes on without it.
 */
class MisconfigurationTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "missing topic          | kafka://127.0.0.1:9092 |          |                                                    | 'topic'",
      "illegal topic          | kafka://127.0.0.1:9092 | a topic! |                                                    | 'topic'",
      "missing destination    |                        | logs     |                                                    | 'destination'",
      "destination no scheme  | 127.0.0.1:9092         | logs     |                                                    | 'destination'",
      "unknown scheme         | kafak://127.0.0.1:9092 | logs     |                                                    | 'destination'",
      "bad port               | kafka://127.0.0.1:99999| logs     |                                                    | 'destination'",
      "bad size               | kafka://127.0.0.1:9092 | logs     | <bufferSize>32 megs</bufferSize>                    | 'bufferSize'",
      "too small size         | kafka://127.0.0.1:9092 | logs     | <bufferSize>10</bufferSize>                         | 'bufferSize'",
      "bad duration           | kafka://127.0.0.1:9092 | logs     | <deliveryTimeout>soon</deliveryTimeout>             | 'deliveryTimeout'",
      "bad linger             | kafka://127.0.0.1:9092 | logs     | <linger>2 hours</linger>                            | 'linger'",
      "bad close timeout      | kafka://127.0.0.1:9092 | logs     | <closeTimeout>-</closeTimeout>                      | 'closeTimeout'",
      "bad overflow policy    | kafka://127.0.0.1:9092 | logs     | <overflowPolicy>DROP_ALL</overflowPolicy>           | 'overflowPolicy'",
      "bad key strategy       | kafka://127.0.0.1:9092 | logs     | <keyStrategy>random</keyStrategy>                   | 'keyStrategy'",
      "bad header             | kafka://127.0.0.1:9092 | logs     | <header>novalue</header>                            | 'header'",
      "reserved field         | kafka://127.0.0.1:9092 | logs     | <field>level=x</field>                              | 'field'",
      "bad producer property  | kafka://127.0.0.1:9092 | logs     | <producerProperty>acks=maybe</producerProperty>     | 'producerProperty.acks'",
      "owned producer property| kafka://127.0.0.1:9092 | logs     | <producerProperty>bootstrap.servers=x:1</producerProperty> | 'producerProperty.bootstrap.servers'",
  })
  void isReportedNamingTheSettingAndTheAppenderStaysStopped(String name, String destination,
      String topic, String extra, String setting) {
    String xml = "<configuration>\n"
        + "  <appender name=\"KAFKA\" class=\"dev.tributary.logback.TributaryAppender\">\n"
        + (destination == null ? "" : "    <destination>" + destination + "</destination>\n")
        + (topic == null ? "" : "    <topic>" + topic + "</topic>\n")
        + "    <jmx>false</jmx>\n"
        + (extra == null ? "" : "    " + extra + "\n")
        + "  </appender>\n"
        + "  <root level=\"INFO\"><appender-ref ref=\"KAFKA\"/></root>\n"
        + "</configuration>\n";

    LoggerContext ctx = LogbackTesting.configure(xml);

    List<String> errors = LogbackTesting.statuses(ctx, Status.ERROR);
    assertThat(errors).as(LogbackTesting.statusText(ctx))
        .anySatisfy(m -> assertThat(m).contains("Not started").contains(setting));
    TributaryAppender appender = LogbackTesting.appender(ctx);
    assertThat(appender).isNotNull();
    assertThat(appender.isStarted()).isFalse();
    assertThat(appender.metrics()).isNull();
    // The application keeps running: logging neither throws nor blocks.
    ctx.getLogger("app").info("still alive");
    ctx.stop();
  }
}
