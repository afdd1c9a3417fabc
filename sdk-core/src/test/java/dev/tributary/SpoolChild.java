package dev.tributary;

import dev.tributary.spi.Diagnostics;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A stand-in service for the kill -9 test: logs numbered records through a producer with a
 * durable spool towards a broker that is not there, and prints how many the spool has written,
 * until it is killed. Arguments: spool directory, broker port.
 */
public final class SpoolChild {
  private SpoolChild() {}

  public static void main(String[] args) {
    TributaryProducer producer = TributaryProducer.create(
        TributaryConfig.builder("kafka://127.0.0.1:" + args[1])
            .diagnostics(Diagnostics.none())
            .spoolDir(Path.of(args[0]))
            .spoolSegmentBytes(256 * 1024)
            .overflowPolicy(OverflowPolicy.BLOCK)
            .maxBlockTime(Duration.ofSeconds(30))
            .build());
    for (int i = 0; ; i++) {
      producer.offer(TributaryRecord.of("killed", ByteBuffer.allocate(4).putInt(i).array()));
      if (i % 1000 == 0) {
        System.out.println("spooled=" + producer.metrics().spooled());
        System.out.flush();
      }
    }
  }
}
