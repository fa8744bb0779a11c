package io.signpost.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.signpost.spi.EnumerationVisitor;
import io.signpost.spi.RecordSnapshot;
import io.signpost.testing.ForwardingSnapshot;
import io.signpost.testing.ManualFeed;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code /v1/enumerate} and {@code /v1/axfr} hold the whole snapshot: on a big cluster they take
 * seconds and much memory, so they are written one at a time and axfr is refused when the heap
 * cannot hold it, rather than letting the server run out of memory.
 */
class WholeSnapshotRepliesTest {

  private HttpFrontend frontend;

  private Http start(RecordSnapshot snapshot, long spareHeap) throws Exception {
    frontend = new HttpFrontend(new HttpConfig("127.0.0.1", 0, true), new ManualFeed(snapshot),
        FixtureSnapshot.settings(), new CompositeMeterRegistry(), new EffectiveConfig(),
        () -> spareHeap);
    frontend.start();
    return new Http(frontend.port());
  }

  @AfterEach
  void stop() {
    if (frontend != null) {
      frontend.close();
    }
  }

  @Test
  void axfrThatWouldNotFitTheHeapIsRefusedAndEnumerateStillStreams() throws Exception {
    RecordSnapshot snapshot = FixtureSnapshot.build();
    long needed = snapshot.names().size() * MesosDnsApi.AXFR_BYTES_PER_NAME;
    Http http = start(snapshot, needed - 1);
    HttpResponse<String> refused = http.get("/v1/axfr");
    assertThat(refused.statusCode()).isEqualTo(503);
    assertThat(Http.json(refused).get("error").asText())
        .contains("/v1/axfr of " + snapshot.names().size() + " names").contains("-Xmx");
    assertThat(http.get("/v1/enumerate").statusCode()).isEqualTo(200);
    frontend.close();
    http = start(snapshot, needed);
    assertThat(Http.json(http.get("/v1/axfr"))).isEqualTo(Http.expected("axfr.json"));
  }

  @Test
  void oneWholeSnapshotReplyIsWrittenAtATime() throws Exception {
    CountDownLatch writing = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Http http = start(new SlowEnumeration(FixtureSnapshot.build(), writing, release),
        Long.MAX_VALUE);
    CompletableFuture<HttpResponse<String>> first =
        CompletableFuture.supplyAsync(() -> http.get("/v1/enumerate"));
    assertThat(writing.await(10, TimeUnit.SECONDS)).isTrue();
    HttpResponse<String> busy = http.get("/v1/axfr");
    assertThat(busy.statusCode()).isEqualTo(503);
    assertThat(Http.json(busy).get("error").asText()).contains("retry");
    release.countDown();
    assertThat(first.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    assertThat(Http.json(first.get())).isEqualTo(Http.expected("enumerate.json"));
    // The permit came back with the finished reply.
    assertThat(http.get("/v1/axfr").statusCode()).isEqualTo(200);
  }

  /** A snapshot whose enumeration waits, once started, until the test lets it go on. */
  private static final class SlowEnumeration extends ForwardingSnapshot {
    private final CountDownLatch writing;
    private final CountDownLatch release;

    SlowEnumeration(RecordSnapshot inner, CountDownLatch writing, CountDownLatch release) {
      super(inner);
      this.writing = writing;
      this.release = release;
    }

    @Override
    public void enumerate(EnumerationVisitor visitor) {
      writing.countDown();
      try {
        release.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      inner.enumerate(visitor);
    }
  }
}
