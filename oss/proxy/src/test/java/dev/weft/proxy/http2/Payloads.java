package dev.weft.proxy.http2;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Test messages whose content is a function of their index, so a receiver can tell a message that
 * was corrupted, truncated or reordered on its way through the proxy.
 */
public final class Payloads {
  private Payloads() {}

  /** Message {@code index}: its index as 4 bytes, then a pattern that depends on the index. */
  public static byte[] message(int index, int size) {
    byte[] m = new byte[Math.max(4, size)];
    ByteBuffer.wrap(m).putInt(index);
    for (int j = 4; j < m.length; j++) {
      m[j] = pattern(index, j);
    }
    return m;
  }

  /** The index a message claims, or -1 if it is too short to claim one. */
  static int indexOf(byte[] m) {
    return m.length < 4 ? -1 : ByteBuffer.wrap(m).getInt();
  }

  /** Whether {@code m} is exactly {@code message(index, size)}. */
  public static boolean intact(byte[] m, int index, int size) {
    if (m.length != Math.max(4, size) || indexOf(m) != index) {
      return false;
    }
    for (int j = 4; j < m.length; j++) {
      if (m[j] != pattern(index, j)) {
        return false;
      }
    }
    return true;
  }

  /** A server-streaming request: how many messages of which size. */
  public static byte[] streamRequest(int count, int size) {
    return ByteBuffer.allocate(8).putInt(count).putInt(size).array();
  }

  static String sha256Hex(byte[]... parts) {
    try {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      for (byte[] p : parts) {
        d.update(p);
      }
      return HexFormat.of().formatHex(d.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte pattern(int index, int j) {
    return (byte) (index * 31 + j * 7 + (j >>> 8));
  }
}
