package dev.weft.cli.up;

/** What the supervising loop of {@code weft up} waits for. */
sealed interface MeshEvent {
  /** A supervised process ended (whether or not it was asked to). */
  record Exited(Child child) implements MeshEvent {}

  /** Ctrl-C or SIGTERM reached {@code weft up}. */
  record StopRequested() implements MeshEvent {}
}
