package dev.weft.controlplane.identity.local;

/**
 * Where the local CA stands in a root rotation, derived from the files (so it survives restarts).
 */
public enum RotationPhase {
  /** One root in the bundle; the issuer chains to it. Next: add-root. */
  STEADY("steady", "add-root"),
  /** The bundle holds the old roots and a new one; the issuer still chains to an old one. */
  ROOT_ADDED("root-added", "move-issuer"),
  /** The issuer chains to the new root; old roots stay trusted until leaves have renewed. */
  ISSUER_MOVED("issuer-moved", "drop-old-roots");

  private final String label;
  private final String next;

  RotationPhase(String label, String next) {
    this.label = label;
    this.next = next;
  }

  public String label() {
    return label;
  }

  /** The rotation step allowed from this phase. */
  public String next() {
    return next;
  }
}
