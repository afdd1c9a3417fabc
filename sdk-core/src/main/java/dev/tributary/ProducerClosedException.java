package dev.tributary;

/**
 * The producer closed before the record was delivered: {@code close} reached its deadline
 * with the record still undelivered. The close report counts it as pending, not as dropped.
 * {@link #inSpool()} tells whether it stays in the disk spool, where the next producer on the
 * same spool directory delivers it, or was held in memory only and is lost. Retriable: the
 * same record may be sent again by a new producer.
 */
public final class ProducerClosedException extends TributaryException {
  private static final long serialVersionUID = 1L;
  private final boolean inSpool;

  public ProducerClosedException(String message, boolean inSpool) {
    super(message, null, true);
    this.inSpool = inSpool;
  }

  /** True when the record stays in the spool for the next run. */
  public boolean inSpool() {
    return inSpool;
  }
}
