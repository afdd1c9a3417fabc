package dev.tributary.logback;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.testkit.AppenderDefaults;
import dev.tributary.testkit.ReadmeReference;
import java.beans.Introspector;
import java.lang.reflect.Method;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Every XML setting of the appender and of {@link JsonEncoder} (each public {@code set…} or
 * {@code add…} method Tributary declares, which Joran maps to an element) is named in the
 * README's configuration reference, with the default the code uses.
 */
class ConfigurationReferenceTest {

  @Test
  void everyAppenderSettingIsInTheLogbackAppenderTable() {
    Set<String> settings = xmlSettings(TributaryAppender.class);
    assertThat(settings).contains("destination", "topic", "producerProperty", "appender-ref");
    assertThat(ReadmeReference.names("Logback: `TributaryAppender`")).containsAll(settings)
        .doesNotContain("noSuchSetting");
  }

  @Test
  void everyEncoderSettingIsInTheJsonEncoderTable() {
    Set<String> settings = xmlSettings(JsonEncoder.class);
    assertThat(settings).contains("field", "maxStackTraceLength", "timeZone");
    assertThat(ReadmeReference.names("Logback: `JsonEncoder`")).containsAll(settings);
  }

  @Test
  void appenderDefaultsAreTheConstantsInLogbackSyntax() {
    AppenderDefaults.assertDocumented("Logback: `TributaryAppender`",
        AppenderSettings.DEFAULT_CLOSE_TIMEOUT, "Logback: `JsonEncoder`",
        JsonEncoder.DEFAULT_MAX_STACK_TRACE_LENGTH);
  }

  /** The element names of {@code type}'s Tributary-declared setters and adders. */
  private static Set<String> xmlSettings(Class<?> type) {
    Set<String> names = new TreeSet<>();
    for (Method m : type.getMethods()) {
      String name = m.getName();
      boolean ours = m.getDeclaringClass().getPackageName().startsWith("dev.tributary");
      if (ours && m.getParameterCount() == 1
          && (name.startsWith("set") || name.startsWith("add"))) {
        String property = Introspector.decapitalize(name.substring(3));
        // AppenderAttachable.addAppender is what Joran calls for a nested <appender-ref>.
        names.add(property.equals("appender") ? "appender-ref" : property);
      }
    }
    return names;
  }
}
