package dev.weft.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetectorFactory;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test class whose code leaked a Netty buffer. Registered for every test through JUnit's
 * extension auto-detection; Surefire runs tests with {@code io.netty.leakDetection.level=paranoid},
 * so every buffer is tracked. The factory is installed before Netty creates its detectors, which is
 * why it happens in a static initializer that the extension's loading triggers.
 */
public final class LeakCheckExtension implements AfterAllCallback {
  private static final List<String> LEAKS = new ArrayList<>();

  static {
    ResourceLeakDetectorFactory.setResourceLeakDetectorFactory(
        new ResourceLeakDetectorFactory() {
          @Override
          @SuppressWarnings("deprecation") // the factory's only abstract method; Netty calls it
          public <T> ResourceLeakDetector<T> newResourceLeakDetector(
              Class<T> resource, int samplingInterval, long maxActive) {
            return new ResourceLeakDetector<>(resource, samplingInterval) {
              @Override
              protected void reportTracedLeak(String type, String records) {
                record(type + " leaked:" + records);
              }

              @Override
              protected void reportUntracedLeak(String type) {
                record(type + " leaked (untraced)");
              }
            };
          }
        });
  }

  private static void record(String leak) {
    synchronized (LEAKS) {
      LEAKS.add(leak);
    }
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    // Leaks are reported when a collected buffer is noticed by a later allocation.
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(20); // lets the reference queue fill after GC; nothing is awaited on it
      for (int j = 0; j < 64; j++) {
        ByteBuf b = PooledByteBufAllocator.DEFAULT.buffer(8);
        b.release();
        b = UnpooledByteBufAllocator.DEFAULT.buffer(8);
        b.release();
      }
    }
    List<String> found;
    synchronized (LEAKS) {
      found = new ArrayList<>(LEAKS);
      LEAKS.clear();
    }
    if (!found.isEmpty()) {
      throw new AssertionError(
          context.getDisplayName()
              + ": "
              + found.size()
              + " Netty buffer leak(s):\n"
              + String.join("\n\n", found));
    }
  }
}
