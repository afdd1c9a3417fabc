package dev.tributary.internal;

import dev.tributary.spi.Diagnostics;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A JVM shutdown hook that closes one producer at exit, so records still buffered when
 * {@code main} returns (or {@code System.exit} is called) are delivered, within the producer's
 * close timeout, or reported. Removed when the producer is closed the normal way; a close
 * already done or under way at exit is not repeated (close is idempotent and returns the first
 * report). The hook thread is named {@code tributary-exit-<name>}. Thread-safe.
 *
 * <pre>{@code
 * ExitHook hook = ExitHook.register("orders", () -> producer.close(timeout), diagnostics);
 * ...
 * hook.remove(); // closed before exit: nothing left to do then
 * }</pre>
 */
public final class ExitHook {
  /** Where hooks go: the JVM's {@link Runtime} outside tests. */
  public interface Registry {
    /** @throws IllegalStateException if the JVM is already shutting down */
    void add(Thread hook);

    /** @throws IllegalStateException if the JVM is already shutting down */
    void remove(Thread hook);
  }

  /** The JVM's shutdown hooks. */
  public static final Registry RUNTIME = new Registry() {
    @Override
    public void add(Thread hook) {
      Runtime.getRuntime().addShutdownHook(hook);
    }

    @Override
    public void remove(Thread hook) {
      Runtime.getRuntime().removeShutdownHook(hook);
    }
  };

  private final Registry registry;
  private final Thread thread;
  private final AtomicBoolean removed = new AtomicBoolean();

  private ExitHook(Registry registry, Thread thread) {
    this.registry = registry;
    this.thread = thread;
  }

  /**
   * Registers {@code atExit} with the JVM; see
   * {@link #register(Registry, String, Runnable, Diagnostics)}.
   */
  public static ExitHook register(String name, Runnable atExit, Diagnostics diagnostics) {
    return register(RUNTIME, name, atExit, diagnostics);
  }

  /**
   * Registers a hook that runs {@code atExit}; whatever it throws is reported to
   * {@code diagnostics}, never out of the JVM's shutdown. If the JVM is already exiting, no hook
   * is registered (the caller's own close then decides what happens).
   */
  public static ExitHook register(Registry registry, String name, Runnable atExit,
      Diagnostics diagnostics) {
    Thread thread = new Thread(() -> {
      try {
        atExit.run();
      } catch (RuntimeException | Error e) {
        diagnostics.error("Closing at JVM exit failed", e);
      }
    }, "tributary-exit-" + name);
    ExitHook hook = new ExitHook(registry, thread);
    try {
      registry.add(thread);
    } catch (IllegalStateException shuttingDown) {
      hook.removed.set(true);
    }
    return hook;
  }

  /**
   * Takes the hook back: the producer was closed before exit. Once only; a no-op during the
   * JVM's shutdown (the JVM no longer takes hooks back then, and this hook's run is harmless).
   */
  public void remove() {
    if (removed.compareAndSet(false, true)) {
      try {
        registry.remove(thread);
      } catch (IllegalStateException shuttingDown) {
        // Exit under way: the hook runs, and finds the producer closed.
      }
    }
  }

  /** The hook's thread; tests run it to stand in for the JVM's exit. */
  Thread thread() {
    return thread;
  }

  /** Whether the hook is registered. */
  public boolean isRegistered() {
    return !removed.get();
  }
}
