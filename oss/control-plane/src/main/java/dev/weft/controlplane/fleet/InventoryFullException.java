package dev.weft.controlplane.fleet;

/**
 * A heartbeat from a new instance while the inventory holds its maximum of running instances:
 * rejected (RESOURCE_EXHAUSTED), the caller retries at its interval.
 */
final class InventoryFullException extends Exception {
  InventoryFullException(String instance, int max) {
    super(
        "instance "
            + instance
            + ": the inventory already holds "
            + max
            + " running instances (expected: fewer)");
  }
}
