package io.signpost.example.staticsource;

/**
 * The {@code sources.static} section.
 *
 * <pre>{@code
 * sources:
 *   static:
 *     file: static-hosts.json   # relative to the config file's directory
 *     refreshSeconds: 5         # also re-read this often, in case a change went unnoticed
 * }</pre>
 *
 * @param file the JSON file of hosts and services (required)
 * @param refreshSeconds how often the file is read even without a change notification, e.g.
 *     on network file systems where watching does not work (default 5, at least 1)
 */
public record StaticConfig(String file, Integer refreshSeconds) {

  static final int DEFAULT_REFRESH_SECONDS = 5;

  public StaticConfig {
    if (file == null || file.isBlank()) {
      throw new IllegalArgumentException("file is required: the JSON file of hosts and services");
    }
    if (refreshSeconds == null) {
      refreshSeconds = DEFAULT_REFRESH_SECONDS;
    }
    if (refreshSeconds < 1) {
      throw new IllegalArgumentException("refreshSeconds must be at least 1, not " + refreshSeconds);
    }
  }
}
