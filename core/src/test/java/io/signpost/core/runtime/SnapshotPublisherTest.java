package io.signpost.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.signpost.core.naming.RecordGenerator;
import io.signpost.spi.CoreSettings;
import io.signpost.spi.PushSource;
import io.signpost.spi.RecordSnapshot;
import io.signpost.spi.model.IpSource;
import io.signpost.spi.model.Masters;
import io.signpost.spi.model.PlainRecord;
import io.signpost.spi.model.RecordType;
import io.signpost.spi.model.SourceReport;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SnapshotPublisherTest {

  private SnapshotPublisher publisher;
  private SourceRunner runner;

  @BeforeEach
  void setUp() {
    CoreSettings settings = new CoreSettings("mesos", 60, false,
        List.of(IpSource.NETINFO, IpSource.MESOS, IpSource.HOST), 1,
        "ns1.mesos.", "root.ns1.mesos.", 60, 600, 86400, 60);
    publisher = new SnapshotPublisher(new RecordGenerator(settings), Clock.systemUTC());
    PushSource source = sink -> { };
    runner = new SourceRunner("test", source, Clock.systemUTC(), new SimpleMeterRegistry(),
        publisher::reportArrived, null);
    publisher.setRunners(List.of(runner));
  }

  @AfterEach
  void tearDown() {
    publisher.close();
  }

  private static SourceReport report(String ip) {
    return new SourceReport(List.of(), List.of(), List.of(), Masters.NONE,
        List.of(new PlainRecord("db", RecordType.A, ip)));
  }

  private String dbAddress() {
    RecordSnapshot s = publisher.current();
    return s == null || s.lookup("db.mesos.") == null ? null
        : s.lookup("db.mesos.").a().get(0).getHostAddress();
  }

  @Test
  void theSameReportInstanceAgainSkipsTheRebuild() {
    SourceReport first = report("10.0.0.1");
    runner.publish(first);
    await().until(() -> "10.0.0.1".equals(dbAddress()));
    assertThat(publisher.builtCount()).isEqualTo(1);

    runner.publish(first);
    await().until(() -> publisher.skippedCount() == 1);
    assertThat(publisher.builtCount()).isEqualTo(1);

    // An equal report that is another instance is built (and compared record by record).
    runner.publish(report("10.0.0.1"));
    await().until(() -> publisher.builtCount() == 2);
    runner.publish(report("10.0.0.2"));
    await().until(() -> "10.0.0.2".equals(dbAddress()));
  }

  @Test
  void newOwnRecordsRebuildEvenWhenTheReportsAreTheSame() {
    SourceReport first = report("10.0.0.1");
    runner.publish(first);
    await().until(() -> "10.0.0.1".equals(dbAddress()));

    publisher.setOwnRecords(List.of(new PlainRecord("ns1", RecordType.A, "10.0.0.9")));
    runner.publish(first);
    await().until(() -> publisher.current().lookup("ns1.mesos.") != null);
    assertThat(publisher.skippedCount()).isZero();
  }
}
