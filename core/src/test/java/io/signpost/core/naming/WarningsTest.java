package io.signpost.core.naming;

import static io.signpost.core.naming.Models.ips;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.signpost.spi.model.Agent;
import io.signpost.spi.model.Framework;
import io.signpost.spi.model.Masters;
import io.signpost.spi.model.PlainRecord;
import io.signpost.spi.model.RecordType;
import io.signpost.spi.model.SourceReport;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** What is skipped is said once per rebuild, naming the offender. */
class WarningsTest {

  private final Logger logger = (Logger) LoggerFactory.getLogger(RecordGenerator.class);
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

  private List<String> warnings() {
    return appender.list.stream().filter(e -> e.getLevel() == Level.WARN)
        .map(ILoggingEvent::getFormattedMessage).toList();
  }

  @Test
  void labelLessTasksAreReportedInOneWarning() {
    SourceReport report = new SourceReport(
        List.of(new Framework("", "marathon", "", List.of(), 0)),
        List.of(new Agent("a-1", "", ips("1.1.1.1"), 0)),
        List.of(Models.task("t.1", "$$$", "marathon", "a-1", List.of(), List.of(), null),
            Models.task("t.2", "%%%", "marathon", "a-1", List.of(), List.of(), null)),
        Masters.NONE, List.of());
    Models.generate(Models.defaults(), report);
    assertThat(warnings()).hasSize(1);
    assertThat(warnings().get(0)).contains("2 name(s)", "'$$$'", "'%%%'");
  }

  @Test
  void tooLongNamesAreReported() {
    String huge = String.join(".", "a".repeat(63), "b".repeat(63), "c".repeat(63), "d".repeat(63));
    Models.generate(Models.defaults(), new SourceReport(
        List.of(new Framework("", huge, "", ips("1.2.3.4"), 0)), List.of(), List.of(),
        Masters.NONE, List.of()));
    assertThat(warnings()).singleElement().asString().contains("exceed DNS limits", "dddd");
  }

  @Test
  void invalidPlainRecordIsNamed() {
    Models.generate(Models.defaults(), SourceReport.ofRecords(List.of(
        new PlainRecord("db", RecordType.A, "not-an-ip"))));
    assertThat(warnings()).singleElement().asString().contains("db", "not-an-ip");
  }

  @Test
  void cleanReportWarnsNothing() {
    Models.generate(Models.defaults(), FakeState.report());
    assertThat(warnings()).isEmpty();
  }
}
