package io.signpost.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.signpost.spi.PolledSource;
import io.signpost.spi.model.SourceReport;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** How a runner reports its source's failures. */
class SourceRunnerTest {

  private final Logger logger = (Logger) LoggerFactory.getLogger(SourceRunner.class);
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

  @BeforeEach
  void attach() {
    appender.start();
    logger.addAppender(appender);
  }

  @AfterEach
  void detach() {
    logger.detachAppender(appender);
  }

  @Test
  void aFetchCutShortByTheShutdownIsNoWarning() throws Exception {
    // E.g. the server stopping because a frontend could not bind its port, while the first
    // fetch is under way: its executor is gone, and the source's error says so in its own words.
    CountDownLatch fetching = new CountDownLatch(1);
    CountDownLatch failed = new CountDownLatch(1);
    PolledSource source = new PolledSource() {
      @Override
      public SourceReport fetch() throws Exception {
        fetching.countDown();
        try {
          new CountDownLatch(1).await(10, TimeUnit.SECONDS);
          return null;
        } catch (InterruptedException e) {
          failed.countDown();
          throw new IOException("Task ScheduledFutureTask@1 rejected from"
              + " ScheduledThreadPoolExecutor@2[Terminated]");
        }
      }

      @Override
      public Duration refreshInterval() {
        return Duration.ofSeconds(60);
      }
    };
    SourceRunner runner = new SourceRunner("cut", source, Clock.systemUTC(),
        new SimpleMeterRegistry(), (name, report) -> { }, null);
    runner.start();
    assertThat(fetching.await(10, TimeUnit.SECONDS)).isTrue();
    runner.close();
    assertThat(failed.await(10, TimeUnit.SECONDS)).isTrue();
    await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2))
        .until(() -> runner.status().consecutiveFailures() == 0);
    assertThat(appender.list).noneMatch(e -> e.getLevel() == Level.WARN);
  }
}
