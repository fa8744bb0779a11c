package io.signpost.spi;

import java.time.Instant;

/**
 * How a configured source is doing.
 *
 * @param name the source's config section name
 * @param lastSuccess when it last delivered a good report, or {@code null} if never
 * @param consecutiveFailures failures since the last good report
 * @param lastError the last failure's message, or {@code null} when the last attempt succeeded
 * @param taskCount the number of tasks in its last good report
 */
public record SourceStatus(
    String name, Instant lastSuccess, long consecutiveFailures, String lastError, int taskCount) {

  /** Whether the source has delivered at least one good report. */
  public boolean reported() {
    return lastSuccess != null;
  }
}
