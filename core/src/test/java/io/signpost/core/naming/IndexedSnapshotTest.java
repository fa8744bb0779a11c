package io.signpost.core.naming;

import static io.signpost.core.naming.Models.ip;
import static org.assertj.core.api.Assertions.assertThat;

import io.signpost.core.snapshot.Snapshots;
import io.signpost.spi.AddressLookup;
import io.signpost.spi.CoreSettings;
import io.signpost.spi.RecordSet;
import io.signpost.spi.RecordSnapshot;
import io.signpost.spi.model.Agent;
import io.signpost.spi.model.Discovery;
import io.signpost.spi.model.Endpoint;
import io.signpost.spi.model.Framework;
import io.signpost.spi.model.Health;
import io.signpost.spi.model.IpSource;
import io.signpost.spi.model.Masters;
import io.signpost.spi.model.PlainRecord;
import io.signpost.spi.model.PortMapping;
import io.signpost.spi.model.RecordType;
import io.signpost.spi.model.SourceReport;
import io.signpost.spi.model.Task;
import io.signpost.spi.model.TaskIp;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The compact snapshot answers exactly like the one that builds every name: same names, same
 * records in the same order, same empty non-terminals, same enumeration, on the fixture and on
 * thousands of random clusters full of odd names.
 */
class IndexedSnapshotTest {

  @Test
  void fakeStateIsCompactAndAnswersLikeTheFullSnapshot() {
    RecordSnapshot compact = Models.generate(FakeStateTest.SETTINGS, FakeState.report());
    assertThat(compact).isInstanceOf(IndexedSnapshot.class);
    assertSameAnswers(compact, Models.materialize(FakeStateTest.SETTINGS, FakeState.report()));
  }

  @Test
  void randomClustersAnswerLikeTheFullSnapshot() {
    Random random = new Random(20261125);
    int compactCount = 0;
    for (int run = 0; run < 1500; run++) {
      CoreSettings settings = run % 3 == 0
          ? Models.settings("mesos", run % 2 == 0, IpSource.NETINFO, IpSource.HOST)
          : Models.settings("dc1.example", false, IpSource.DOCKER, IpSource.MESOS, IpSource.HOST);
      SourceReport report = randomCluster(random);
      RecordSnapshot compact = Models.generate(settings, report);
      if (compact instanceof IndexedSnapshot) {
        compactCount++;
      }
      assertSameAnswers(compact, Models.materialize(settings, report));
    }
    // Most random clusters have no colliding names: the compact form is what is tested here.
    assertThat(compactCount).isGreaterThan(900);
  }

  @Test
  void collidingFrameworkNamesFallBackToTheFullSnapshot() {
    Agent agent = new Agent("a-1", "h", List.of(ip("10.0.0.1")), 5051);
    SourceReport report = new SourceReport(List.of(), List.of(agent), List.of(
        Models.task("x.1", "web", "b", "a-1", List.of(80), List.of(), null),
        Models.task("x.2", "web", "a.b", "a-1", List.of(80), List.of(), null)),
        Masters.NONE, List.of());
    RecordSnapshot s = Models.generate(Models.defaults(), report);
    assertThat(s).isNotInstanceOf(IndexedSnapshot.class);
    assertSameAnswers(s, Models.materialize(Models.defaults(), report));
  }

  @Test
  void aTaskLabelEqualToAnotherTasksCanonicalLabelFallsBackToTheFullSnapshot() {
    Agent agent = new Agent("a-1", "h", List.of(ip("10.0.0.1")), 5051);
    Task web = Models.task("web.1", "web", "marathon", "a-1", List.of(80),
        List.of(Models.taskIp("9.0.0.1", IpSource.NETINFO)), null);
    String canonical = RecordGenerator.canonicalLabel(
        "web", TaskHash.hash5("web.1"), TaskHash.agentTail("a-1"));
    Task impostor = Models.task("other.1", canonical, "marathon", "a-1", List.of(81),
        List.of(Models.taskIp("9.0.0.2", IpSource.NETINFO)), null);
    // Both orders: the clash is found whichever of the two names comes first.
    for (SourceReport report :
        List.of(report(agent, web, impostor), report(agent, impostor, web))) {
      RecordSnapshot s = Models.generate(Models.defaults(), report);
      assertThat(s).isNotInstanceOf(IndexedSnapshot.class);
      assertSameAnswers(s, Models.materialize(Models.defaults(), report));
    }
    // Without the clash the same two tasks are compact.
    Task renamed = Models.task("other.1", "api", "marathon", "a-1", List.of(81),
        List.of(Models.taskIp("9.0.0.2", IpSource.NETINFO)), null);
    assertThat(Models.generate(Models.defaults(), report(agent, web, renamed)))
        .isInstanceOf(IndexedSnapshot.class);
  }

