package io.signpost.source.mesos;

import java.util.LinkedHashSet;
import java.util.Set;
import org.slf4j.Logger;

/**
 * Problems with single items of one state (a bad PID, a bad port string). They are logged once
 * when they first appear, not again on every refresh while the state stays the same.
 */
final class Warnings {

  private static final int MAX_KEPT = 1000;

  private Set<String> previous = Set.of();

  /** Collects the warnings of one fetch. */
  static final class Batch {
    private final Set<String> messages = new LinkedHashSet<>();

    void add(String message) {
      if (messages.size() < MAX_KEPT) {
        messages.add(message);
      }
    }

    Set<String> messages() {
      return messages;
    }
  }

  /** Logs the messages of {@code batch} that the previous batch did not have. */
  synchronized void publish(Batch batch, Logger log) {
    for (String message : batch.messages) {
      if (!previous.contains(message)) {
        log.warn(message);
      }
    }
    previous = Set.copyOf(batch.messages);
  }
}
