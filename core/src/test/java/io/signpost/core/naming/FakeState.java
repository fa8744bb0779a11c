package io.signpost.core.naming;

import static io.signpost.core.naming.Models.ip;
import static io.signpost.core.naming.Models.ips;
import static io.signpost.core.naming.Models.task;
import static io.signpost.core.naming.Models.taskIp;

import io.signpost.spi.model.Agent;
import io.signpost.spi.model.Discovery;
import io.signpost.spi.model.Endpoint;
import io.signpost.spi.model.Framework;
import io.signpost.spi.model.IpSource;
import io.signpost.spi.model.Masters;
import io.signpost.spi.model.PlainRecord;
import io.signpost.spi.model.PortMapping;
import io.signpost.spi.model.RecordType;
import io.signpost.spi.model.SourceReport;
import io.signpost.spi.model.Task;
import java.util.List;

/**
 * Mesos-DNS's test fixture {@code factories/fake.json} (see the behaviour spec §11), written out
 * by hand as the model a Mesos source would report for it: each task carries only the IPs of its
 * latest running status, as the source picks them. The {@code no pid} framework's hostname
 * {@code localhost} is taken to resolve to 127.0.0.1 only.
 */
final class FakeState {

  static final String AGENT_10 = "20140916-194712-631065744-5050-4798-2";
  static final String AGENT_11 = "20140803-125133-3041283216-5050-2410-0";
  static final String AGENT_12 = "20140827-000744-3041283216-5050-2116-1";
  static final String AGENT_V6 = "20140803-194712-3041283216-5050-2116-3";
  static final String CHRONOS = "chronos with a space AND MIXED CASE-2.0.1";

  private FakeState() {}

  static Discovery discovery(String name) {
    return new Discovery(name, List.of(
        new PortMapping(80, "tcp", "http"), new PortMapping(443, "tcp", "https")));
  }

  static Task liquorStore() {
    return task("liquor-store.b8db9f73-562f-11e4-a088-c20493233aa5", "liquor.store", "marathon",
        AGENT_11, List.of(31354, 31355), List.of(taskIp("10.3.0.1", IpSource.DOCKER)),
        discovery("liquor.store"));
  }

  static Task carStore() {
    return task("car-store.43758382-562f-11e4-a088-c20493233aa5", "car.store", "marathon",
        AGENT_11, List.of(31364, 31365), List.of(), null);
  }

  static List<Agent> agents() {
    return List.of(
        new Agent(AGENT_10, "1.2.3.10", ips("1.2.3.10"), 5051),
        new Agent(AGENT_11, "1.2.3.11", ips("1.2.3.11"), 5051),
        new Agent(AGENT_12, "1.2.3.12", ips("1.2.3.12"), 5051),
        new Agent(AGENT_V6, "2001:db8::1", ips("2001:db8::1"), 5051));
  }

  static List<Framework> frameworks() {
    return List.of(
        new Framework("", "ipv6-framework", "localhost", ips("2001:db8::1"), 25501),
        new Framework("", CHRONOS, "localhost", ips("1.2.3.12"), 25501),
        new Framework("", "no pid", "localhost", ips("127.0.0.1"), 0),
        new Framework("", "marathon", "google.com", ips("1.2.3.11"), 25501));
  }

  static List<Task> tasks() {
    Task poseidon = Models.withState(task("poseidon.bc4e3796-2d7a-11e4-b8df-d43d7edb01cd",
        "poseidon.bc4e3796-2d7a-11e4-b8df-d43d7edb01cd", "marathon", AGENT_11, List.of(31112),
        List.of(), null), "TASK_KILLED");
    return List.of(
        task("toy-store.b8db9f73-562f-11e4-a088-c20493233aa5", "toy-store", "ipv6-framework",
            AGENT_V6, List.of(31354, 31355), List.of(
                taskIp("12.0.1.3", IpSource.NETINFO),
                taskIp("12.0.1.2", IpSource.NETINFO),
                taskIp("fd01:b::1:8000:2", IpSource.NETINFO)), null),
        task("some-box.b8db9f73-562f-11e4-a088-c20493233aa5", "some-box", CHRONOS, AGENT_11,
            List.of(31354), List.of(), null),
        poseidon,
        liquorStore(),
        task("liquor-store.b8db9f73-562f-11e4-a088-c20493233aa5", "big.dog2", "marathon",
            AGENT_11, List.of(31354, 31355), List.of(taskIp("10.3.0.1", IpSource.DOCKER)),
            discovery("big.dog")),
        task("liquor-store.b71166c1-562f-11e4-a088-c20493233aa5",
            "non-human-readable-liquor-store", "marathon", AGENT_12, List.of(31737, 31738),
            List.of(taskIp("10.3.0.2", IpSource.DOCKER)), discovery("liquor.store")),
        carStore(),
        task("chronos.49b91a9a-3dda-11e4-a088-c20493233aa5", "chronos", "marathon", AGENT_11,
            List.of(31332), List.of(), null),
        task("nginx.1bc32344-3dda-11e4-a088-c20493233aa5", "nginx", "marathon", AGENT_11,
            List.of(), List.of(taskIp("10.3.0.3", IpSource.MESOS)), null),
        task("reviewbot.8c9b3434-615a-11e4-a088-c20493233aa5", "reviewbot", "marathon", AGENT_12,
            List.of(31744), List.of(), null));
  }

  /**
   * The whole fixture with the resolver-test setup: leader 1.2.3.4:5050, masters
   * [144.76.157.37:5050], and the server's own record {@code mesos-dns.mesos.} as a plain record
   * (frontends contribute it in Signpost).
   */
  static SourceReport report() {
    Masters masters = new Masters(new Endpoint(ip("1.2.3.4"), 5050),
        List.of(new Endpoint(ip("144.76.157.37"), 5050)));
    return new SourceReport(frameworks(), agents(), tasks(), masters,
        List.of(new PlainRecord("mesos-dns.mesos.", RecordType.A, "127.0.0.1")));
  }
}
