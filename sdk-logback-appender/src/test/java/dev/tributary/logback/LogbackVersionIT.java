package dev.tributary.logback;

/** {@link LogbackVersionTest} for the integration-test runs. */
class LogbackVersionIT extends LogbackVersionTest {}
