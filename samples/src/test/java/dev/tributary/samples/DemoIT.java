package dev.tributary.samples;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DemoIT {

  @Test
  void everyOfferedLogEventArrivesInKafka() throws Exception {
    Demo.Result result = Demo.run(20_000, 4);

    assertThat(result.lost()).as(result.summary()).isZero();
    assertThat(result.received()).isEqualTo(20_000);
    assertThat(result.dropped()).isZero();
    assertThat(result.failed()).isZero();
    assertThat(result.closeReport().complete()).isTrue();
  }
}
