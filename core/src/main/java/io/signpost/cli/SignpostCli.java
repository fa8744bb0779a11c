package io.signpost.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.signpost.core.config.ConfigException;
import io.signpost.core.config.ConfigLoader;
import io.signpost.core.config.EffectiveConfig;
import io.signpost.core.config.LoadedConfig;
import io.signpost.core.migrate.ConfigFiles;
import io.signpost.core.migrate.MesosDnsConverter;
import io.signpost.core.plugin.InstalledPlugin;
import io.signpost.core.plugin.PluginException;
import io.signpost.core.plugin.PluginLoader;
import io.signpost.core.plugin.PluginRegistry;
import io.signpost.core.runtime.ConfigReloader;
import io.signpost.core.runtime.SignpostRuntime;
import io.signpost.core.runtime.StartupException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** The {@code signpost} command line. */
@Command(name = "signpost", mixinStandardHelpOptions = true,
    versionProvider = SignpostCli.Version.class,
    description = "DNS-based service discovery for Apache Mesos and Marathon.",
    subcommands = {SignpostCli.Run.class, SignpostCli.CheckConfig.class,
        SignpostCli.PrintVersion.class, SignpostCli.Plugins.class,
        SignpostCli.ConvertConfig.class})
public final class SignpostCli implements Callable<Integer> {

  /** Exit status for a configuration the server cannot use, or a bad command line. */
  static final int CONFIG_ERROR = 2;
  /** Exit status for a server that could not start. */
  static final int STARTUP_ERROR = 1;

