package io.signpost.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.signpost.core.config.ConfigLoader;
import io.signpost.core.config.LoadedConfig;
import io.signpost.core.plugin.PluginLoader;
import io.signpost.core.runtime.SignpostRuntime;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.Type;

/**
 * Starts the whole server in-process from the shipped {@code conf/demo.yaml} (ports moved to
 * ephemeral ones) and asks it what a user of the demo would ask, over real sockets.
 */
class DemoEndToEndTest {

  private static final Path DEMO = Path.of("src/main/dist/conf/demo.yaml");
  private static SignpostRuntime runtime;
  private static InetSocketAddress dns;
  private static InetSocketAddress http;

  @BeforeAll
  static void startDemo() throws Exception {
    ConfigLoader loader = new ConfigLoader();
    ObjectNode tree = (ObjectNode) loader.read(DEMO);
    ((ObjectNode) tree.at("/servers/dns")).put("port", 0);
    ((ObjectNode) tree.at("/servers/http")).put("port", 0);
    LoadedConfig config = loader.bind(DEMO.toString(), tree, PluginLoader.load(null),
        DEMO.toAbsolutePath().getParent());
    runtime = SignpostRuntime.create(config);
    runtime.start();
    for (SignpostRuntime.NamedFrontend f : runtime.frontends()) {
      if (f.name().equals("dns")) {
        dns = f.frontend().listeningAddresses().get(0);
      } else if (f.name().equals("http")) {
        http = f.frontend().listeningAddresses().get(0);
      }
    }
    await().atMost(Duration.ofSeconds(20)).until(() -> runtime.feed().current() != null);
  }

  @AfterAll
  static void stop() {
    if (runtime != null) {
      runtime.close();
    }
  }

  private static Message query(String name, int type, boolean tcp) throws Exception {
    SimpleResolver resolver = new SimpleResolver(dns);
    resolver.setTCP(tcp);
    resolver.setTimeout(Duration.ofSeconds(5));
    return resolver.send(Message.newQuery(Record.newRecord(Name.fromString(name), type, DClass.IN)));
  }

  private static Set<String> addresses(Message m) {
    Set<String> ips = new HashSet<>();
    for (Record r : m.getSection(Section.ANSWER)) {
      if (r instanceof ARecord a) {
        ips.add(a.getAddress().getHostAddress());
      }
    }
    return ips;
  }

  @Test
  void seedNameHasThreeContainerIpsOverUdpAndTcp() throws Exception {
    for (boolean tcp : new boolean[] {false, true}) {
      Message m = query("api-docker-mt42-1.customers-marathon.mesos.", Type.A, tcp);
      assertThat(m.getRcode()).isEqualTo(Rcode.NOERROR);
      assertThat(m.getHeader().getFlag(Flags.AA)).isTrue();
      assertThat(addresses(m)).containsExactlyInAnyOrder("10.42.0.11", "10.42.0.12", "10.42.0.13");
    }
  }

  @Test
  void answersComeInVaryingOrder() throws Exception {
    Set<List<String>> orders = new HashSet<>();
    for (int i = 0; i < 40 && orders.size() < 2; i++) {
      List<String> order = new ArrayList<>();
      for (Record r : query("api-docker-mt42-1.customers-marathon.mesos.", Type.A, false)
          .getSection(Section.ANSWER)) {
        order.add(((ARecord) r).getAddress().getHostAddress());
      }
      orders.add(order);
    }
    assertThat(orders).hasSizeGreaterThan(1);
  }

  @Test
  void srvGivesTheContainerPort() throws Exception {
    Message m = query("_api-docker-mt42-1._tcp.customers-marathon.mesos.", Type.SRV, false);
    List<Record> answers = m.getSection(Section.ANSWER);
    assertThat(answers).hasSize(3).allSatisfy(r -> assertThat(((SRVRecord) r).getPort()).isEqualTo(5000));
  }

  @Test
  void aContainerAddressPointsBackToItsNames() throws Exception {
    Message m = query("11.0.42.10.in-addr.arpa.", Type.PTR, false);
    assertThat(m.getRcode()).isEqualTo(Rcode.NOERROR);
    List<String> targets = m.getSection(Section.ANSWER).stream()
        .map(r -> ((PTRRecord) r).getTarget().toString()).toList();
    assertThat(targets).contains("api-docker-mt42-1.customers-marathon.mesos.")
        .anySatisfy(t -> assertThat(t).matches("api-docker-mt42-1-[a-z0-9]{5}-s\\d+\\."
            + "customers-marathon\\.mesos\\.")); // the task's canonical name
    assertThat(query("42.10.in-addr.arpa.", Type.PTR, false).getRcode())
        .isEqualTo(Rcode.NOERROR);
    assertThat(query("99.0.42.10.in-addr.arpa.", Type.PTR, false).getRcode())
        .isEqualTo(Rcode.NXDOMAIN);
  }

  @Test
  void unknownNameIsNxdomainAndExistingNameWithoutTheTypeIsNodata() throws Exception {
    Message nx = query("nope-docker-mt42-1.customers-marathon.mesos.", Type.A, false);
    assertThat(nx.getRcode()).isEqualTo(Rcode.NXDOMAIN);
    Message nodata = query("api-docker-mt42-1.customers-marathon.mesos.", Type.AAAA, false);
    assertThat(nodata.getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(nodata.getSection(Section.ANSWER)).isEmpty();
    assertThat(nodata.getSection(Section.AUTHORITY)).anySatisfy(r -> assertThat(r.getType()).isEqualTo(Type.SOA));
  }

  @Test
  void killedTasksAndOtherFrameworksFollowMesosDnsRules() throws Exception {
    assertThat(addresses(query("leader.mesos.", Type.A, false))).containsExactly("10.0.0.1");
    assertThat(addresses(query("worker-docker-mt17-3.customers-marathon.mesos.", Type.A, false)))
        .containsExactly("10.0.1.11");
    assertThat(addresses(query("chronostaskbackup-db.chronos.mesos.", Type.A, false)))
        .containsExactly("10.0.1.12");
    assertThat(addresses(query("api-docker-mt42-1.customers-marathon.mesos.", Type.A, false)))
        .doesNotContain("10.42.0.14");
  }

  @Test
  void httpApiServesTheSameSnapshot() throws Exception {
    HttpClient client = HttpClient.newHttpClient();
    URI base = URI.create("http://127.0.0.1:" + http.getPort());
    HttpResponse<String> version = client.send(HttpRequest.newBuilder(base.resolve("/v1/version")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(version.statusCode()).isEqualTo(200);
    HttpResponse<String> hosts = client.send(HttpRequest.newBuilder(
        base.resolve("/v1/hosts/api-docker-mt42-1.customers-marathon.mesos")).build(),
        HttpResponse.BodyHandlers.ofString());
    JsonNode body = new ObjectMapper().readTree(hosts.body());
    Set<String> ips = new HashSet<>();
    body.forEach(n -> ips.add(n.get("ip").asText()));
    assertThat(ips).containsExactlyInAnyOrder("10.42.0.11", "10.42.0.12", "10.42.0.13");
  }
}
