package io.signpost.testing;

import io.signpost.core.config.ConfigException;
import io.signpost.core.config.ConfigLoader;
import io.signpost.core.config.LoadedConfig;
import io.signpost.core.plugin.PluginException;
import io.signpost.core.plugin.PluginLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Loads configurations in tests, with the plugins on the test class path. */
public final class TestConfigs {
  private TestConfigs() {}

  /** Writes {@code yaml} to a file in {@code dir} and loads it. */
  public static LoadedConfig load(Path dir, String yaml) throws ConfigException, PluginException {
    Path file = dir.resolve("signpost-" + System.nanoTime() + ".yaml");
    try {
      Files.writeString(file, yaml);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new ConfigLoader().load(file, PluginLoader.load(null));
  }
}
