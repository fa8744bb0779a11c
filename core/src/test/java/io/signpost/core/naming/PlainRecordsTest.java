package io.signpost.core.naming;

import static io.signpost.core.naming.Lookups.a;
import static io.signpost.core.naming.Lookups.aaaa;
import static io.signpost.core.naming.Lookups.srv;
import static io.signpost.core.naming.Models.ip;
import static org.assertj.core.api.Assertions.assertThat;

import io.signpost.spi.RecordSnapshot;
import io.signpost.spi.model.PlainRecord;
import io.signpost.spi.model.RecordType;
import io.signpost.spi.model.SourceReport;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A source's plain records. */
class PlainRecordsTest {

  private static RecordSnapshot generate(PlainRecord... records) {
    return Models.generate(Models.defaults(), SourceReport.ofRecords(List.of(records)));
  }

  @Test
  void absoluteAndRelativeNames() {
    RecordSnapshot s = generate(
        new PlainRecord("db.example.org.", RecordType.A, "10.0.0.1"),
        new PlainRecord("DB", RecordType.A, "10.0.0.2"),
        new PlainRecord("db", RecordType.AAAA, "fd00::2"),
        new PlainRecord("_pg._tcp", RecordType.SRV, "db:5432"),
        new PlainRecord("_pg._tcp.mesos.", RecordType.SRV, "Replica.Example.Org.:5433"));
    assertThat(a(s, "db.example.org.")).containsExactly("10.0.0.1");
    assertThat(a(s, "db.mesos.")).containsExactly("10.0.0.2");
    assertThat(aaaa(s, "db.mesos.")).containsExactly(ip("fd00::2"));
    assertThat(srv(s, "_pg._tcp.mesos."))
        .containsExactlyInAnyOrder("db.mesos.:5432", "replica.example.org.:5433");
  }

  @Test
  void ipv4MappedAaaaBecomesA() {
    RecordSnapshot s = generate(new PlainRecord("m", RecordType.AAAA, "::ffff:9.9.9.9"));
    assertThat(a(s, "m.mesos.")).containsExactly("9.9.9.9");
  }

  @Test
  void invalidRecordsAreSkippedOthersKept() {
    RecordSnapshot s = generate(
        new PlainRecord("host", RecordType.A, "localhost"),       // a hostname: never resolved
        new PlainRecord("v6", RecordType.A, "fd00::1"),           // wrong family
        new PlainRecord("v4", RecordType.AAAA, "10.0.0.1"),       // wrong family
        new PlainRecord("short", RecordType.A, "10.0.0"),         // not four octets
        new PlainRecord("big", RecordType.A, "10.0.0.256"),
        new PlainRecord("bad name", RecordType.A, "10.0.0.1"),
        new PlainRecord("a..b", RecordType.A, "10.0.0.1"),
        new PlainRecord("x".repeat(64), RecordType.A, "10.0.0.1"),
        new PlainRecord(("y".repeat(60) + ".").repeat(5), RecordType.A, "10.0.0.1"),
        new PlainRecord("_s._tcp", RecordType.SRV, "noport"),
        new PlainRecord("_s._tcp", RecordType.SRV, "t:70000"),
        new PlainRecord("_s._tcp", RecordType.SRV, "t:http"),
        new PlainRecord("_s._tcp", RecordType.SRV, ":80"),
        new PlainRecord("_s._tcp", RecordType.SRV, "bad target:80"),
        new PlainRecord("ok", RecordType.A, "10.0.0.9"));
    assertThat(s.names()).containsExactly("ok.mesos.");
    assertThat(a(s, "ok.mesos.")).containsExactly("10.0.0.9");
  }

  @Test
  void plainRecordsComeAfterTasksAndAreNotEnumerated() {
    RecordSnapshot s = generate(new PlainRecord("ok", RecordType.A, "10.0.0.9"));
    assertThat(s.enumeration()).isEmpty();
  }
}
