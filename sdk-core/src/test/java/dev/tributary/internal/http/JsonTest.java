package dev.tributary.internal.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

  @Test
  void readsTheShapesProxiesAnswerWith() throws Exception {
    Object v = Json.parse(" {\n  \"offsets\": [ {\"partition\": 0, \"offset\": 12, "
        + "\"error_code\": null, \"error\": null}, {\"error_code\": 50003, \"error\": "
        + "\"Leader \\\"x\\\" \\u00e9\\n\"} ], \"key_schema_id\": null, \"ok\": true, "
        + "\"ratio\": -1.5e2 } ");
    assertThat(v).isInstanceOf(Map.class);
    Map<?, ?> m = (Map<?, ?>) v;
    List<?> offsets = (List<?>) m.get("offsets");
    @SuppressWarnings("unchecked")
    Map<String, Object> first = (Map<String, Object>) offsets.get(0);
    assertThat(first).containsEntry("partition", 0L).containsEntry("offset", 12L)
        .containsEntry("error_code", null);
    assertThat(((Map<?, ?>) offsets.get(1)).get("error")).isEqualTo("Leader \"x\" \u00e9\n");
    assertThat(m.get("ok")).isEqualTo(true);
    assertThat(m.get("ratio")).isEqualTo(-150.0);
    assertThat(m.containsKey("key_schema_id")).isTrue();
  }

  @Test
  void truncatedOrMalformedInputIsAMalformedJsonException() {
    for (String bad : Arrays.asList("", "{", "{\"offsets\":[{\"partition\":0,", "{\"a\":1,}",
        "[1 2]", "{\"a\":tru}", "{\"a\":\"x", "{\"a\":\"\\u12\"}", "{} x", "<html>", "-",
        "{\"a\":\"\\q\"}", "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]")) {
      assertThatThrownBy(() -> Json.parse(bad)).as(bad)
          .isInstanceOf(Json.MalformedJsonException.class);
      assertThat(Json.objectOrNull(bad)).isNull();
    }
  }

  @Test
  void hugeIntegersBecomeDoublesInsteadOfFailing() throws Exception {
    assertThat(Json.parse("123456789012345678901234567890")).isInstanceOf(Double.class);
    assertThat(Json.parse("9223372036854775807")).isEqualTo(Long.MAX_VALUE);
  }
}
