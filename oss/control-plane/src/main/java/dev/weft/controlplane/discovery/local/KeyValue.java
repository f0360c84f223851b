package dev.weft.controlplane.discovery.local;

/** One {@code key=value} word of a registry line. */
record KeyValue(String key, String value) {
  static KeyValue parse(String what, String word) throws RegistryLineException {
    int equals = word.indexOf('=');
    if (equals <= 0) {
      throw new RegistryLineException(what + ": '" + word + "' is not key=value");
    }
    String value = word.substring(equals + 1);
    if (value.isEmpty()) {
      throw new RegistryLineException(what + ": " + word.substring(0, equals) + " has no value");
    }
    return new KeyValue(word.substring(0, equals), value);
  }
}
