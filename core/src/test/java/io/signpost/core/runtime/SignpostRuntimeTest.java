package io.signpost.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.signpost.core.config.LoadedConfig;
import io.signpost.spi.RecordSnapshot;
import io.signpost.spi.SnapshotFeed;
import io.signpost.testing.TestConfigs;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SignpostRuntimeTest {

  @TempDir Path dir;

  private SignpostRuntime start(Path records) throws Exception {
    LoadedConfig config = TestConfigs.load(dir, """
        sources:
          test-file-records: { file: %s, refreshMillis: 20 }
        servers:
          test-null: {}
        """.formatted(records));
    SignpostRuntime runtime = SignpostRuntime.create(config);
    runtime.start();
    return runtime;
  }

  @Test
  void aPluginFoundThroughServiceLoaderHasItsRecordsServed() throws Exception {
    Path records = Files.writeString(dir.resolve("records"), "db A 10.0.0.7\ndb.mesos. A 10.0.0.8\n");
    try (SignpostRuntime runtime = start(records)) {
      SnapshotFeed feed = runtime.feed();
      await().atMost(Duration.ofSeconds(10)).until(() -> feed.current() != null);
      assertThat(feed.current().lookup("db.mesos.").a())
          .containsExactlyInAnyOrder(addr("10.0.0.7"), addr("10.0.0.8"));
      assertThat(feed.sources()).singleElement()
          .satisfies(s -> assertThat(s.reported()).isTrue());
    }
  }

  @Test
  void aFailingSourceKeepsServingItsLastGoodData() throws Exception {
    Path records = Files.writeString(dir.resolve("records"), "db A 10.0.0.7\n");
    try (SignpostRuntime runtime = start(records)) {
      SnapshotFeed feed = runtime.feed();
      await().atMost(Duration.ofSeconds(10)).until(() -> feed.current() != null);
      long serial = feed.current().serial();

      Files.writeString(records, "this line is not a record\n");
      await().atMost(Duration.ofSeconds(10))
          .until(() -> feed.sources().get(0).consecutiveFailures() >= 3);
      assertThat(feed.sources().get(0).lastError()).contains("expected 'name TYPE value'");
      assertThat(feed.current().lookup("db.mesos.").a()).containsExactly(addr("10.0.0.7"));
      assertThat(feed.current().serial()).isEqualTo(serial);

      Files.writeString(records, "db A 10.0.0.9\n");
      await().atMost(Duration.ofSeconds(10)).until(() -> feed.current().lookup("db.mesos.") != null
          && feed.current().lookup("db.mesos.").a().contains(addr("10.0.0.9")));
      RecordSnapshot next = feed.current();
      assertThat(next.serial()).isGreaterThan(serial);
      assertThat(feed.sources().get(0).consecutiveFailures()).isZero();
    }
  }

  @Test
  void unchangedRecordsKeepTheSerial() throws Exception {
    Path records = Files.writeString(dir.resolve("records"), "db A 10.0.0.7\n");
    try (SignpostRuntime runtime = start(records)) {
      SnapshotFeed feed = runtime.feed();
      await().atMost(Duration.ofSeconds(10)).until(() -> feed.current() != null);
      RecordSnapshot first = feed.current();
      // Many more polls of the same file happen; none may publish a new snapshot.
      await().pollDelay(Duration.ofMillis(300)).until(() -> true);
      assertThat(feed.current()).isSameAs(first);
    }
  }

  private static java.net.Inet4Address addr(String ip) throws Exception {
    return (java.net.Inet4Address) InetAddress.getByName(ip);
  }
}
