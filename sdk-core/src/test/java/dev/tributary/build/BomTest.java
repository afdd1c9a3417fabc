package dev.tributary.build;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.testkit.Pom;
import dev.tributary.testkit.Pom.Dependency;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code sdk-bom} lists exactly the modules a deploy publishes: every jar module of the reactor
 * that does not set {@code maven.deploy.skip}. A new published module missing from the BOM, or a
 * sample that would be published, fails here.
 */
class BomTest {
  private static final Pom ROOT = Pom.root();

  @Test
  void theBomListsEveryPublishedModuleAndNothingElse() {
    List<String> published = ROOT.modules().stream()
        .map(module -> Pom.read(ROOT.dir().resolve(module).resolve("pom.xml")))
        .filter(pom -> pom.packaging().equals("jar"))
        .filter(pom -> !"true".equals(pom.properties().get("maven.deploy.skip")))
        .map(Pom::artifactId)
        .toList();
    assertThat(published).as("published jar modules")
        .containsExactlyInAnyOrder("sdk-core", "sdk-grpc", "sdk-logback-appender",
            "sdk-log4j2-appender");

    Pom bom = Pom.read(ROOT.dir().resolve("sdk-bom/pom.xml"));
    assertThat(bom.managedDependencies()).extracting(Dependency::artifactId)
        .containsExactlyInAnyOrderElementsOf(published);
    for (Dependency d : bom.managedDependencies()) {
      assertThat(d.groupId()).as(d.artifactId()).isEqualTo("dev.tributary");
      assertThat(bom.resolve(d.version())).as(d.artifactId()).isEqualTo(ROOT.version());
      assertThat(d.type()).as(d.artifactId()).isEqualTo("jar");
      assertThat(d.scope()).as(d.artifactId()).isNull();
    }
  }

  @Test
  void theBomHasTheReactorsVersionAndNoParent() {
    Pom bom = Pom.read(ROOT.dir().resolve("sdk-bom/pom.xml"));
    assertThat(bom.version()).isEqualTo(ROOT.version());
    assertThat(bom.packaging()).isEqualTo("pom");
    // No parent: importing the BOM must not import tributary-parent's dependencyManagement.
    assertThat(bom.hasParent()).isFalse();
  }
}