  @Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--plugins", paramLabel = "DIR",
      description = "Directory of plugin folders (default: $SIGNPOST_HOME/plugins).",
      scope = CommandLine.ScopeType.INHERIT)
  Path pluginsDir;

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs the command line and returns its exit status. */
  public static int execute(String... args) {
    return commandLine().execute(args);
  }

  /** The command line, with handlers that print one-line errors instead of stack traces. */
  static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new SignpostCli());
    cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
      cmd.getErr().println("signpost: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
      return STARTUP_ERROR;
    });
    cli.setParameterExceptionHandler((e, args) -> {
      e.getCommandLine().getErr().println("signpost: " + e.getMessage());
      e.getCommandLine().getErr().println("Try 'signpost --help'.");
      return CONFIG_ERROR;
    });
    return cli;
  }

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getOut());
    return 0;
  }

  Path pluginsDir() {
    if (pluginsDir != null) {
      return pluginsDir;
    }
    String home = System.getProperty("signpost.home");
    return home == null ? null : Path.of(home, "plugins");
  }

  static String version() {
    String v = SignpostCli.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }

  /** Loads the plugins, printing the problem in one line when they cannot be loaded. */
  static PluginRegistry loadPlugins(SignpostCli root, PrintWriter err) {
    try {
      return PluginLoader.load(root.pluginsDir());
    } catch (PluginException e) {
      err.println("signpost: " + e.getMessage());
      err.flush();
      return null;
    }
  }

  /**
   * Loads a config file, Signpost YAML or Mesos-DNS JSON (converted, with a one-line notice),
   * printing each problem on a line of its own.
   */
  static LoadedConfig loadConfig(PluginRegistry plugins, Path file, PrintWriter err) {
    try {
      return new ConfigFiles().load(file, plugins, notice -> err.println("signpost: " + notice));
    } catch (ConfigException e) {
      e.problems().forEach(p -> err.println("signpost: " + p));
      return null;
    } finally {
      err.flush();
    }
  }

  /** {@code signpost run --config FILE}. */
  @Command(name = "run", description = "Start the server.", mixinStandardHelpOptions = true)
  static final class Run implements Callable<Integer> {
    @CommandLine.ParentCommand SignpostCli root;
    @Spec CommandLine.Model.CommandSpec spec;

    @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE",
        description = "The YAML configuration file (a Mesos-DNS config.json is converted). "
            + "SIGHUP re-reads it.")
    Path config;

    @Override
    public Integer call() throws InterruptedException {
      PrintWriter err = spec.commandLine().getErr();
      PluginRegistry plugins = loadPlugins(root, err);
      if (plugins == null) {
        return CONFIG_ERROR;
      }
      LoadedConfig loaded = loadConfig(plugins, config, err);
      if (loaded == null) {
        return CONFIG_ERROR;
      }
      SignpostRuntime runtime;
      ConfigReloader reloader;
      try {
        runtime = SignpostRuntime.create(loaded);
        ConfigFiles files = new ConfigFiles();
        reloader = new ConfigReloader(runtime, () -> files.load(config, plugins,
            notice -> LoggerFactory.getLogger(SignpostCli.class).info("{}", notice)));
        // Before start: once DNS answers, a SIGHUP must reload, never stop the JVM.
        reloader.reloadOnHangup();
        runtime.start();
      } catch (StartupException e) {
        err.println("signpost: " + e.getMessage());
        err.flush();
        return STARTUP_ERROR;
      }
      CountDownLatch stopped = new CountDownLatch(1);
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        LoggerFactory.getLogger(SignpostCli.class).info("stopping");
        reloader.close();
        runtime.close();
        stopped.countDown();
      }, "shutdown"));
      LoggerFactory.getLogger(SignpostCli.class)
          .info("signpost {} serving domain {}", version(), loaded.top().domain());
      stopped.await();
      return 0;
    }
  }

  /** {@code signpost check-config FILE}. */
  @Command(name = "check-config", mixinStandardHelpOptions = true,
      description = "Validate a configuration file and print the effective configuration.")
  static final class CheckConfig implements Callable<Integer> {
    @CommandLine.ParentCommand SignpostCli root;
    @Spec CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "FILE",
        description = "The YAML configuration file (a Mesos-DNS config.json is converted).")
    Path config;

    @Override
    public Integer call() throws Exception {
      PluginRegistry plugins = loadPlugins(root, spec.commandLine().getErr());
      if (plugins == null) {
        return CONFIG_ERROR;
      }
      LoadedConfig loaded = loadConfig(plugins, config, spec.commandLine().getErr());
      if (loaded == null) {
        return CONFIG_ERROR;
      }
      ObjectMapper yaml = new ObjectMapper(YAMLFactory.builder()
          .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER).build());
      spec.commandLine().getOut().print(yaml.writeValueAsString(EffectiveConfig.of(loaded)));
      spec.commandLine().getOut().flush();
      return 0;
    }
  }

  /** {@code signpost version}. */
  @Command(name = "version", description = "Print the version.")
  static final class PrintVersion implements Callable<Integer> {
    @Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      spec.commandLine().getOut().println("signpost " + version());
      spec.commandLine().getOut().flush();
      return 0;
    }
  }

  /** {@code signpost plugins}. */
  @Command(name = "plugins", description = "List the installed plugins.")
  static final class Plugins implements Callable<Integer> {
    @CommandLine.ParentCommand SignpostCli root;
    @Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      PluginRegistry plugins;
      try {
        plugins = PluginLoader.load(root.pluginsDir());
      } catch (PluginException e) {
        spec.commandLine().getErr().println("signpost: " + e.getMessage());
        return CONFIG_ERROR;
      }
      PrintWriter out = spec.commandLine().getOut();
      out.printf("%-8s %-22s %-16s %s%n", "KIND", "SECTION", "VERSION", "FROM");
      for (InstalledPlugin p : plugins.all()) {
        String section = (p.kind().equals("source") ? "sources." : "servers.") + p.name();
        out.printf("%-8s %-22s %-16s %s%n", p.kind(), section, p.version(), p.origin());
      }
      out.flush();
      return 0;
    }
  }

  /** {@code signpost convert-config config.json}. */
  @Command(name = "convert-config", mixinStandardHelpOptions = true,
      description = {"Convert a Mesos-DNS config.json into Signpost YAML, printed on standard "
          + "output. Every parameter that is ignored, not supported or behaves differently is "
          + "named on standard error, one line each.",
          "The result is checked against the installed plugins."})
  static final class ConvertConfig implements Callable<Integer> {
    @CommandLine.ParentCommand SignpostCli root;
    @Spec CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "The Mesos-DNS config.json.")
    Path config;

    @Override
    public Integer call() {
      PrintWriter err = spec.commandLine().getErr();
      MesosDnsConverter.Conversion conversion;
      try {
        conversion = new MesosDnsConverter().convert(config);
      } catch (ConfigException e) {
        e.problems().forEach(p -> err.println("signpost: " + p));
        err.flush();
        return CONFIG_ERROR;
      }
      conversion.notes().forEach(n -> err.println("signpost: " + n));
      // Check the result the way run would bind it, so a bad value is found now.
      PluginRegistry plugins = loadPlugins(root, err);
      if (plugins == null) {
        return CONFIG_ERROR;
      }
      try {
        new ConfigLoader().bind(config + " (converted)", conversion.config(), plugins,
            config.toAbsolutePath().getParent());
      } catch (ConfigException e) {
        e.problems().forEach(p -> err.println("signpost: " + p));
        err.flush();
        return CONFIG_ERROR;
      }
      err.flush();
      spec.commandLine().getOut().print(conversion.yaml(config.toString()));
      spec.commandLine().getOut().flush();
      return 0;
    }
  }

  /** Supplies {@code --version}. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"signpost " + version()};
    }
  }
}
