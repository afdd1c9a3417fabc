package dev.tributary.internal.redact;

import dev.tributary.spi.Diagnostics;

/**
 * Scrubs the configuration's secrets from every message and cause before they reach the
 * application's diagnostics (Logback's status manager, Log4j2's StatusLogger, SLF4J). Installed
 * by {@link dev.tributary.TributaryConfig} around the diagnostics it was given, so every status
 * line the SDK writes for that config passes through it. Thread-safe; never throws.
 */
public final class RedactingDiagnostics implements Diagnostics {
  private final Diagnostics delegate;
  private final Secrets secrets;

  private RedactingDiagnostics(Diagnostics delegate, Secrets secrets) {
    this.delegate = delegate;
    this.secrets = secrets;
  }

  /** {@code diagnostics} guarded by {@code secrets}; itself when there is nothing to hide. */
  public static Diagnostics wrap(Diagnostics diagnostics, Secrets secrets) {
    Diagnostics inner = unwrap(diagnostics);
    return secrets.isEmpty() ? inner : new RedactingDiagnostics(inner, secrets);
  }

  /** The diagnostics the application gave, without this guard. */
  public static Diagnostics unwrap(Diagnostics diagnostics) {
    return diagnostics instanceof RedactingDiagnostics r ? r.delegate : diagnostics;
  }

  @Override
  public void info(String message) {
    delegate.info(secrets.redact(message));
  }

  @Override
  public void warn(String message, Throwable cause) {
    delegate.warn(secrets.redact(message), secrets.scrub(cause, false));
  }

  @Override
  public void error(String message, Throwable cause) {
    delegate.error(secrets.redact(message), secrets.scrub(cause, false));
  }
}
