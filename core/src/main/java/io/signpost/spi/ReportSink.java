package io.signpost.spi;

import io.signpost.spi.model.SourceReport;

/** Where a {@link PushSource} sends what it sees. Safe to call from any thread. */
public interface ReportSink {

  /**
   * Publishes a complete view of the cluster that replaces the source's previous one. The
   * runtime rebuilds the answers promptly (within milliseconds) and coalesces bursts.
   */
  void publish(SourceReport report);

  /**
   * Says the source currently cannot see the cluster. The last good report keeps being served.
   *
   * @param reason a one-line explanation for the log and the HTTP status API
   */
  void failed(String reason);
}
