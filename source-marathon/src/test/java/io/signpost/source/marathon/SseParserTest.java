package io.signpost.source.marathon;

import static io.signpost.source.marathon.TestSupport.fixtureBytes;
import static org.assertj.core.api.Assertions.assertThat;

import io.signpost.source.marathon.SseParser.SseEvent;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SseParserTest {

  private final List<SseEvent> events = new ArrayList<>();
  private final SseParser parser = new SseParser(events::add);

  private void feed(String s) {
    parser.feed(ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8)));
  }

  private void feedByteByByte(byte[] bytes) {
    for (byte b : bytes) {
      parser.feed(ByteBuffer.wrap(new byte[] {b}));
    }
  }

  @Test
  void readsRealCrlfWireBytes() {
    parser.feed(ByteBuffer.wrap(fixtureBytes("events/event-stream-attached.marathon-1.6.crlf.sse")));

    assertThat(events).hasSize(1);
    assertThat(events.get(0).type()).isEqualTo("event_stream_attached");
    assertThat(events.get(0).data()).startsWith("{").contains("\"remoteAddress\"").doesNotContain("\r");
  }

  @Test
  void splitReadsGiveTheSameEventsAsOneRead() {
    byte[] stream = fixtureBytes("events/all-event-types.assembled.crlf.sse");
    parser.feed(ByteBuffer.wrap(stream));
    List<SseEvent> whole = new ArrayList<>(events);
    events.clear();
    feedByteByByte(stream);

    assertThat(whole).hasSize(22);
    assertThat(events).isEqualTo(whole);
    assertThat(whole).extracting(SseEvent::type).contains("status_update_event", "app_terminated_event");
  }

  @Test
  void keepAliveCrAndLfInSeparateReadsAreNoEvent() {
    feed("\r");
    feed("\n");
    feed("\r\n");
    assertThat(events).isEmpty();
    feed("event: x\r");
    feed("\ndata: {}\r");
    feed("\n\r");
    feed("\n");
    assertThat(events).containsExactly(new SseEvent("x", "{}"));
  }

  @Test
  void streamsBeforeMarathon011HaveNoEventLine() {
    parser.feed(ByteBuffer.wrap(fixtureBytes("events/v2-events.data-only.docs-pre-0.11.txt")));

    assertThat(events).isNotEmpty().allSatisfy(e -> {
      assertThat(e.type()).isEmpty();
      assertThat(e.data()).contains("\"eventType\"");
    });
  }

  @Test
  void blankLinesBetweenFieldsDoNotLoseData() {
    parser.feed(ByteBuffer.wrap(fixtureBytes("events/app-lifecycle.marathon-1.6.mangled-blank-lines.sse")));

    assertThat(events).hasSize(4).allSatisfy(e -> assertThat(e.data()).contains("\"eventType\""));
  }

  @Test
  void multiLineDataAndCommentsAndHugeLines() {
    String big = "x".repeat(2_000_000);
    feed(": comment\ndata: a\ndata: b\n\ndata:" + big + "\n\n");
    assertThat(events).containsExactly(new SseEvent("", "a\nb"), new SseEvent("", big));
  }
}