  @Test
  void sameTasksMeanSameRecordsAndAChangedAddressDoesNot() {
    Agent agent = new Agent("a-1", "h", List.of(ip("10.0.0.1")), 5051);
    Task web = Models.task("web.1", "web", "marathon", "a-1", List.of(80),
        List.of(Models.taskIp("9.0.0.1", IpSource.NETINFO)), null);
    Task moved = Models.task("web.1", "web", "marathon", "a-1", List.of(80),
        List.of(Models.taskIp("9.0.0.2", IpSource.NETINFO)), null);
    RecordSnapshot a = Models.generate(Models.defaults(), report(agent, web));
    RecordSnapshot b = Models.generate(Models.defaults(), report(agent, web));
    RecordSnapshot c = Models.generate(Models.defaults(), report(agent, moved));
    assertThat(Snapshots.sameRecords(a, b)).isTrue();
    assertThat(Snapshots.sameRecords(a, c)).isFalse();
    assertThat(Snapshots.sameRecords(a, Snapshots.withSerial(b, 7, Instant.EPOCH))).isTrue();
    assertThat(Snapshots.withSerial(a, 7, Instant.EPOCH).serial()).isEqualTo(7);
  }

  private static SourceReport report(Agent agent, Task... tasks) {
    return new SourceReport(List.of(), List.of(agent), List.of(tasks), Masters.NONE, List.of());
  }

  /** Every observable answer of {@code actual} equals {@code expected}'s. */
  static void assertSameAnswers(RecordSnapshot actual, RecordSnapshot expected) {
    Set<String> names = new HashSet<>(expected.names());
    List<String> listed = new ArrayList<>(actual.names());
    assertThat(listed).doesNotHaveDuplicates();
    assertThat(new HashSet<>(listed)).isEqualTo(names);
    assertThat(actual.names()).hasSameSizeAs(names);
    assertThat(actual.recordCount()).isEqualTo(expected.recordCount());
    Map<String, RecordSet> walked = new HashMap<>();
    actual.forEach((name, set) -> assertThat(walked.put(name, set)).as(name).isNull());
    assertThat(walked.keySet()).isEqualTo(names);
    walked.forEach((name, set) -> assertThat(set).as(name).isEqualTo(expected.lookup(name)));
    Set<String> probes = new HashSet<>();
    for (String name : names) {
      assertThat(actual.lookup(name)).as(name).isEqualTo(expected.lookup(name));
      // Every ancestor, and near misses of the name and of its labels.
      for (int dot = name.indexOf('.'); dot >= 0 && dot + 1 < name.length();
          dot = name.indexOf('.', dot + 1)) {
        probes.add(name.substring(dot + 1));
        probes.add("x" + name.substring(dot));
        probes.add(name.substring(0, dot) + "x" + name.substring(dot));
      }
      probes.add("a." + name);
      probes.add("_x." + name);
    }
    for (String probe : probes) {
      assertThat(actual.lookup(probe)).as(probe).isEqualTo(expected.lookup(probe));
      assertThat(actual.isEmptyNonTerminal(probe)).as("ENT " + probe)
          .isEqualTo(expected.isEmptyNonTerminal(probe));
    }
    assertThat(actual.enumeration()).isEqualTo(expected.enumeration());
    assertSameAddresses(actual, expected);
  }

  /**
   * Reverse lookups: the names of every address (and of some absent ones) and which prefixes
   * hold addresses, as the default lookup finds them by walking {@code expected}'s names.
   */
  private static void assertSameAddresses(RecordSnapshot actual, RecordSnapshot expected) {
    AddressLookup walked = new RecordSnapshot() {
      @Override public long serial() { return 0; }
      @Override public Instant builtAt() { return Instant.EPOCH; }
      @Override public RecordSet lookup(String name) { return expected.lookup(name); }
      @Override public boolean isEmptyNonTerminal(String name) { return false; }
      @Override public Set<String> names() { return expected.names(); }
      @Override public int recordCount() { return 0; }
      @Override public List<io.signpost.spi.EnumeratedFramework> enumeration() { return List.of(); }
    }.addresses();
    AddressLookup lookup = actual.addresses();
    Set<InetAddress> addresses = new HashSet<>(List.of(ip("9.0.0.9"), ip("fd00::9"),
        mapped(ip("9.0.0.1")), ip("10.0.0.0"), ip("0.0.0.0"), ip("::")));
    expected.forEach((name, set) -> {
      addresses.addAll(set.a());
      addresses.addAll(set.aaaa());
    });
    for (InetAddress a : addresses) {
      assertThat(lookup.names(a)).as("names of %s", a).isEqualTo(walked.names(a));
      int width = a.getAddress().length * 8;
      for (int bits : new int[] {0, 4, 8, 16, 24, 30, 32, 64, 100, 124, 128}) {
        if (bits <= width) {
          assertThat(lookup.anyUnder(a, bits)).as("%s/%d", a, bits)
              .isEqualTo(walked.anyUnder(a, bits));
        }
      }
    }
  }

  // ---- random clusters with every odd naming case in small numbers

