package dev.tributary.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.TestAbortedException;

/** Where the test kit looks for the real proxies, wherever the repository was cloned. */
class PeersTest {
  @TempDir
  Path dir;

  @Test
  void theRepositoryRootIsTheTopOfTheChainOfPomDirectories() throws Exception {
    Path repo = Files.createDirectories(dir.resolve("ci/checkout/repo"));
    Path module = Files.createDirectories(repo.resolve("sdk-core"));
    Files.writeString(repo.resolve("pom.xml"), "<project/>");
    Files.writeString(module.resolve("pom.xml"), "<project/>");
    assertThat(Peers.repositoryRoot(module)).isEqualTo(repo);
    assertThat(Peers.repositoryRoot(repo)).isEqualTo(repo);
  }

  @Test
  void sharedPeersIsLookedForBesideTheRepositoryAndAboveItNeverInside() throws Exception {
    Path repo = Files.createDirectories(dir.resolve("ci/checkout/repo"));
    Path module = Files.createDirectories(repo.resolve("sdk-grpc"));
    Files.writeString(repo.resolve("pom.xml"), "<project/>");
    Files.writeString(module.resolve("pom.xml"), "<project/>");
    assertThat(Peers.candidates(module)).startsWith(
        dir.resolve("ci/checkout/shared/peers"), dir.resolve("ci/shared/peers"),
        dir.resolve("shared/peers")).doesNotContain(repo.resolve("shared/peers"));
  }

  @Test
  void withoutTheBinariesATestIsSkippedWithAMessageNamingTheFolder() {
    String before = System.getProperty(Peers.PROPERTY);
    System.setProperty(Peers.PROPERTY, dir.toString());
    try {
      assertThatThrownBy(() -> Peers.require(Peers.PIXY_GZ))
          .isInstanceOf(TestAbortedException.class).hasMessageContaining("../shared/peers")
          .hasMessageContaining(Peers.PROPERTY);
    } finally {
      if (before == null) {
        System.clearProperty(Peers.PROPERTY);
      } else {
        System.setProperty(Peers.PROPERTY, before);
      }
    }
  }
}
