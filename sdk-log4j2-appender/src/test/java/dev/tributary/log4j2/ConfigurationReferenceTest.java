package dev.tributary.log4j2;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.testkit.AppenderDefaults;
import dev.tributary.testkit.ReadmeReference;
import java.lang.reflect.Field;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.apache.logging.log4j.core.config.plugins.Plugin;
import org.apache.logging.log4j.core.config.plugins.PluginBuilderAttribute;
import org.apache.logging.log4j.core.config.plugins.PluginElement;
import org.junit.jupiter.api.Test;

/**
 * Every attribute and nested element of the {@code <Tributary>} plugin and of
 * {@code <TributaryJsonLayout>} (each field of their builders that Log4j2 injects, Log4j2's
 * inherited ones included) is named in the README's configuration reference, with the default
 * the code uses.
 */
class ConfigurationReferenceTest {

  @Test
  void everyAppenderAttributeAndElementIsInTheLog4j2AppenderTable() {
    Set<String> settings = pluginSettings(TributaryAppenderBuilder.class);
    assertThat(settings).contains("name", "destination", "ignoreexceptions", "property",
        "header", "field", "appenderref", "layout", "filter");
    assertThat(documented("Log4j2: `<Tributary>`")).containsAll(settings)
        .doesNotContain("nosuchsetting");
  }

  @Test
  void everyLayoutAttributeAndElementIsInTheLayoutTable() {
    Set<String> settings = pluginSettings(TributaryJsonLayout.Builder.class);
    assertThat(settings).contains("timezone", "includethreadcontext", "field");
    assertThat(documented("Log4j2: `<TributaryJsonLayout>`")).containsAll(settings);
  }

  @Test
  void appenderDefaultsAreTheConstantsInTheAppendersSyntax() {
    AppenderDefaults.assertDocumented("Log4j2: `<Tributary>`",
        TributaryAppenderBuilder.DEFAULT_CLOSE_TIMEOUT, "Log4j2: `<TributaryJsonLayout>`",
        TributaryJsonLayout.DEFAULT_MAX_STACK_TRACE_LENGTH);
  }

  /** Log4j2 matches attribute and element names ignoring case; so does this test. */
  private static Set<String> documented(String subsection) {
    Set<String> names = new TreeSet<>();
    ReadmeReference.names(subsection).forEach(n -> names.add(n.toLowerCase(Locale.ROOT)));
    return names;
  }

  /**
   * The attribute names and element names a builder takes, lower-cased: an element of a plugin
   * type is named by the plugin ({@code <Property>}), any other by its annotation
   * ({@code Layout}).
   */
  private static Set<String> pluginSettings(Class<?> builder) {
    Set<String> names = new TreeSet<>();
    for (Class<?> c = builder; c != null; c = c.getSuperclass()) {
      for (Field f : c.getDeclaredFields()) {
        PluginBuilderAttribute attribute = f.getAnnotation(PluginBuilderAttribute.class);
        if (attribute != null) {
          String name = attribute.value().isEmpty() ? f.getName() : attribute.value();
          names.add(name.toLowerCase(Locale.ROOT));
        }
        PluginElement element = f.getAnnotation(PluginElement.class);
        if (element != null) {
          Class<?> type = f.getType().isArray() ? f.getType().getComponentType() : f.getType();
          Plugin plugin = type.getAnnotation(Plugin.class);
          String name = plugin != null ? plugin.name() : element.value();
          names.add(name.toLowerCase(Locale.ROOT));
        }
      }
    }
    return names;
  }
}
