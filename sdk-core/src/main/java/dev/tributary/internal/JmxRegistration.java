package dev.tributary.internal;

import dev.tributary.DestinationMetrics;
import dev.tributary.DropReason;
import dev.tributary.ProducerMetrics;
import dev.tributary.spi.Diagnostics;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import javax.management.InstanceAlreadyExistsException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * Registers a producer's metrics as {@code dev.tributary:type=Producer,clientId=<id>}, and each
 * destination's as {@code dev.tributary:type=Destination,clientId=<id>,destination=<name>}. A name
 * already taken (two producers with one client id) gets a numeric suffix; a JMX failure is
 * reported and otherwise ignored, since metrics must never stop delivery.
 */
public final class JmxRegistration implements AutoCloseable {
  private final ObjectName name;
  private final List<ObjectName> destinations;

  private JmxRegistration(ObjectName name, List<ObjectName> destinations) {
    this.name = name;
    this.destinations = destinations;
  }

  /** Registers {@code metrics}; returns a handle whose close unregisters, never null. */
  public static JmxRegistration register(String clientId, ProducerMetrics metrics,
      Diagnostics diagnostics) {
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    Adapter bean = new Adapter(metrics);
    for (int i = 0; i < 100; i++) {
      String id = i == 0 ? clientId : clientId + "-" + i;
      try {
        ObjectName name = new ObjectName("dev.tributary:type=Producer,clientId="
            + ObjectName.quote(id));
        server.registerMBean(bean, name);
        return new JmxRegistration(name, registerDestinations(server, id, metrics, diagnostics));
      } catch (InstanceAlreadyExistsException e) {
        // try the next suffix
      } catch (JMException | RuntimeException e) {
        diagnostics.warn("Could not register JMX metrics for producer " + clientId, e);
        break;
      }
    }
    return new JmxRegistration(null, List.of());
  }

  private static List<ObjectName> registerDestinations(MBeanServer server, String id,
      ProducerMetrics metrics, Diagnostics diagnostics) {
    List<ObjectName> names = new ArrayList<>();
    for (DestinationMetrics d : metrics.destinations()) {
      try {
        ObjectName name = new ObjectName("dev.tributary:type=Destination,clientId="
            + ObjectName.quote(id) + ",destination=" + ObjectName.quote(d.name()));
        server.registerMBean(new DestinationAdapter(d), name);
        names.add(name);
      } catch (JMException | RuntimeException e) {
        diagnostics.warn("Could not register JMX metrics for destination " + d.name()
            + " of producer " + id, e);
      }
    }
    return List.copyOf(names);
  }

  /** The registered name, or null when registration failed. */
  public ObjectName name() {
    return name;
  }

  /** The registered names of the destinations' beans, primary first. */
  public List<ObjectName> destinationNames() {
    return destinations;
  }

  @Override
  public void close() {
    List<ObjectName> all = new ArrayList<>(destinations);
    if (name != null) {
      all.add(name);
    }
    for (ObjectName n : all) {
      try {
        ManagementFactory.getPlatformMBeanServer().unregisterMBean(n);
      } catch (JMException ignored) {
        // already gone
      }
    }
  }

  private static final class Adapter implements ProducerMetricsMXBean {
    private final ProducerMetrics m;

    Adapter(ProducerMetrics m) {
      this.m = m;
    }

    @Override
    public long getAppended() {
      return m.appended();
    }

    @Override
    public long getSent() {
      return m.sent();
    }

    @Override
    public long getUnconfirmed() {
      return m.unconfirmed();
    }

    @Override
    public long getRetried() {
      return m.retried();
    }

    @Override
    public long getFailed() {
      return m.failed();
    }

    @Override
    public long getDropped() {
      return m.dropped();
    }

    @Override
    public long getDroppedBufferFull() {
      return m.dropped(DropReason.BUFFER_FULL);
    }

    @Override
    public long getDroppedEvicted() {
      return m.dropped(DropReason.EVICTED);
    }

    @Override
    public long getDroppedBlockTimeout() {
      return m.dropped(DropReason.BLOCK_TIMEOUT);
    }

    @Override
    public long getDroppedRecordTooLarge() {
      return m.dropped(DropReason.RECORD_TOO_LARGE);
    }

    @Override
    public long getDroppedClosed() {
      return m.dropped(DropReason.CLOSED);
    }

    @Override
    public long getBufferedBytes() {
      return m.bufferedBytes();
    }

    @Override
    public long getPendingRecords() {
      return m.pendingRecords();
    }

    @Override
    public long getBatchesCompleted() {
      return m.batchesCompleted();
    }

    @Override
    public double getBatchSendLatencyAvgMs() {
      return m.batchSendLatencyAvgMs();
    }

    @Override
    public double getBatchSendLatencyMaxMs() {
      return m.batchSendLatencyMaxMs();
    }

    @Override
    public long getSpooled() {
      return m.spooled();
    }

    @Override
    public long getReplayed() {
      return m.replayed();
    }

    @Override
    public long getSpoolCorruptRegions() {
      return m.spoolCorruptRegions();
    }

    @Override
    public long getSpoolDiskBytes() {
      return m.spoolDiskBytes();
    }

    @Override
    public long getDroppedSpoolCap() {
      return m.dropped(DropReason.SPOOL_CAP);
    }

    @Override
    public long getDestinationSwitches() {
      return m.destinationSwitches();
    }
  }

  private static final class DestinationAdapter implements DestinationMetricsMXBean {
    private final DestinationMetrics d;

    DestinationAdapter(DestinationMetrics d) {
      this.d = d;
    }

    @Override
    public String getDestination() {
      return d.destination();
    }

    @Override
    public boolean isActive() {
      return d.active();
    }

    @Override
    public long getSent() {
      return d.sent();
    }

    @Override
    public long getRetried() {
      return d.retried();
    }

    @Override
    public long getFailed() {
      return d.failed();
    }

    @Override
    public long getDropped() {
      return d.dropped();
    }

    @Override
    public long getPendingRecords() {
      return d.pendingRecords();
    }

    @Override
    public long getSwitchedTo() {
      return d.switchedTo();
    }
  }
}
