package dev.tributary.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Assumptions;

/**
 * Finds the folder of real proxy binaries ({@code shared/peers}: kafka-pixy and the Strimzi Kafka
 * Bridge) and unpacks them under the module's {@code target/}.
 *
 * <p>The folder lives outside the repository, which may be cloned anywhere: it is looked for as
 * {@code shared/peers} in the repository root's parent and each ancestor above it. The system
 * property {@value #PROPERTY} or the environment variable {@value #ENV} names it explicitly.
 * Where it is absent (a user's clone) the tests that need it are skipped, by a JUnit
 * assumption whose message names {@code ../shared/peers}.
 *
 * <p>Thread-safe; unpacking happens once per JVM and binary.
 */
public final class Peers {
  /** System property naming the peers folder. */
  public static final String PROPERTY = "tributary.peers.dir";
  /** Environment variable naming the peers folder. */
  public static final String ENV = "TRIBUTARY_PEERS_DIR";
  static final String PIXY_GZ = "kafka-pixy-v0.18.0-linux-amd64.gz";
  static final String BRIDGE_TGZ = "kafka-bridge-1.0.0.tar.gz";
  static final String BRIDGE_DIR = "kafka-bridge-1.0.0";

  private Peers() {}

  /** The peers folder, or empty where it cannot be found. */
  public static Optional<Path> find() {
    String explicit = System.getProperty(PROPERTY, System.getenv(ENV));
    if (explicit != null && !explicit.isBlank()) {
      Path p = Paths.get(explicit).toAbsolutePath();
      return Files.isDirectory(p) ? Optional.of(p) : Optional.empty();
    }
    for (Path dir : candidates(Paths.get("").toAbsolutePath())) {
      if (Files.isRegularFile(dir.resolve(PIXY_GZ)) || Files.isRegularFile(dir.resolve(BRIDGE_TGZ))) {
        return Optional.of(dir);
      }
    }
    return Optional.empty();
  }

  /** {@code shared/peers} in the repository root's parent and each ancestor above it. */
  static List<Path> candidates(Path workingDir) {
    Path root = repositoryRoot(workingDir);
    List<Path> out = new ArrayList<>();
    for (Path dir = root.getParent(); dir != null; dir = dir.getParent()) {
      out.add(dir.resolve("shared").resolve("peers"));
    }
    return out;
  }

  /**
   * The highest directory of the unbroken chain of {@code pom.xml} directories above
   * {@code dir}: a test runs in its module's directory, below the aggregator's.
   */
  static Path repositoryRoot(Path dir) {
    Path root = dir;
    for (Path p = dir; p != null && Files.isRegularFile(p.resolve("pom.xml")); p = p.getParent()) {
      root = p;
    }
    return root;
  }

  /** The peers folder, or aborts the calling test (skipped) with a message naming it. */
  public static Path require(String file) {
    Optional<Path> dir = find();
    Assumptions.assumeTrue(dir.isPresent() && Files.isRegularFile(dir.get().resolve(file)),
        () -> "Skipped: needs the real proxies in ../shared/peers (" + file + ") next to the "
            + "repository or above it; not found from " + Paths.get("").toAbsolutePath()
            + " (set -D" + PROPERTY + "=<dir> or " + ENV + " to point at it)");
    return dir.get();
  }

  /** The kafka-pixy binary, unpacked under {@code target/peers}; skips the test without it. */
  static synchronized Path pixyBinary() {
    Path gz = require(PIXY_GZ).resolve(PIXY_GZ);
    Path bin = unpackDir().resolve("kafka-pixy");
    try {
      if (!Files.isExecutable(bin) || Files.getLastModifiedTime(bin).compareTo(
          Files.getLastModifiedTime(gz)) < 0) {
        Path tmp = Files.createTempFile(unpackDir(), "kafka-pixy", ".tmp");
        try (InputStream in = new GZIPInputStream(Files.newInputStream(gz));
            OutputStream out = Files.newOutputStream(tmp)) {
          in.transferTo(out);
        }
        if (!tmp.toFile().setExecutable(true)) {
          throw new IOException("cannot make " + tmp + " executable");
        }
        Files.move(tmp, bin, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      }
      return bin;
    } catch (IOException e) {
      throw new IllegalStateException("Could not unpack " + gz + " to " + bin, e);
    }
  }

  /** The Strimzi bridge's distribution folder under {@code target/peers}. */
  static synchronized Path bridgeHome() {
    Path tgz = require(BRIDGE_TGZ).resolve(BRIDGE_TGZ);
    Path home = unpackDir().resolve(BRIDGE_DIR);
    if (Files.isDirectory(home.resolve("libs"))) {
      return home;
    }
    try {
      Path tmp = Files.createTempDirectory(unpackDir(), "bridge");
      Process tar = new ProcessBuilder("tar", "-xzf", tgz.toString(), "-C", tmp.toString())
          .redirectErrorStream(true).redirectOutput(tmp.resolve("tar.log").toFile()).start();
      if (tar.waitFor() != 0) {
        throw new IOException("tar exited with " + tar.exitValue() + ": "
            + Files.readString(tmp.resolve("tar.log")));
      }
      Files.move(tmp.resolve(BRIDGE_DIR), home, StandardCopyOption.ATOMIC_MOVE);
      return home;
    } catch (IOException e) {
      throw new IllegalStateException("Could not unpack " + tgz + " to " + home, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted unpacking " + tgz, e);
    }
  }

  /** {@code target/peers} of the module the tests run in. */
  static Path unpackDir() {
    Path dir = Paths.get("target", "peers").toAbsolutePath();
    try {
      return Files.createDirectories(dir);
    } catch (IOException e) {
      throw new IllegalStateException("Cannot create " + dir, e);
    }
  }
}
