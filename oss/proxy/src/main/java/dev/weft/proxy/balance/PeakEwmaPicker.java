package dev.weft.proxy.balance;

import dev.weft.spi.balancer.Pick;
import dev.weft.spi.balancer.Picker;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;

/**
 * Power of two choices over a fixed set of endpoints: draws two distinct endpoints at random and
 * sends to the cheaper one (see {@link PeakEwmaNode#cost}). An endpoint that asked to be left alone
 * (Retry-After) loses to one that did not; when both did, cost decides. Immutable and lock-free.
 */
final class PeakEwmaPicker implements Picker {
  private final PeakEwmaNode[] nodes;
  private final LongSupplier clock;
  private final RandomGenerator random;

  PeakEwmaPicker(List<PeakEwmaNode> nodes, LongSupplier clock, RandomGenerator random) {
    this.nodes = nodes.toArray(PeakEwmaNode[]::new);
    this.clock = clock;
    this.random = random;
  }

  @Override
  public Pick pick() {
    int n = nodes.length;
    if (n == 0) {
      return null;
    }
    if (n == 1) {
      return nodes[0].acquire();
    }
    int i = random.nextInt(n);
    int j = random.nextInt(n - 1);
    if (j >= i) {
      j++;
    }
    PeakEwmaNode a = nodes[i];
    PeakEwmaNode b = nodes[j];
    long now = clock.getAsLong();
    boolean aAvoided = a.avoided(now);
    if (aAvoided != b.avoided(now)) {
      return (aAvoided ? b : a).acquire();
    }
    // An endpoint never observed is assumed as fast as an observed rival: it is tried at once
    // and measured (it wins a tie), instead of losing every comparison until its default RTT
    // decays. Other ties go to the first draw, which is itself random.
    boolean aNew = !a.observed();
    if (aNew != !b.observed()) {
      PeakEwmaNode known = aNew ? b : a;
      PeakEwmaNode fresh = aNew ? a : b;
      double latency = known.latency(now);
      double freshCost = fresh.costAt(latency);
      double knownCost = known.cost(now);
      return (freshCost <= knownCost ? fresh : known).acquire();
    }
    return (a.cost(now) <= b.cost(now) ? a : b).acquire();
  }
}
