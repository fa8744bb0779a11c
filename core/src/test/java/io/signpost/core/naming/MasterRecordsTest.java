package io.signpost.core.naming;

import static io.signpost.core.naming.Lookups.a;
import static io.signpost.core.naming.Lookups.aaaa;
import static io.signpost.core.naming.Lookups.srv;
import static io.signpost.core.naming.Models.ip;
import static org.assertj.core.api.Assertions.assertThat;

import io.signpost.spi.RecordSnapshot;
import io.signpost.spi.model.Endpoint;
import io.signpost.spi.model.IpSource;
import io.signpost.spi.model.Masters;
import io.signpost.spi.model.SourceReport;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Leader and master records: every row of the behaviour spec's §5.7 table (domain foo.com). */
class MasterRecordsTest {

  private static final Endpoint LEADER = endpoint("0.0.0.6", 7);

  private static Endpoint endpoint(String ip, int port) {
    return new Endpoint(ip(ip), port);
  }

  private static RecordSnapshot generate(Endpoint leader, Endpoint... members) {
    SourceReport report = new SourceReport(List.of(), List.of(), List.of(),
        new Masters(leader, Arrays.asList(members)), List.of());
    return Models.generate(Models.settings("foo.com", false, IpSource.HOST), report);
  }

  @Test
  void noMastersListed() {
    RecordSnapshot s = generate(LEADER);
    assertThat(a(s, "leader.foo.com.")).containsExactly("0.0.0.6");
    assertThat(a(s, "master.foo.com.")).containsExactly("0.0.0.6");
    assertThat(a(s, "master0.foo.com.")).containsExactly("0.0.0.6");
    assertThat(srv(s, "_leader._tcp.foo.com.")).containsExactly("leader.foo.com.:7");
    assertThat(srv(s, "_leader._udp.foo.com.")).containsExactly("leader.foo.com.:7");
    assertThat(s.names()).containsExactlyInAnyOrder("leader.foo.com.", "master.foo.com.",
        "master0.foo.com.", "_leader._tcp.foo.com.", "_leader._udp.foo.com.");
  }

  @Test
  void leaderMissingFromTheListIsAppended() {
    RecordSnapshot s = generate(LEADER, endpoint("0.0.0.8", 9));
    assertThat(a(s, "master.foo.com.")).containsExactlyInAnyOrder("0.0.0.6", "0.0.0.8");
    assertThat(a(s, "master0.foo.com.")).containsExactly("0.0.0.8");
    assertThat(a(s, "master1.foo.com.")).containsExactly("0.0.0.6");
    assertThat(s.lookup("master2.foo.com.")).isNull();
  }

  @Test
  void duplicateMasterIsIgnored() {
    RecordSnapshot s = generate(LEADER, endpoint("0.0.0.8", 9), endpoint("0.0.0.8", 9));
    assertThat(a(s, "master.foo.com.")).containsExactlyInAnyOrder("0.0.0.6", "0.0.0.8");
    assertThat(a(s, "master0.foo.com.")).containsExactly("0.0.0.8");
    assertThat(a(s, "master1.foo.com.")).containsExactly("0.0.0.6");
    assertThat(s.lookup("master2.foo.com.")).isNull();
  }

  @Test
  void leaderKeepsItsPlaceInTheList() {
    RecordSnapshot s = generate(LEADER,
        endpoint("0.0.0.8", 9), endpoint("0.0.0.6", 7), endpoint("0.0.0.7", 0));
    assertThat(a(s, "master0.foo.com.")).containsExactly("0.0.0.8");
    assertThat(a(s, "master1.foo.com.")).containsExactly("0.0.0.6");
    assertThat(a(s, "master2.foo.com.")).containsExactly("0.0.0.7");
    assertThat(a(s, "master.foo.com."))
        .containsExactlyInAnyOrder("0.0.0.6", "0.0.0.7", "0.0.0.8");
    assertThat(s.lookup("master3.foo.com.")).isNull();
  }

  @Test
  void leaderListedTwiceIsNumberedOnce() {
    RecordSnapshot s = generate(LEADER,
        endpoint("0.0.0.8", 9), endpoint("0.0.0.6", 7), endpoint("0.0.0.6", 7));
    assertThat(a(s, "master0.foo.com.")).containsExactly("0.0.0.8");
    assertThat(a(s, "master1.foo.com.")).containsExactly("0.0.0.6");
    assertThat(s.lookup("master2.foo.com.")).isNull();
  }

  @Test
  void leaderIpOnAnotherPortIsADuplicateNotTheLeader() {
    RecordSnapshot s = generate(LEADER, endpoint("0.0.0.6", 8));
    assertThat(a(s, "master0.foo.com.")).containsExactly("0.0.0.6");
    assertThat(s.lookup("master1.foo.com.")).isNull();
  }

  @Test
  void ipv6Leader() {
    RecordSnapshot s = generate(endpoint("2001:db8::1", 7));
    for (String name : List.of("leader.foo.com.", "master.foo.com.", "master0.foo.com.")) {
      assertThat(aaaa(s, name)).containsExactly(ip("2001:db8::1"));
      assertThat(a(s, name)).isEmpty();
    }
    assertThat(srv(s, "_leader._tcp.foo.com.")).containsExactly("leader.foo.com.:7");
  }

  @Test
  void unknownLeaderGivesNoRecordsAtAll() {
    // Leader strings "", "@", "1@", "@2" and "3@4" reach the core as "no leader".
    RecordSnapshot s = generate(null, endpoint("0.0.0.8", 9));
    assertThat(s.names()).isEmpty();
  }

  @Test
  void noMasterSrvRecordsAndNoLeaderSrvWithoutPort() {
    RecordSnapshot s = generate(endpoint("0.0.0.6", 0), endpoint("0.0.0.8", 9));
    assertThat(s.lookup("_master._tcp.foo.com.")).isNull();
    assertThat(s.lookup("_leader._tcp.foo.com.")).isNull();
    assertThat(a(s, "leader.foo.com.")).containsExactly("0.0.0.6");
  }

  @Test
  void fixtureMasters() {
    RecordSnapshot s = Models.generate(Models.settings("mesos", true, IpSource.HOST),
        new SourceReport(List.of(), List.of(), List.of(), new Masters(endpoint("1.2.3.4", 5050),
            List.of(endpoint("144.76.157.37", 5050))), List.of()));
    assertThat(a(s, "master.mesos.")).containsExactlyInAnyOrder("1.2.3.4", "144.76.157.37");
    assertThat(a(s, "master0.mesos.")).containsExactly("144.76.157.37");
    assertThat(a(s, "master1.mesos.")).containsExactly("1.2.3.4");
    assertThat(a(s, "leader.mesos.")).containsExactly("1.2.3.4");
    assertThat(srv(s, "_leader._udp.mesos.")).containsExactly("leader.mesos.:5050");
  }
}
