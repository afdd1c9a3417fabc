package dev.tributary.internal.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

class IsoTimestampFormatterTest {

  @Test
  void matchesIsoOffsetDateTimeWithMillisecondsAcrossZonesAndDstChanges() {
    for (String zone : new String[] {"UTC", "Europe/Paris", "America/St_Johns", "+05:45"}) {
      IsoTimestampFormatter f = new IsoTimestampFormatter(ZoneId.of(zone));
      // Every hour across the 2026 spring-forward and fall-back of Paris and St. John's, plus
      // sub-second steps inside one second (the cached path).
      long start = Instant.parse("2026-03-07T00:00:00.007Z").toEpochMilli();
      for (long t = start; t < start + 400L * 24 * 3600_000; t += 3600_000 + 1) {
        check(f, zone, t);
        check(f, zone, t + 999);
      }
      check(f, zone, 0);
      check(f, zone, -1);
    }
  }

  private static void check(IsoTimestampFormatter f, String zone, long millis) {
    StringBuilder sb = new StringBuilder();
    f.formatTo(millis, sb);
    String expected = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSXXXXX")
        .format(Instant.ofEpochMilli(millis).truncatedTo(ChronoUnit.MILLIS)
            .atZone(ZoneId.of(zone)));
    assertThat(sb.toString()).as("%s in %s", millis, zone).isEqualTo(expected);
  }
}
