package dev.tributary.log4j2;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@link TributaryJsonLayout} writes; immutable.
 *
 * @param includeVersion write {@code "@version":"1"} as logstash does
 * @param includeThreadContext write ThreadContext entries (so SLF4J 2 key-values) as fields
 * @param includeKeyValues write a {@code MapMessage}'s entries as fields
 * @param includeTags write the marker and its parents as {@code tags}
 * @param appendNewline end each event with {@code \n}
 * @param maxStackTraceDepth frames per throwable, 0 = all
 * @param maxStackTraceLength characters of {@code stack_trace}, 0 = all
 * @param zone zone of {@code @timestamp}'s offset
 * @param fields static fields, in order
 */
record JsonOptions(boolean includeVersion, boolean includeThreadContext,
    boolean includeKeyValues, boolean includeTags, boolean appendNewline,
    int maxStackTraceDepth, int maxStackTraceLength, ZoneId zone, List<Field> fields) {

  JsonOptions {
    fields = List.copyOf(fields);
  }

  /** These options with {@code more} static fields after the present ones. */
  JsonOptions withFields(List<Field> more) {
    List<Field> all = new ArrayList<>(fields);
    all.addAll(more);
    return new JsonOptions(includeVersion, includeThreadContext, includeKeyValues, includeTags,
        appendNewline, maxStackTraceDepth, maxStackTraceLength, zone, all);
  }
}
