package dev.tributary.internal.spool;

import dev.tributary.TributaryConfigException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Keeps two producers off one spool directory: a file lock against other processes, and a
 * table of the directories this JVM's producers hold, with a future completed when each is
 * released, so a producer replacing another in this JVM (a configuration reload) can take the
 * directory over then instead of failing.
 */
final class DirectoryLock {
  static final String FILE = "tributary.lock";
  private static final String SETTING = "spoolDir";
  /** Guarded by itself. */
  private static final Map<Path, CompletableFuture<Void>> HELD = new HashMap<>();

  private final Path key;
  private final FileChannel channel;
  private final FileLock lock;

  private DirectoryLock(Path key, FileChannel channel, FileLock lock) {
    this.key = key;
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Creates {@code dir} if needed and locks it.
   *
   * @throws TributaryConfigException naming {@code spoolDir} when another producer holds it
   * @throws IOException when the directory or its lock file cannot be created
   */
  static DirectoryLock acquire(Path dir) throws IOException {
    Path key = key(dir);
    synchronized (HELD) {
      Files.createDirectories(dir);
      FileChannel ch = FileChannel.open(dir.resolve(FILE), StandardOpenOption.CREATE,
          StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = ch.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null;
      } catch (IOException | RuntimeException e) {
        ch.close();
        throw e;
      }
      if (lock == null || HELD.containsKey(key)) {
        ch.close(); // releases the lock too, if it was taken
        throw new TributaryConfigException(SETTING, dir.toString(), "the directory is in use "
            + "by another producer (" + dir.resolve(FILE) + " is locked); give each "
            + "producer its own spool directory");
      }
      HELD.put(key, new CompletableFuture<>());
      return new DirectoryLock(key, ch, lock);
    }
  }

  /** A future completed when this JVM's producer holding {@code dir} releases it; else null. */
  static CompletableFuture<Void> heldInThisJvm(Path dir) {
    synchronized (HELD) {
      return HELD.get(key(dir));
    }
  }

  /** Releases the directory, and tells a producer waiting to take it over. */
  void release() {
    CompletableFuture<Void> released;
    synchronized (HELD) {
      try {
        lock.release();
      } catch (IOException ignored) {
        // closing the channel releases it too
      }
      try {
        channel.close();
      } catch (IOException ignored) {
        // best effort: the process is done with it
      }
      released = HELD.remove(key);
    }
    if (released != null) {
      released.complete(null);
    }
  }

  private static Path key(Path dir) {
    return dir.toAbsolutePath().normalize();
  }
}
