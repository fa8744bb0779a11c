package io.signpost.testing;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Ports for tests that must name one up front (a child process, a config file), not port 0. */
public final class Ports {
  private Ports() {}

  /** A port free for both TCP and UDP on 127.0.0.1 at this moment. */
  public static int freeTcpAndUdp() throws IOException {
    for (int attempt = 0; attempt < 20; attempt++) {
      try (ServerSocket tcp = new ServerSocket(0)) {
        try (DatagramSocket udp =
            new DatagramSocket(new InetSocketAddress("127.0.0.1", tcp.getLocalPort()))) {
          return udp.getLocalPort();
        } catch (IOException taken) {
          // UDP side in use: try another
        }
      }
    }
    throw new IOException("no free port");
  }
}
