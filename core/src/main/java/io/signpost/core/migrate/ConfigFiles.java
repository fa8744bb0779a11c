package io.signpost.core.migrate;

import io.signpost.core.config.ConfigException;
import io.signpost.core.config.ConfigLoader;
import io.signpost.core.config.LoadedConfig;
import io.signpost.core.plugin.PluginRegistry;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Loads a configuration file that is either Signpost YAML or a Mesos-DNS {@code config.json},
 * which is converted on the fly.
 */
public final class ConfigFiles {

  private final ConfigLoader loader = new ConfigLoader();
  private final MesosDnsConverter converter;

  public ConfigFiles() {
    this(new MesosDnsConverter());
  }

  public ConfigFiles(MesosDnsConverter converter) {
    this.converter = converter;
  }

  /**
   * Reads and binds {@code file}.
   *
   * @param notice told, in one line, when the file is a Mesos-DNS config that was converted
   */
  public LoadedConfig load(Path file, PluginRegistry plugins, Consumer<String> notice)
      throws ConfigException {
    if (!MesosDnsConverter.looksLikeMesosDns(file)) {
      return loader.load(file, plugins);
    }
    MesosDnsConverter.Conversion conversion = converter.convert(file);
    notice.accept(file + " is a Mesos-DNS config: converted to Signpost's format ("
        + conversion.notes().size() + " note(s); 'signpost convert-config " + file
        + "' prints the YAML and the notes)");
    return loader.bind(file + " (converted from Mesos-DNS)", conversion.config(), plugins,
        file.toAbsolutePath().getParent());
  }
}
