import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Build step of the distribution (run by Maven at prepare-package, with the JDK's source
 * launcher): makes the distribution's plugins/ hold exactly the plugin folders named by the
 * {@code signpost.plugins} property, copied from the folders of every plugin the build made.
 *
 * <p>Usage: {@code java ChoosePlugins.java AVAILABLE_DIR PLUGINS_DIR "mesos-master,dns"}; the
 * list is separated by commas or spaces, {@code all} names every available plugin. An unknown
 * name stops the build with the list of available ones.
 */
public class ChoosePlugins {

  public static void main(String[] args) throws IOException {
    if (args.length != 3) {
      fail("usage: ChoosePlugins AVAILABLE_DIR PLUGINS_DIR LIST");
    }
    Path available = Path.of(args[0]);
    Path plugins = Path.of(args[1]);
    Set<String> known = folders(available);
    Set<String> chosen = new LinkedHashSet<>();
    for (String name : args[2].trim().split("[,\\s]+")) {
      if (name.equals("all")) {
        chosen.addAll(known);
      } else if (!name.isEmpty()) {
        chosen.add(name);
      }
    }
    if (chosen.isEmpty()) {
      fail("signpost.plugins is empty: name at least one of " + String.join(", ", known)
          + " (or all)");
    }
    List<String> unknown = new ArrayList<>(chosen);
    unknown.removeAll(known);
    if (!unknown.isEmpty()) {
      fail("signpost.plugins: no plugin named " + String.join(", ", unknown)
          + " (available: " + String.join(", ", known) + ", or all)");
    }
    Files.createDirectories(plugins);
    for (String present : folders(plugins)) {
      if (!chosen.contains(present)) {
        delete(plugins.resolve(present));
      }
    }
    for (String name : chosen) {
      delete(plugins.resolve(name));
      copy(available.resolve(name), plugins.resolve(name));
    }
    System.out.println("plugins in the distribution: " + String.join(", ", new TreeSet<>(chosen)));
  }

  private static Set<String> folders(Path dir) throws IOException {
    Set<String> names = new TreeSet<>();
    if (Files.isDirectory(dir)) {
      try (Stream<Path> list = Files.list(dir)) {
        list.filter(Files::isDirectory).forEach(p -> names.add(p.getFileName().toString()));
      }
    }
    return names;
  }

  private static void delete(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  private static void copy(Path from, Path to) throws IOException {
    try (Stream<Path> all = Files.walk(from)) {
      for (Path p : all.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
  }

  private static void fail(String message) {
    System.err.println(message);
    System.exit(1);
  }
}
