package dev.tributary.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * The folder of real proxy binaries, {@code shared/peers} beside the repository (kafka-pixy and
 * the Strimzi Kafka Bridge; its README says what they are), found as sdk-core's test kit finds
 * it: the system property {@value #PROPERTY}, the environment variable {@value #ENV}, or
 * {@code shared/peers} in the parent of the repository root or any folder above. A user's clone
 * has none; the suite then skips the benchmarks through real proxies with a line naming it.
 * Stateless.
 */
final class PeerFolder {
  static final String PROPERTY = "tributary.peers.dir";
  static final String ENV = "TRIBUTARY_PEERS_DIR";
  static final String PIXY_GZ = "kafka-pixy-v0.18.0-linux-amd64.gz";
  static final String BRIDGE_TGZ = "kafka-bridge-1.0.0.tar.gz";
  static final String BRIDGE_DIR = "kafka-bridge-1.0.0";
  /** Java the bridge runs on: a home with this feature release or newer. */
  static final int BRIDGE_JAVA = 21;
  static final String BRIDGE_JAVA_PROPERTY = "tributary.bridge.java.home";
  static final String BRIDGE_JAVA_ENV = "TRIBUTARY_BRIDGE_JAVA_HOME";

  private PeerFolder() {}

  /** The folder holding {@code file}, or empty. */
  static Optional<Path> find(String file) {
    String explicit = System.getProperty(PROPERTY, System.getenv(ENV));
    List<Path> candidates = new ArrayList<>();
    if (explicit != null && !explicit.isBlank()) {
      candidates.add(Path.of(explicit).toAbsolutePath());
    } else {
      Path root = Path.of("").toAbsolutePath();
      for (Path p = root; p != null && Files.isRegularFile(p.resolve("pom.xml"));
          p = p.getParent()) {
        root = p;
      }
      for (Path dir = root.getParent(); dir != null; dir = dir.getParent()) {
        candidates.add(dir.resolve("shared").resolve("peers"));
      }
    }
    return candidates.stream().filter(d -> Files.isRegularFile(d.resolve(file))).findFirst();
  }

  /** Why a peer cannot run here: the line the suite prints when it skips. */
  static String missing(String file) {
    return "needs the real proxies in ../shared/peers (" + file + ") next to the repository "
        + "or above it; not found from " + Path.of("").toAbsolutePath() + " (set -D" + PROPERTY
        + "=<dir> or " + ENV + " to point at it)";
  }

  /** The kafka-pixy binary, unpacked into {@code dir}. */
  static Path unpackPixy(Path dir) throws IOException {
    Path gz = find(PIXY_GZ).orElseThrow(() -> new IOException(missing(PIXY_GZ)))
        .resolve(PIXY_GZ);
    Path bin = dir.resolve("kafka-pixy");
    try (InputStream in = new GZIPInputStream(Files.newInputStream(gz));
        OutputStream out = Files.newOutputStream(bin)) {
      in.transferTo(out);
    }
    if (!bin.toFile().setExecutable(true)) {
      throw new IOException("cannot make " + bin + " executable");
    }
    return bin;
  }

  /** The bridge's distribution, unpacked into {@code dir}; returns its home. */
  static Path unpackBridge(Path dir) throws IOException {
    Path tgz = find(BRIDGE_TGZ).orElseThrow(() -> new IOException(missing(BRIDGE_TGZ)))
        .resolve(BRIDGE_TGZ);
    Process tar = new ProcessBuilder("tar", "-xzf", tgz.toString(), "-C", dir.toString())
        .redirectErrorStream(true).redirectOutput(dir.resolve("tar.log").toFile()).start();
    try {
      if (tar.waitFor() != 0) {
        throw new IOException("tar exited with " + tar.exitValue() + ": "
            + Files.readString(dir.resolve("tar.log")));
      }
    } catch (InterruptedException e) {
      tar.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted unpacking " + tgz, e);
    }
    return dir.resolve(BRIDGE_DIR);
  }

  /**
   * A {@code java} of release {@value #BRIDGE_JAVA}+ for the bridge: {@value
   * #BRIDGE_JAVA_PROPERTY} or {@value #BRIDGE_JAVA_ENV}, this JVM if it is one, {@code
   * JAVA_HOME}, else the newest under {@code /usr/lib/jvm}; empty when there is none.
   */
  static Optional<Path> bridgeJava() {
    List<Path> homes = new ArrayList<>();
    String explicit = System.getProperty(BRIDGE_JAVA_PROPERTY, System.getenv(BRIDGE_JAVA_ENV));
    if (explicit != null && !explicit.isBlank()) {
      homes.add(Path.of(explicit));
    }
    homes.add(Path.of(System.getProperty("java.home")));
    String javaHome = System.getenv("JAVA_HOME");
    if (javaHome != null && !javaHome.isBlank()) {
      homes.add(Path.of(javaHome));
    }
    try (Stream<Path> s = Files.list(Path.of("/usr/lib/jvm"))) {
      s.filter(p -> !Files.isSymbolicLink(p))
          .sorted((a, b) -> Integer.compare(feature(b), feature(a))).forEach(homes::add);
    } catch (IOException | RuntimeException noJvmFolder) {
      // Nothing more to offer.
    }
    return homes.stream().filter(h -> feature(h) >= BRIDGE_JAVA)
        .map(h -> h.resolve("bin").resolve("java")).filter(Files::isExecutable).findFirst();
  }

  /** The feature release a JDK home says it is ({@code release} file), or 0. */
  static int feature(Path home) {
    try {
      for (String line : Files.readAllLines(home.resolve("release"))) {
        if (line.startsWith("JAVA_VERSION=")) {
          String v = line.substring(line.indexOf('=') + 1).replace("\"", "");
          String first = v.split("[.+-]")[0];
          return Integer.parseInt(first.equals("1") ? v.split("\\.")[1] : first);
        }
      }
    } catch (IOException | RuntimeException unreadable) {
      // Not a JDK we can tell.
    }
    return 0;
  }
}
