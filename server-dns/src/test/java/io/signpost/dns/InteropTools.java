package io.signpost.dns;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the external tools of the interop tests ({@code dig}, {@code kdig}, {@code knotd}).
 * Where one is missing the test is skipped on a developer's machine, but fails in CI ({@code
 * .ci/run} sets {@code SIGNPOST_REQUIRE_INTEROP}; {@code CI} set by CI services counts too), so
 * an interop test can never pass there by not running.
 */
final class InteropTools {

  private InteropTools() {}

  static boolean required() {
    return isSet(System.getenv("SIGNPOST_REQUIRE_INTEROP")) || isSet(System.getenv("CI"));
  }

  private static boolean isSet(String value) {
    return value != null && !value.isBlank() && !value.equalsIgnoreCase("false")
        && !value.equals("0");
  }

  /** The tool's path, from PATH or the sbin folders (knotd lives in /usr/sbin). */
  static Path find(String tool) {
    List<String> dirs = new ArrayList<>(
        List.of(System.getenv().getOrDefault("PATH", "").split(":")));
    dirs.addAll(List.of("/usr/sbin", "/sbin", "/usr/local/sbin"));
    for (String dir : dirs) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
        return Path.of(dir, tool);
      }
    }
    return null;
  }

  /** The tool's path; skips the test where it is missing, or fails it when CI requires it. */
  static Path require(String tool, String debianPackage) {
    Path path = find(tool);
    if (path == null && required()) {
      fail(tool + " is not installed but interop tests are required here"
          + " (apt-get install " + debianPackage + ")");
    }
    assumeTrue(path != null, tool + " is not installed (apt-get install " + debianPackage + ")");
    return path;
  }
}
