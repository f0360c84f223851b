package dev.weft.proxy.balance;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * A weighted choice among backends (a traffic split such as {@code books-v1:80=90 books-v2:80=10}):
 * each {@link #pick} returns a target with probability weight / total. A target of weight 0 is
 * never chosen. Immutable and thread-safe (given a thread-safe generator); picking allocates
 * nothing.
 *
 * @param <T> the target type
 */
public final class WeightedSplit<T> {
  private final List<T> targets;
  private final int[] weights;
  // cumulative[i] = weights[0] + ... + weights[i]
  private final long[] cumulative;
  private final RandomGenerator random;

  private WeightedSplit(List<T> targets, int[] weights, RandomGenerator random) {
    this.targets = targets;
    this.weights = weights;
    this.random = random;
    this.cumulative = new long[weights.length];
    long sum = 0;
    for (int i = 0; i < weights.length; i++) {
      sum += weights[i];
      cumulative[i] = sum;
    }
  }

  /**
   * A split over {@code weighted} targets, in order, e.g. {@code of(List.of(Map.entry(v1, 90),
   * Map.entry(v2, 10)), random)}.
   *
   * @throws IllegalArgumentException when it is empty, a weight is negative, or all are 0
   */
  public static <T> WeightedSplit<T> of(
      List<? extends Map.Entry<? extends T, Integer>> weighted, RandomGenerator random) {
    Objects.requireNonNull(random, "random");
    if (weighted.isEmpty()) {
      throw new IllegalArgumentException("weighted: empty (expected: at least one target)");
    }
    List<T> targets = new ArrayList<>(weighted.size());
    int[] weights = new int[weighted.size()];
    boolean positive = false;
    for (int i = 0; i < weights.length; i++) {
      Map.Entry<? extends T, Integer> e = weighted.get(i);
      targets.add(Objects.requireNonNull(e.getKey(), "target"));
      int w = Objects.requireNonNull(e.getValue(), "weight");
      if (w < 0) {
        throw new IllegalArgumentException(
            "weight of " + e.getKey() + ": " + w + " (expected: >= 0)");
      }
      positive |= w > 0;
      weights[i] = w;
    }
    if (!positive) {
      throw new IllegalArgumentException(
          "weights: all 0 (expected: at least one > 0) in " + weighted);
    }
    return new WeightedSplit<>(List.copyOf(targets), weights, random);
  }

  /** A target drawn at random by weight; never one of weight 0. */
  public T pick() {
    long r = random.nextLong(cumulative[cumulative.length - 1]);
    // The first i with cumulative[i] > r; a zero weight repeats its predecessor's sum, so it is
    // never the first above r.
    int i = Arrays.binarySearch(cumulative, r + 1);
    if (i < 0) {
      i = -i - 1;
    } else {
      while (i > 0 && cumulative[i - 1] == r + 1) {
        i--;
      }
    }
    return targets.get(i);
  }

  /** The targets, in the order given. */
  public List<T> targets() {
    return targets;
  }

  /** The weight of the target at {@code index} of {@link #targets()}. */
  public int weight(int index) {
    return weights[index];
  }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder("WeightedSplit[");
    for (int i = 0; i < weights.length; i++) {
      s.append(i == 0 ? "" : " ").append(targets.get(i)).append('=').append(weights[i]);
    }
    return s.append(']').toString();
  }
}
