package dev.tributary.log4j2;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.logging.log4j.core.Layout;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.config.Node;
import org.apache.logging.log4j.core.config.plugins.Plugin;
import org.apache.logging.log4j.core.config.plugins.PluginFactory;
import org.apache.logging.log4j.core.layout.AbstractLayout;

/** Test layout {@code <CountingLayout/>}: the event's message as bytes, counting each encoding. */
@Plugin(name = "CountingLayout", category = Node.CATEGORY, elementType = Layout.ELEMENT_TYPE)
public final class CountingLayout extends AbstractLayout<byte[]> {
  static final AtomicInteger ENCODED = new AtomicInteger();

  private CountingLayout() {
    super(null, null, null);
  }

  @PluginFactory
  public static CountingLayout create() {
    return new CountingLayout();
  }

  @Override
  public byte[] toByteArray(LogEvent event) {
    ENCODED.incrementAndGet();
    return event.getMessage().getFormattedMessage().getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public byte[] toSerializable(LogEvent event) {
    return toByteArray(event);
  }

  @Override
  public String getContentType() {
    return "text/plain";
  }
}
