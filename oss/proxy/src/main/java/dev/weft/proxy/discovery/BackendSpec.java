package dev.weft.proxy.discovery;

import java.util.Objects;

/** One backend of a traffic split: a service name and its relative weight (0 receives nothing). */
public record BackendSpec(String name, int weight) {
  public BackendSpec {
    Objects.requireNonNull(name, "name");
    if (weight < 0) {
      throw new IllegalArgumentException("weight: " + weight + " (expected: >= 0)");
    }
  }
}
