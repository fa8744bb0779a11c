package io.signpost.distribution;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/** The assembled distribution under target/, for the *IT tests. */
final class Distribution {

  /** The exploded distribution, as a user unpacks it. */
  static final Path HOME = Path.of("target/signpost").toAbsolutePath();
  /** Every plugin folder the build made, chosen for the distribution or not. */
  static final Path ALL_PLUGIN_FOLDERS = Path.of("target/plugin-folders").toAbsolutePath();

  private Distribution() {}

  /** The names of the folders in {@code dir}. */
  static Set<String> folders(Path dir) throws IOException {
    Set<String> names = new TreeSet<>();
    try (Stream<Path> list = Files.list(dir)) {
      list.filter(Files::isDirectory).forEach(p -> names.add(p.getFileName().toString()));
    }
    return names;
  }

  /** Copies a directory tree. */
  static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> all = Files.walk(from)) {
      for (Path p : all.sorted(Comparator.naturalOrder()).toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
  }

  /** A port free for both TCP and UDP on 127.0.0.1 at this moment. */
  static int freePort() throws IOException {
    for (int i = 0; i < 20; i++) {
      try (ServerSocket tcp = new ServerSocket(0)) {
        int port = tcp.getLocalPort();
        try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress("127.0.0.1", port))) {
          return port;
        } catch (IOException taken) {
          // try another
        }
      }
    }
    throw new IOException("no free port");
  }
}
