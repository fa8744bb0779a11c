package io.signpost.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.signpost.core.config.ConfigLoader;
import io.signpost.core.plugin.PluginLoader;
import io.signpost.core.plugin.PluginRegistry;
import io.signpost.core.runtime.ConfigReloader;
import io.signpost.core.runtime.SignpostRuntime;
import io.signpost.spi.Frontend;
import io.signpost.testing.Ports;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * Reloads the configuration of a whole in-process server (Mesos master source on the demo
 * state, DNS and HTTP frontends) while a client keeps asking it over UDP.
 */
class DnsReloadTest {

  private static final Path STATE = Path.of("src/main/dist/conf/demo-state.json").toAbsolutePath();
  private static final String NAME = "api-docker-mt42-1.customers-marathon.mesos.";

  @TempDir Path dir;

  private Path configFile;
  private SignpostRuntime runtime;
  private ConfigReloader reloader;

  private void write(int refreshSeconds, int dnsPort, int httpPort) throws IOException {
    Files.writeString(configFile, """
        domain: mesos
        sources:
          mesos-master: { stateFile: %s, refreshSeconds: %d }
        servers:
          dns: { listener: 127.0.0.1, port: %d }
          http: { listener: 127.0.0.1, port: %d }
        """.formatted(STATE, refreshSeconds, dnsPort, httpPort));
  }

  @BeforeEach
  void start() throws Exception {
    configFile = dir.resolve("signpost.yaml");
    write(5, 0, 0);
    PluginRegistry plugins = PluginLoader.load(null);
    runtime = SignpostRuntime.create(new ConfigLoader().load(configFile, plugins));
    runtime.start();
    reloader = new ConfigReloader(runtime, () -> new ConfigLoader().load(configFile, plugins));
    await().atMost(Duration.ofSeconds(20)).until(() -> runtime.feed().current() != null);
  }

  @AfterEach
  void stop() {
    reloader.close();
    runtime.close();
  }

  private Frontend frontend(String name) {
    return runtime.frontends().stream().filter(f -> f.name().equals(name)).findFirst()
        .orElseThrow().frontend();
  }

  private static Message ask(InetSocketAddress server) throws IOException {
    SimpleResolver resolver = new SimpleResolver(server);
    resolver.setTimeout(Duration.ofSeconds(2));
    return resolver.send(Message.newQuery(Record.newRecord(Name.fromString(NAME), Type.A, DClass.IN)));
  }

  @Test
  void dnsKeepsAnsweringWhileSourcesAndOtherServersRestart() throws Exception {
    Frontend dns = frontend("dns");
    Frontend http = frontend("http");
    InetSocketAddress address = dns.listeningAddresses().get(0);
    AtomicBoolean running = new AtomicBoolean(true);
    AtomicInteger answered = new AtomicInteger();
    AtomicReference<String> problem = new AtomicReference<>();
    Thread client = new Thread(() -> {
      while (running.get()) {
        try {
          Message m = ask(address);
          if (m.getRcode() != Rcode.NOERROR || m.getSection(Section.ANSWER).size() != 3) {
            problem.compareAndSet(null, "answer " + Rcode.string(m.getRcode()) + " with "
                + m.getSection(Section.ANSWER).size() + " records");
          }
          answered.incrementAndGet();
        } catch (IOException e) {
          problem.compareAndSet(null, "no answer: " + e);
        }
      }
    }, "dns-client");
    client.start();
    try {
      for (int i = 0; i < 4; i++) {
        int before = answered.get();
        await().atMost(Duration.ofSeconds(10)).until(() -> answered.get() > before + 20);
        write(6 + i, 0, i % 2 == 0 ? Ports.freeTcpAndUdp() : 0);
        SignpostRuntime.Reload r = reloader.reload();
        assertThat(r.failed()).isEmpty();
        assertThat(r.restarted()).contains("sources.mesos-master", "servers.http");
        assertThat(r.unchanged()).containsExactly("servers.dns");
      }
      int before = answered.get();
      await().atMost(Duration.ofSeconds(10)).until(() -> answered.get() > before + 20);
    } finally {
      running.set(false);
      client.join(10_000);
    }
    assertThat(problem.get()).isNull();
    assertThat(frontend("dns")).isSameAs(dns);
    assertThat(frontend("http")).isNotSameAs(http);
  }

  @Test
  void aNewDnsPortRestartsTheDnsServerOnIt() throws Exception {
    Frontend dns = frontend("dns");
    int port = Ports.freeTcpAndUdp();
    write(5, port, 0);
    SignpostRuntime.Reload r = reloader.reload();
    assertThat(r.restarted()).containsExactly("servers.dns");
    assertThat(r.unchanged()).containsExactly("servers.http", "sources.mesos-master");
    assertThat(frontend("dns")).isNotSameAs(dns);
    Message m = ask(new InetSocketAddress("127.0.0.1", port));
    assertThat(m.getSection(Section.ANSWER)).hasSize(3);
  }

  @Test
  void aPortTakenByAnotherProcessKeepsTheOldDnsServer() throws Exception {
    InetSocketAddress old = frontend("dns").listeningAddresses().get(0);
    try (DatagramSocket taken = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
      write(5, taken.getLocalPort(), 0);
      SignpostRuntime.Reload r = reloader.reload();
      assertThat(r.failed()).singleElement()
          .satisfies(f -> assertThat(f).startsWith("servers.dns: cannot start"));
    }
    // the previous DNS server was started again with its previous configuration
    InetSocketAddress now = frontend("dns").listeningAddresses().get(0);
    assertThat(ask(now).getSection(Section.ANSWER)).hasSize(3);
    assertThat(now.getAddress()).isEqualTo(old.getAddress());
  }
}
