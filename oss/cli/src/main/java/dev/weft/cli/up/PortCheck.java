package dev.weft.cli.up;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Map;

/**
 * Checks that every port is free before anything starts, so a clash is reported by name instead of
 * as a child process failing to bind half-way through start-up.
 */
final class PortCheck {
  private PortCheck() {}

  static void requireFree(Map<Integer, String> ports, int base) throws UpException {
    for (Map.Entry<Integer, String> e : ports.entrySet()) {
      int port = e.getKey();
      if (!free(port)) {
        throw new UpException(
            "port "
                + port
                + " ("
                + e.getValue()
                + ") on 127.0.0.1 is in use: stop what listens there (`ss -ltnp 'sport = :"
                + port
                + "'` shows it), or move every port of the local mesh with --port-base N (now "
                + base
                + "; it uses N.."
                + (base + MeshPorts.SPAN - 1)
                + ").");
      }
    }
  }

  static boolean free(int port) {
    try (ServerSocket socket = new ServerSocket()) {
      // As the servers will: connections of an earlier run in TIME_WAIT do not make it busy.
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
