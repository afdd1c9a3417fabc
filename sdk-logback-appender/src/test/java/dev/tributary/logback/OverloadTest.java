package dev.tributary.logback;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.tributary.DropReason;
import dev.tributary.ProducerMetrics;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A full buffer drops events before the encoder runs: the logging thread pays no encoding. */
class OverloadTest {
  /** The default JSON encoder, counting the events it encodes. */
  public static final class CountingEncoder extends JsonEncoder {
    static final AtomicInteger ENCODED = new AtomicInteger();

    @Override
    public byte[] encode(ILoggingEvent event) {
      ENCODED.incrementAndGet();
      return super.encode(event);
    }
  }

  @Test
  void eventsAFullBufferDropsAreCountedAndNeverEncoded() {
    // A destination that never answers: the 8 KB buffer fills and stays full.
    LoggerContext context = LogbackTesting.configure(LogbackTesting.appenderXml(
        "capture://hang-overload-" + System.nanoTime(), "app-logs", "INFO",
        "    <bufferSize>8KB</bufferSize>\n    <maxRecordSize>2KB</maxRecordSize>\n"
            + "    <closeTimeout>100 milliseconds</closeTimeout>\n"
            + "    <encoder class=\"" + CountingEncoder.class.getName() + "\"/>\n"));
    try {
      CountingEncoder.ENCODED.set(0);
      org.slf4j.Logger log = context.getLogger("app");
      for (int i = 0; i < 2000; i++) {
        log.info("the same line, over and over");
      }
      ProducerMetrics m = LogbackTesting.appender(context).metrics();
      assertThat(m.appended() + m.dropped(DropReason.BUFFER_FULL)).isEqualTo(2000);
      assertThat(m.dropped(DropReason.BUFFER_FULL)).isGreaterThan(1900);
      // Each accepted event was encoded; of the dropped, at most the one that found the edge.
      assertThat((long) CountingEncoder.ENCODED.get()).isBetween(m.appended(),
          m.appended() + 1);
    } finally {
      context.stop();
    }
  }
}
