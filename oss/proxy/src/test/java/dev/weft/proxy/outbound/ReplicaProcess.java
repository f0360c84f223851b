package dev.weft.proxy.outbound;

import dev.weft.testkit.JavaMain;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A {@link Replica} in its own process, so that a test can kill it as an operating system kills a
 * pod: SIGKILL, and the kernel resets every connection it had.
 */
final class ReplicaProcess implements AutoCloseable {
  private final Process process;
  private final int port;

  private ReplicaProcess(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  static ReplicaProcess start(String name) throws IOException {
    Process p =
        new ProcessBuilder(JavaMain.command(List.of("-Xmx64m"), Main.class, name))
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    // The first line it prints is its port, once it listens.
    BufferedReader out =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.US_ASCII));
    String line = out.readLine();
    if (line == null) {
      p.destroyForcibly();
      throw new IOException("replica process " + name + " ended before it listened");
    }
    return new ReplicaProcess(p, Integer.parseInt(line.trim()));
  }

  InetSocketAddress address() {
    return new InetSocketAddress("127.0.0.1", port);
  }

  /** SIGKILL, and waits until it is gone. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws InterruptedException {
    kill();
  }

  /** The replica's process: serves until killed. */
  public static final class Main {
    public static void main(String[] args) throws Exception {
      Replica r = new Replica(args[0]);
      System.out.println(r.port());
      System.out.flush();
      Thread.currentThread().join();
    }
  }
}
