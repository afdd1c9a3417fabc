package dev.tributary.log4j2;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.Core;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;
import org.apache.logging.log4j.core.config.plugins.Plugin;
import org.apache.logging.log4j.core.config.plugins.PluginAttribute;
import org.apache.logging.log4j.core.config.plugins.PluginFactory;

/** Test appender {@code <Counting name=..>}: counts events and remembers their logger names. */
@Plugin(name = "Counting", category = Core.CATEGORY_NAME, elementType = Appender.ELEMENT_TYPE)
public final class CountingAppender extends AbstractAppender {
  final LongAdder count = new LongAdder();
  final Set<String> loggers = ConcurrentHashMap.newKeySet();

  private CountingAppender(String name) {
    super(name, null, null, true, Property.EMPTY_ARRAY);
  }

  @PluginFactory
  public static CountingAppender create(@PluginAttribute("name") String name) {
    return new CountingAppender(name);
  }

  @Override
  public void append(LogEvent event) {
    count.increment();
    if (loggers.size() < 1000) {
      loggers.add(event.getLoggerName());
    }
  }
}
