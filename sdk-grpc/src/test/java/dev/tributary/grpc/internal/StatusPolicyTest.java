package dev.tributary.grpc.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Metadata;
import io.grpc.Status;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The status table, for every gRPC code. */
class StatusPolicyTest {
  @Test
  void onlyPassingFaultsAreRetriable() {
    Set<Status.Code> retriable = EnumSet.of(Status.Code.UNAVAILABLE,
        Status.Code.DEADLINE_EXCEEDED, Status.Code.RESOURCE_EXHAUSTED, Status.Code.UNKNOWN,
        Status.Code.CANCELLED, Status.Code.ABORTED);
    for (Status.Code code : Status.Code.values()) {
      if (code != Status.Code.OK) {
        assertThat(StatusPolicy.isRetriable(code)).as(code.name())
            .isEqualTo(retriable.contains(code));
      }
    }
  }

  @Test
  void retryPushbackIsReadOnlyWhenWellFormed() {
    assertThat(StatusPolicy.retryAfter(null)).isNull();
    assertThat(StatusPolicy.retryAfter(pushback("250"))).isEqualTo(Duration.ofMillis(250));
    assertThat(StatusPolicy.retryAfter(pushback("-1"))).isNull();
    assertThat(StatusPolicy.retryAfter(pushback("soon"))).isNull();
    assertThat(StatusPolicy.retryAfter(new Metadata())).isNull();
  }

  private static Metadata pushback(String value) {
    Metadata md = new Metadata();
    md.put(StatusPolicy.RETRY_PUSHBACK, value);
    return md;
  }
}
