package dev.tributary.logback;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import org.junit.jupiter.api.Test;

/**
 * The build runs this module's tests against two Logback lines (see the pom); this proves the
 * run uses the Logback it claims to.
 */
class LogbackVersionTest {

  @Test
  void runsOnTheLogbackVersionTheBuildSelected() {
    String expected = System.getProperty("expected.logback.version");
    assertThat(expected).as("set by the surefire/failsafe execution").isNotBlank();
    assertThat(LoggerContext.class.getPackage().getImplementationVersion()).isEqualTo(expected);
    assertThat(ch.qos.logback.core.Context.class.getPackage().getImplementationVersion())
        .isEqualTo(expected);
  }
}
