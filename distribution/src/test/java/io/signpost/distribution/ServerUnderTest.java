package io.signpost.distribution;

import io.signpost.core.config.ConfigLoader;
import io.signpost.core.config.LoadedConfig;
import io.signpost.core.plugin.PluginLoader;
import io.signpost.core.runtime.SignpostRuntime;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;

/** A whole Signpost started in-process from a YAML text, its DNS and HTTP ports ephemeral. */
final class ServerUnderTest implements AutoCloseable {

  final SignpostRuntime runtime;
  final InetSocketAddress dns;
  final InetSocketAddress http;

  private ServerUnderTest(SignpostRuntime runtime, InetSocketAddress dns, InetSocketAddress http) {
    this.runtime = runtime;
    this.dns = dns;
    this.http = http;
  }

  /** Writes {@code yaml} to {@code dir}/signpost.yaml and starts it. */
  static ServerUnderTest start(Path dir, String yaml) throws Exception {
    Path file = dir.resolve("signpost.yaml");
    Files.writeString(file, yaml);
    ConfigLoader loader = new ConfigLoader();
    LoadedConfig config = loader.bind(file.toString(), loader.read(file), PluginLoader.load(null),
        dir);
    SignpostRuntime runtime = SignpostRuntime.create(config);
    runtime.start();
    InetSocketAddress dns = null;
    InetSocketAddress http = null;
    for (SignpostRuntime.NamedFrontend f : runtime.frontends()) {
      if (f.name().equals("dns")) {
        dns = f.frontend().listeningAddresses().get(0);
      } else if (f.name().equals("http")) {
        http = f.frontend().listeningAddresses().get(0);
      }
    }
    return new ServerUnderTest(runtime, dns, http);
  }

  Message query(String name, int type) throws Exception {
    SimpleResolver resolver = new SimpleResolver(dns);
    resolver.setTimeout(Duration.ofSeconds(5));
    return resolver.send(Message.newQuery(Record.newRecord(Name.fromString(name), type, DClass.IN)));
  }

  /** The answer section's record data, sorted, e.g. {@code ["10.0.1.10", "10.0.1.11"]}. */
  Set<String> answers(String name, int type) throws Exception {
    Set<String> data = new TreeSet<>();
    for (Record r : query(name, type).getSection(Section.ANSWER)) {
      data.add(r.rdataToString());
    }
    return data;
  }

  /** The answer section's records, duplicates kept. */
  List<String> answerList(String name, int type) throws Exception {
    List<String> data = new ArrayList<>();
    for (Record r : query(name, type).getSection(Section.ANSWER)) {
      data.add(r.rdataToString());
    }
    return data;
  }

  @Override
  public void close() {
    runtime.close();
  }
}
