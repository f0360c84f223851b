package dev.weft.proxy.listen;

/**
 * Fired down the pipeline of every accepted connection when the proxy starts a graceful shutdown:
 * protocol handlers finish what is in flight, refuse or close new work, and close their connection.
 */
public final class DrainEvent {
  public static final DrainEvent INSTANCE = new DrainEvent();

  private DrainEvent() {}

  @Override
  public String toString() {
    return "DrainEvent";
  }
}
