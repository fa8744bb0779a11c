package io.signpost.source.mesos;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Problems with single items are logged when they appear, not on every refresh. */
class WarningsTest {

  @Test
  void logsEachProblemOncePerAppearance() {
    Logger log = (Logger) LoggerFactory.getLogger("warnings-test");
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.start();
    log.addAppender(appender);
    Warnings warnings = new Warnings();

    warnings.publish(batch("bad pid A", "bad ports B"), log);
    warnings.publish(batch("bad pid A", "bad ports B"), log);
    assertThat(appender.list)
        .extracting(ILoggingEvent::getFormattedMessage)
        .containsExactly("bad pid A", "bad ports B");

    // B is fixed, C appears: only C is new.
    warnings.publish(batch("bad pid A", "bad port C"), log);
    // B comes back after having gone: it is a new appearance.
    warnings.publish(batch("bad ports B"), log);
    assertThat(appender.list)
        .extracting(ILoggingEvent::getFormattedMessage)
        .containsExactly("bad pid A", "bad ports B", "bad port C", "bad ports B");
  }

  private static Warnings.Batch batch(String... messages) {
    Warnings.Batch batch = new Warnings.Batch();
    for (String message : messages) {
      batch.add(message);
    }
    return batch;
  }
}
