package dev.tributary.benchmarks;

import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.TearDown;

/**
 * JMH state for one trial of one contestant against the broker: a fresh topic, a counter of
 * what arrived in it, and the contestant. At the end of the trial it waits for what is still
 * buffered, prints the trial's account (logged, in Kafka, dropped, unaccounted) and stops the
 * contestant as its framework's shutdown would. Subclasses are the scenarios' {@code @State}s
 * with their {@code @Param}s and call {@link #start} from their trial setup.
 */
public abstract class ShipperTrial {
  static final long STOP_SECONDS = 5;
  static final long STOP_CAP_SECONDS = 10;

  Target target;
  String topic;
  TopicCounter arrivals;
  LogShipper ship;
  /** Calls made over the whole trial, warm-up rounds included: the account's first line. */
  long logged;

  void start(String contestant, LogShipper.Buffering buffering) {
    start(Target.open(), contestant, buffering);
  }

  /** Starts the contestant on a fresh topic of {@code target}, which this trial then owns. */
  void start(Target target, String contestant, LogShipper.Buffering buffering) {
    this.target = target;
    topic = target.createTopic(contestant);
    arrivals = new TopicCounter(target.bootstrap(), topic, Target.PARTITIONS);
    ship = LogShipper.create(contestant, target.bootstrap(), topic, buffering);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    try {
      finish();
    } finally {
      target.close();
    }
  }

  /**
   * Waits for what is still buffered, prints the trial's account, stops the contestant and
   * deletes its topic; the target stays open.
   */
  void finish() {
    try {
      long inKafka = ship.shipsToKafka()
          ? ship.awaitDelivered(arrivals, logged, TightLoop.QUIET, TightLoop.DRAIN_CAP) : 0;
      long dropped = ship.dropped();
      String stats = ship.stats();
      System.out.printf("%n%s; trial: logged %,d, in Kafka %,d, dropped (counted) %s, "
          + "unaccounted %s; %s%n", stats, logged, inKafka,
          dropped < 0 ? "n/a" : String.format("%,d", dropped),
          ship.shipsToKafka() ? String.format("%,d", logged - inKafka - Math.max(0, dropped))
              : "n/a", ship.stopWithin(STOP_SECONDS, STOP_CAP_SECONDS));
    } finally {
      arrivals.close();
      target.deleteTopic(topic);
    }
  }

  /** One side of a paired trial: a shipper on a target the pair owns. */
  static final class Side extends ShipperTrial {
  }
}
