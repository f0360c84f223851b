package dev.weft.controlplane.discovery.local;

/** A reason a registry line is bad, before the parser adds the file and line to it. */
final class RegistryLineException extends Exception {
  RegistryLineException(String reason) {
    super(reason, null, false, false);
  }
}
