package io.signpost.distribution;

import java.io.IOException;
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
}
