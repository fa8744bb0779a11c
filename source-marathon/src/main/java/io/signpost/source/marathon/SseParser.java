package io.signpost.source.marathon;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Splits a Server-Sent Events byte stream into events. Lines may end with CR, LF or CRLF, and a
 * CRLF may be split across two reads (Marathon's Jetty flushes the CR and the LF of its
 * keep-alive separately). Lines have no length limit: heavy deployment events exceed 1 MB.
 * Not thread-safe: feed it from one thread.
 */
final class SseParser {

  /**
   * One dispatched event.
   *
   * @param type the {@code event:} field, or an empty string (Marathon before 0.11 sends none)
   * @param data the {@code data:} lines joined with LF
   */
  record SseEvent(String type, String data) {}

  private final Consumer<SseEvent> sink;
  private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);
  private final StringBuilder data = new StringBuilder();
  private String type = "";
  private boolean hasData;
  private boolean lastWasCr;

  SseParser(Consumer<SseEvent> sink) {
    this.sink = sink;
  }

  void feed(ByteBuffer buffer) {
    while (buffer.hasRemaining()) {
      byte b = buffer.get();
      if (b == '\n' && lastWasCr) {
        lastWasCr = false;
        continue;
      }
      lastWasCr = b == '\r';
      if (b == '\r' || b == '\n') {
        endLine();
      } else {
        line.write(b);
      }
    }
  }

  private void endLine() {
    String text = line.toString(StandardCharsets.UTF_8);
    line.reset();
    if (text.isEmpty()) {
      dispatch();
      return;
    }
    if (text.startsWith(":")) {
      return;
    }
    int colon = text.indexOf(':');
    String field = colon < 0 ? text : text.substring(0, colon);
    String value = colon < 0 ? "" : text.substring(colon + 1);
    if (value.startsWith(" ")) {
      value = value.substring(1);
    }
    if (field.equals("event")) {
      type = value;
    } else if (field.equals("data")) {
      if (hasData) {
        data.append('\n');
      }
      data.append(value);
      hasData = true;
    }
  }

  private void dispatch() {
    if (hasData) {
      sink.accept(new SseEvent(type, data.toString()));
    }
    data.setLength(0);
    hasData = false;
    type = "";
  }
}
