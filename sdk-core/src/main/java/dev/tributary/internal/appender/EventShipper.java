package dev.tributary.internal.appender;

import dev.tributary.TributaryRecord;
import java.util.function.Function;

/**
 * An appender's per-event path, on the logging thread: the {@link LoopGuard} first (a
 * logger-name prefix, then the thread name, then the re-entrancy flag, cheapest first), then
 * the offer to the producer, which runs the encoder and the {@link RecordShape} only once its
 * buffer has room for the record: an event a full buffer drops costs the logging thread no
 * encoding. What the guard keeps back and what fails to encode goes to the
 * {@link InternalEvents} policy. Never blocks beyond what the producer's overflow policy
 * allows. Immutable; thread-safe.
 *
 * @param <E> the framework's event type
 */
public final class EventShipper<E> {
  /** What became of one event. */
  public enum Outcome {
    /** In the producer's buffer. */
    OFFERED,
    /** Refused by the producer (full, too large, closed), which counted and reported it. */
    REFUSED,
    /** The encoder failed; counted and reported. */
    NOT_ENCODED,
    /** Kept from Kafka by the loop guard; forwarded to a fallback appender or counted. */
    KEPT_BACK
  }

  /** Turns an event into the record value: the appender's encoder or layout. */
  @FunctionalInterface
  public interface Encoder<E> {
    byte[] encode(E event);
  }

  /**
   * Hands the producer an event and how to build its record, as
   * {@code TributaryProducer.offer(source, build)}: false if it refused it (counted there);
   * throws only what {@code build} threw.
   */
  @FunctionalInterface
  public interface Offer<E> {
    boolean offer(E event, Function<? super E, TributaryRecord> build);
  }

  private final LoopGuard guard = new LoopGuard();
  private final EventView<E> view;
  private final InternalEvents<E> internal;
  private final Encoder<E> encoder;
  private final String encoderName;
  private final Offer<E> offer;
  /** Encoder, then record shape: what the producer runs once it has room for the record. */
  private final Function<E, TributaryRecord> build;
  private final boolean rethrowEncodingFailures;

  /**
   * @param encoderName names the encoder in the failure of one that produced nothing
   * @param rethrowEncodingFailures whether an encoder's exception, once counted, also reaches
   *     the caller (Log4j2's {@code ignoreExceptions="false"})
   */
  public EventShipper(EventView<E> view, InternalEvents<E> internal, RecordShape shape,
      Encoder<E> encoder, String encoderName, Offer<E> offer, boolean rethrowEncodingFailures) {
    this.view = view;
    this.internal = internal;
    this.encoder = encoder;
    this.encoderName = encoderName;
    this.offer = offer;
    this.rethrowEncodingFailures = rethrowEncodingFailures;
    this.build = event -> shape.record(event, view, encode(event));
  }

  /**
   * Ships {@code event}, or hands it to the internal-events policy.
   *
   * @throws RuntimeException or {@link LinkageError} the encoder threw, only when rethrowing
   */
  public Outcome ship(E event) {
    if (LoopGuard.isInternalLogger(view.loggerName(event))) {
      internal.handle(event, InternalEvents.INTERNAL_LOGGER);
      return Outcome.KEPT_BACK;
    }
    if (LoopGuard.isInternalThread(view.threadName(event))) {
      internal.handle(event, InternalEvents.INTERNAL_THREAD);
      return Outcome.KEPT_BACK;
    }
    if (!guard.enter()) {
      internal.handle(event, InternalEvents.REENTRANT);
      return Outcome.KEPT_BACK;
    }
    try {
      // A refused record is counted and reported by the producer itself, and never built.
      return offer.offer(event, build) ? Outcome.OFFERED : Outcome.REFUSED;
    } catch (RuntimeException | LinkageError e) {
      // Only the build throws out of the offer: the encoder, or the record shape.
      internal.encodingFailed(e);
      if (rethrowEncodingFailures) {
        throw e;
      }
      return Outcome.NOT_ENCODED;
    } finally {
      guard.exit();
    }
  }

  private byte[] encode(E event) {
    byte[] value = encoder.encode(event);
    if (value == null || value.length == 0) {
      throw new IllegalStateException("the encoder " + encoderName + " produced no bytes");
    }
    return value;
  }
}
