package dev.tributary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TributaryRecordTest {
  @Test
  void headersKeepTheirOrderAndCannotBeChangedWhateverTheirNumber() {
    for (int n = 0; n <= 5; n++) {
      TributaryRecord.Builder b = TributaryRecord.builder("logs").value("v");
      List<String> names = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        b.header("h" + i, "v" + i);
        names.add("h" + i);
      }
      TributaryRecord r = b.build();
      assertThat(r.headers()).extracting(TributaryRecord.Header::key).as("%d headers", n)
          .containsExactlyElementsOf(names);
      assertThatThrownBy(() -> r.headers().add(TributaryRecord.Header.of("x", "y")))
          .isInstanceOf(UnsupportedOperationException.class);
    }
  }

  @Test
  void aBuilderUsedAgainLeavesTheFirstRecordsHeadersAlone() {
    TributaryRecord.Builder b = TributaryRecord.builder("logs").value("v")
        .header("a", "1").header("b", "2").header("c", "3");
    TributaryRecord first = b.build();
    b.header("d", "4");
    assertThat(first.headers()).extracting(TributaryRecord.Header::key)
        .containsExactly("a", "b", "c");
    assertThat(b.build().headers()).extracting(TributaryRecord.Header::key)
        .containsExactly("a", "b", "c", "d");
  }
}