  private static final String[] FRAMEWORKS = {
      "marathon", "Marathon", "marathon-1", "a.b", "b", "chronos with SPACE", "x.slave", "slave",
      "f_1", "mesos", "-", "marathon.prod"};
  private static final String[] NAMES = {
      "web", "web", "api.docker-mt42-1", "api", "API", "web-abcde-1", "a.b.c", "db_1",
      "x.marathon", "long-" + "n".repeat(58), "b.c", "_x", "ünï", "1abc", "web.prod",
      "group-2", "c"};
  private static final String[] PORT_NAMES = {"", "http", "admin", "HTTP", "h_t"};
  private static final String[] PROTOCOLS = {"", "tcp", "udp", "TCP", "sctp"};

  private static SourceReport randomCluster(Random r) {
    List<Agent> agents = new ArrayList<>();
    int agentCount = 1 + r.nextInt(3);
    for (int a = 0; a < agentCount; a++) {
      List<InetAddress> addresses = switch (r.nextInt(4)) {
        case 0 -> List.of();
        case 1 -> List.of(ip("10.0.0." + a), ip("2001:db8::" + a));
        default -> List.of(ip("10.0.0." + (a % 2)));
      };
      agents.add(new Agent("S-" + a, "h" + a, addresses, r.nextInt(2) * 5051));
    }
    List<Framework> frameworks = new ArrayList<>();
    List<String> frameworkNames = new ArrayList<>();
    int frameworkCount = 1 + r.nextInt(3);
    for (int f = 0; f < frameworkCount; f++) {
      // Mostly ordinary, non-overlapping names, so most clusters stay compact.
      String name = r.nextInt(4) == 0 ? pick(r, FRAMEWORKS) : "fw" + f + (r.nextBoolean() ? "" : ".grp");
      frameworkNames.add(name);
      if (r.nextInt(3) == 0) {
        frameworks.add(new Framework("id" + f, name, "h",
            r.nextBoolean() ? List.of(ip("10.1.0." + f)) : List.of(), r.nextInt(2) * 8080));
      }
    }
    List<Task> tasks = new ArrayList<>();
    int taskCount = r.nextInt(12);
    for (int t = 0; t < taskCount; t++) {
      String name = pick(r, NAMES);
      Discovery discovery = null;
      if (r.nextInt(3) == 0) {
        List<PortMapping> ports = new ArrayList<>();
        for (int p = r.nextInt(3); p > 0; p--) {
          ports.add(new PortMapping(1000 + r.nextInt(3), pick(r, PROTOCOLS), pick(r, PORT_NAMES)));
        }
        discovery = new Discovery(r.nextInt(4) == 0 ? "" : pick(r, NAMES), ports);
      }
      List<TaskIp> containerIps = new ArrayList<>();
      for (int i = r.nextInt(3); i > 0; i--) {
        InetAddress address = switch (r.nextInt(5)) {
          case 0, 1 -> ip("9.0.0." + r.nextInt(4));
          case 2, 3 -> ip("fd00::" + r.nextInt(4));
          // An IPv4-mapped IPv6 address, as an Inet6Address: answered as its IPv4 address.
          default -> mapped(ip("9.0.0." + r.nextInt(4)));
        };
        containerIps.add(new TaskIp(address,
            r.nextBoolean() ? IpSource.NETINFO : IpSource.DOCKER));
      }
      List<Integer> ports = new ArrayList<>();
      for (int p = r.nextInt(3); p > 0; p--) {
        ports.add(31000 + r.nextInt(4));
      }
      String agentId = r.nextInt(10) == 0 ? "gone" : "S-" + r.nextInt(agentCount);
      Health health = Health.values()[r.nextInt(Health.values().length)];
      tasks.add(new Task("task-" + r.nextInt(8), name, frameworkNames.get(r.nextInt(frameworkCount)),
          r.nextInt(8) == 0 ? "TASK_STAGING" : Task.RUNNING, agentId,
          r.nextInt(3) == 0 ? List.of(ip("10.2.0.1")) : List.of(), containerIps, ports,
          discovery, health, Map.of()));
    }
    Masters masters = r.nextBoolean() ? Masters.NONE : new Masters(
        new Endpoint(ip("10.3.0.1"), 5050), List.of(new Endpoint(ip("10.3.0.2"), 5050)));
    List<PlainRecord> records = new ArrayList<>();
    if (r.nextInt(4) == 0) {
      records.add(new PlainRecord(r.nextBoolean() ? "static.example" : "web.fw0",
          RecordType.A, "10.9.9.9"));
    }
    return new SourceReport(frameworks, agents, tasks, masters, records);
  }

  private static InetAddress mapped(InetAddress v4) {
    byte[] bytes = new byte[16];
    bytes[10] = (byte) 0xff;
    bytes[11] = (byte) 0xff;
    System.arraycopy(v4.getAddress(), 0, bytes, 12, 4);
    try {
      return Inet6Address.getByAddress(null, bytes, -1);
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String pick(Random r, String[] values) {
    return values[r.nextInt(values.length)];
  }
}
