package dev.weft.proxy.capture;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.net.InetSocketAddress;
import java.nio.ByteOrder;

/**
 * Reads a redirected connection's original destination: {@code getsockopt(fd, SOL_IP,
 * SO_ORIGINAL_DST)} (or {@code SOL_IPV6, IP6T_SO_ORIGINAL_DST}), which the kernel answers from the
 * NAT entry an {@code iptables -j REDIRECT} made. One system call per lookup; thread-safe.
 */
public final class OriginalDst {
  private static final int SOL_IP = 0;
  private static final int SOL_IPV6 = 41;
  private static final int SO_ORIGINAL_DST = 80; // IP6T_SO_ORIGINAL_DST has the same value
  private static final int ENOENT = 2;

  /** How a lookup ended: the original destination, no NAT entry, or another failure. */
  public enum Result {
    OK,
    NONE,
    ERROR;

    /** The value of the {@code result} label. */
    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /**
   * A lookup's outcome.
   *
   * @param address the original destination when {@code result} is OK, else null
   * @param detail why it failed, else empty
   */
  public record Lookup(Result result, InetSocketAddress address, String detail) {}

  private final MethodHandle getsockopt;
  private final StructLayout callState;
  private final VarHandle errno;

  private OriginalDst() {
    Linker linker = Linker.nativeLinker();
    Linker.Option capture = Linker.Option.captureCallState("errno");
    this.callState = Linker.Option.captureStateLayout();
    this.errno = callState.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    this.getsockopt =
        linker.downcallHandle(
            linker.defaultLookup().find("getsockopt").orElseThrow(),
            FunctionDescriptor.of(
                ValueLayout.JAVA_INT,
                ValueLayout.JAVA_INT,
                ValueLayout.JAVA_INT,
                ValueLayout.JAVA_INT,
                ValueLayout.ADDRESS,
                ValueLayout.ADDRESS),
            capture);
  }

  /**
   * Links {@code getsockopt}.
   *
   * @throws IllegalStateException when it cannot be (not Linux, or native access denied)
   */
  public static OriginalDst link() {
    try {
      return new OriginalDst();
    } catch (RuntimeException | LinkageError e) {
      throw new IllegalStateException(
          "cannot call getsockopt through the FFM API (" + e.getMessage() + ")", e);
    }
  }

  /**
   * The original destination of the connected socket {@code fd}.
   *
   * @param ipv6 whether the socket is IPv6 (its local address is), which selects the option level
   */
  public Lookup lookup(int fd, boolean ipv6) {
    int size = ipv6 ? Sockaddrs.SOCKADDR_IN6 : Sockaddrs.SOCKADDR_IN;
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment addr = arena.allocate(Sockaddrs.SOCKADDR_IN6);
      MemorySegment len = arena.allocate(ValueLayout.JAVA_INT);
      len.set(ValueLayout.JAVA_INT, 0, size);
      MemorySegment state = arena.allocate(callState);
      int rc =
          (int)
              getsockopt.invokeExact(
                  state, fd, ipv6 ? SOL_IPV6 : SOL_IP, SO_ORIGINAL_DST, addr, len);
      if (rc != 0) {
        int e = (int) errno.get(state, 0L);
        return e == ENOENT
            ? new Lookup(Result.NONE, null, "no NAT entry (the connection was not redirected)")
            : new Lookup(Result.ERROR, null, "getsockopt(SO_ORIGINAL_DST) failed: errno " + e);
      }
      int n = len.get(ValueLayout.JAVA_INT, 0);
      byte[] raw =
          addr.asSlice(0, Math.min(n, Sockaddrs.SOCKADDR_IN6)).toArray(ValueLayout.JAVA_BYTE);
      try {
        return new Lookup(
            Result.OK, Sockaddrs.decode(raw, raw.length, ByteOrder.nativeOrder()), "");
      } catch (IllegalArgumentException e) {
        return new Lookup(Result.ERROR, null, e.getMessage());
      }
    } catch (Throwable t) {
      if (t instanceof Error err) {
        throw err;
      }
      return new Lookup(Result.ERROR, null, "getsockopt(SO_ORIGINAL_DST) failed: " + t);
    }
  }
}
