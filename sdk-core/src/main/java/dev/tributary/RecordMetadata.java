package dev.tributary;

/**
 * Where a record landed: topic, partition and offset as acknowledged by the destination.
 *
 * <p>Proxies that do not report a position (for example a REST proxy answering with null
 * offsets) yield {@code -1} for partition and offset.
 */
public record RecordMetadata(String topic, int partition, long offset) {}
