package io.signpost.source.mesos;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static io.signpost.source.mesos.TestSupport.ip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.signpost.spi.model.Endpoint;
import io.signpost.spi.model.Masters;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Leader detection with a real ZooKeeper (Curator's TestingServer) holding MasterInfo znodes
 * like a Mesos cluster's, pointing at WireMock masters on loopback.
 */
class ZooKeeperDetectionTest {

  private TestingServer zookeeper;
  private CuratorFramework zk;
  private final List<WireMockServer> servers = new ArrayList<>();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  @BeforeEach
  void start() throws Exception {
    zookeeper = new TestingServer(true);
    zk = CuratorFrameworkFactory.newClient(zookeeper.getConnectString(), new RetryOneTime(100));
    zk.start();
  }

  @AfterEach
  void stop() throws Exception {
    servers.forEach(WireMockServer::stop);
    zk.close();
    zookeeper.close();
  }

  private WireMockServer leadingMaster() {
    WireMockServer server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    server.start();
    servers.add(server);
    String pid = "master@127.0.0.1:" + server.port();
    server.stubFor(
        get("/master/state").willReturn(aResponse().withBody(TestSupport.fakeState(pid, pid))));
    return server;
  }

  /** The fixture znode of a Mesos 1.6 master, its address rewritten to a loopback master. */
  private static byte[] masterInfo(WireMockServer server) {
    String info =
        TestSupport.resource("mesos/zookeeper/json.info_0000000001.mesos-1.6.0.json")
            .strip()
            .replace("\"ip\":\"10.1.1.9\",\"port\":5050", "\"ip\":\"127.0.0.1\",\"port\":"
                + server.port())
            .replace("96e29ec4-9c04-4ed7-b72e-9016a64f4903", "id-" + server.port());
    if (!info.contains("127.0.0.1")) {
      throw new IllegalStateException("fixture changed");
    }
    return info.getBytes(StandardCharsets.UTF_8);
  }

  private MesosMasterSource source(int detectionTimeout, List<String> masters) {
    return TestSupport.source(
        new MesosMasterConfig(
            masters,
            "zk://" + zookeeper.getConnectString() + "/mesos",
            null,
            null,
            5,
            detectionTimeout,
            null,
            null,
            null,
            null),
        registry);
  }

  private static Endpoint endpoint(WireMockServer server) {
    return new Endpoint(ip("127.0.0.1"), server.port());
  }

  @Test
  void theLowestSequenceLeadsAndMembersFollowZooKeeper() throws Exception {
    WireMockServer m1 = leadingMaster();
    WireMockServer m2 = leadingMaster();
    WireMockServer m3 = leadingMaster();
    // Children come back unsorted (as zkCli listed them) next to log_replicas.
    zk.create().creatingParentsIfNeeded().forPath("/mesos/json.info_0000000003", masterInfo(m3));
    zk.create().forPath("/mesos/json.info_0000000001", masterInfo(m1));
    zk.create().forPath("/mesos/json.info_0000000002", masterInfo(m2));
    zk.create().forPath("/mesos/log_replicas", new byte[0]);
    zk.create().forPath("/mesos/log_replicas/0000000001", "x".getBytes(StandardCharsets.UTF_8));

    try (MesosMasterSource source = source(10, List.of())) {
      var report = source.fetch();
      FakeStateExpectations.assertFrameworksAgentsTasks(report);
      assertThat(report.masters())
          .isEqualTo(
              new Masters(endpoint(m1), List.of(endpoint(m1), endpoint(m2), endpoint(m3))));

      // The leader's node goes away: the next lowest leads, within one refresh of the change.
      zk.delete().forPath("/mesos/json.info_0000000001");
      m1.stop();
      await()
          .atMost(Duration.ofSeconds(20))
          .untilAsserted(
              () ->
                  assertThat(source.fetch().masters())
                      .isEqualTo(
                          new Masters(endpoint(m2), List.of(endpoint(m2), endpoint(m3)))));

      // A new master registers with a higher sequence: a member, not the leader.
      WireMockServer m4 = leadingMaster();
      zk.create().forPath("/mesos/json.info_0000000004", masterInfo(m4));
      await()
          .atMost(Duration.ofSeconds(20))
          .untilAsserted(
              () ->
                  assertThat(source.fetch().masters())
                      .isEqualTo(
                          new Masters(
                              endpoint(m2),
                              List.of(endpoint(m2), endpoint(m3), endpoint(m4)))));
    }
  }

  @Test
  void noLeaderWithinTheDetectionTimeoutIsAClearError() throws Exception {
    zk.create().creatingParentsIfNeeded().forPath("/mesos/log_replicas", new byte[0]);
    try (MesosMasterSource source = source(1, List.of())) {
      assertThatThrownBy(source::fetch)
          .hasMessage(
              "ZooKeeper "
                  + zookeeper.getConnectString()
                  + "/mesos: no leading Mesos master within zkDetectionTimeout (1 s)");
    }
  }

  @Test
  void theConfiguredMastersAreTheFallbackUntilZooKeeperNamesOne() throws Exception {
    WireMockServer m1 = leadingMaster();
    try (MesosMasterSource source = source(1, List.of("127.0.0.1:" + m1.port()))) {
      assertThat(source.fetch().masters())
          .isEqualTo(new Masters(endpoint(m1), List.of(endpoint(m1))));
    }
  }

  @Test
  void aLeaderAppearingDuringTheWaitIsUsed() throws Exception {
    WireMockServer m1 = leadingMaster();
    zk.create().creatingParentsIfNeeded().forPath("/mesos");
    try (MesosMasterSource source = source(30, List.of())) {
      Thread registrar =
          new Thread(
              () -> {
                try {
                  zk.create()
                      .withMode(org.apache.zookeeper.CreateMode.EPHEMERAL_SEQUENTIAL)
                      .forPath("/mesos/json.info_", masterInfo(m1));
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              });
      registrar.start();
      assertThat(source.fetch().masters().leader()).isEqualTo(endpoint(m1));
      registrar.join();
    }
  }
}
