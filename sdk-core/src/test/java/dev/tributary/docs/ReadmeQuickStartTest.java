package dev.tributary.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.testkit.Pom;
import dev.tributary.testkit.Pom.Dependency;
import dev.tributary.testkit.ReadmeQuickStart;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

/**
 * The README's quick starts are complete files: each {@code pom.xml} block lists the versions the
 * build is made and tested with, each configuration file is well-formed XML shipping to the local
 * broker. (The files are run for real by the modules' {@code ReadmeQuickStartIT} tests.)
 */
class ReadmeQuickStartTest {
  private static final Pom ROOT = Pom.root();

  @Test
  void theReadmeHasEveryQuickStartFile() {
    assertThat(ReadmeQuickStart.all()).containsOnlyKeys("logback-pom", "logback.xml",
        "log4j2-pom", "log4j2.xml", "producer-pom", "ShipEvents.java");
  }

  @Test
  void theLogbackDependenciesAreTheAppenderAndTheLogbackItIsBuiltWith() {
    assertThat(dependencies("logback-pom")).extracting(Dependency::artifactId)
        .containsExactly("sdk-logback-appender", "logback-classic");
  }

  @Test
  void theLog4j2DependenciesIncludeTheSlf4jBindingKafkaLogsThrough() {
    assertThat(dependencies("log4j2-pom")).extracting(Dependency::artifactId)
        .containsExactly("sdk-log4j2-appender", "log4j-core", "log4j-slf4j2-impl");
  }

  @Test
  void theProducerDependenciesAreSdkCoreAndAnSlf4jProvider() {
    assertThat(dependencies("producer-pom")).extracting(Dependency::artifactId)
        .containsExactly("sdk-core", "slf4j-simple");
  }

  @Test
  void theConfigurationFilesAreWellFormedAndShipToTheLocalBroker() {
    Element logback = Pom.parse(ReadmeQuickStart.file("logback.xml")).getDocumentElement();
    assertThat(logback.getTagName()).isEqualTo("configuration");
    Element log4j2 = Pom.parse(ReadmeQuickStart.file("log4j2.xml")).getDocumentElement();
    assertThat(log4j2.getTagName()).isEqualTo("Configuration");
    for (String file : List.of("logback.xml", "log4j2.xml", "ShipEvents.java")) {
      assertThat(ReadmeQuickStart.file(file)).as(file)
          .contains("kafka://" + ReadmeQuickStart.LOCAL_BROKER);
    }
  }

  /**
   * The block's dependencies, after checking that each has a version and that it is the one
   * the build uses: the reactor's for Tributary's modules, the root pom's managed one otherwise.
   */
  private static List<Dependency> dependencies(String name) {
    Element root = Pom.parse(ReadmeQuickStart.file(name)).getDocumentElement();
    assertThat(root.getTagName()).as(name).isEqualTo("dependencies");
    List<Dependency> dependencies = Pom.dependencies(root);
    for (Dependency d : dependencies) {
      String coordinates = d.groupId() + ":" + d.artifactId();
      String expected = d.groupId().equals("dev.tributary")
          ? ROOT.version()
          : ROOT.managedVersion(d.groupId(), d.artifactId());
      assertThat(d.version()).as("%s in the README's %s", coordinates, name).isEqualTo(expected);
      assertThat(d.scope()).as("%s in the README's %s", coordinates, name).isNull();
    }
    return dependencies;
  }
}
