package dev.tributary.internal.appender;

import java.util.List;
import java.util.Map;

/**
 * A logging event as plain data, with the {@link EventView} that reads it, so the shared front
 * end is tested without either logging framework. Tags map each marker to the markers it
 * references.
 */
public record FakeEvent(String logger, String thread, String level, int levelValue,
    String message, Throwable thrown, Map<String, String> context,
    List<Map.Entry<String, Object>> keyValues, Map<String, List<String>> tags) {

  /** An INFO event of {@code logger} with nothing else. */
  public static FakeEvent info(String logger, String message) {
    return new FakeEvent(logger, "main", "INFO", 20_000, message, null, Map.of(), List.of(),
        Map.of());
  }

  public FakeEvent at(String newLevel, int value) {
    return new FakeEvent(logger, thread, newLevel, value, message, thrown, context, keyValues,
        tags);
  }

  public FakeEvent on(String newThread) {
    return new FakeEvent(logger, newThread, level, levelValue, message, thrown, context,
        keyValues, tags);
  }

  public FakeEvent with(Map<String, String> newContext, List<Map.Entry<String, Object>> kvs) {
    return new FakeEvent(logger, thread, level, levelValue, message, thrown, newContext, kvs,
        tags);
  }

  public FakeEvent tagged(Map<String, List<String>> newTags) {
    return new FakeEvent(logger, thread, level, levelValue, message, thrown, context, keyValues,
        newTags);
  }

  /** Reads {@link FakeEvent}s; the time is fixed at 2026-11-22T05:23:15.123Z. */
  public static final EventView<FakeEvent> VIEW = new EventView<>(e -> 1_795_324_995_123L,
      FakeEvent::logger, FakeEvent::thread) {
    @Override
    public String level(FakeEvent e) {
      return e.level();
    }

    @Override
    public int levelValue(FakeEvent e) {
      return e.levelValue();
    }

    @Override
    public CharSequence message(FakeEvent e, StringBuilder scratch) {
      return scratch.append(e.message());
    }

    @Override
    public boolean stackTrace(FakeEvent e, StackTraceWriter writer, StringBuilder out) {
      if (e.thrown() == null) {
        return false;
      }
      writer.write(e.thrown(), out);
      return true;
    }

    @Override
    public String contextValue(FakeEvent e, String key) {
      return e.context().get(key);
    }

    @Override
    public void contextEntries(FakeEvent e, FieldSink sink) {
      e.context().forEach(sink::field);
    }

    @Override
    public void keyValues(FakeEvent e, FieldSink sink) {
      e.keyValues().forEach(kv -> sink.field(kv.getKey(), kv.getValue()));
    }

    @Override
    public void tags(FakeEvent e, TagSink sink) {
      for (String marker : e.tags().keySet().stream().sorted().toList()) {
        tag(e, marker, sink);
      }
    }

    private void tag(FakeEvent e, String marker, TagSink sink) {
      if (sink.tag(marker)) {
        for (String ref : e.tags().getOrDefault(marker, List.of())) {
          tag(e, ref, sink);
        }
      }
    }

    @Override
    public String failedToString(Object value, RuntimeException e) {
      return "[FAILED: " + e.getMessage() + "]";
    }
  };
}
