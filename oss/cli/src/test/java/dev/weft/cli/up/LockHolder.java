package dev.weft.cli.up;

/** Holds the state lock of {@code args[0]} in a process of its own until stdin closes. */
public final class LockHolder {
  private LockHolder() {}

  public static void main(String[] args) throws Exception {
    try (StateLock _ = StateLock.acquire(java.nio.file.Path.of(args[0]))) {
      System.out.println("locked");
      System.in.read();
    }
  }
}
