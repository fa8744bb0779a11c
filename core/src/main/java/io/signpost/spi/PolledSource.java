package io.signpost.spi;

import io.signpost.spi.model.SourceReport;
import java.time.Duration;

/**
 * A source that the runtime polls. The runtime calls {@link #fetch()} right after start and then
 * every {@link #refreshInterval()}, never concurrently with itself, on a thread it owns.
 */
public interface PolledSource extends Source {

  /**
   * Reads the cluster and returns one complete report.
   *
   * @return the full current view; never {@code null}
   * @throws Exception any failure (unreachable, bad answer, ...); the runtime logs its message
   *     once per change of state and keeps the previous report. Give the exception a message a
   *     user can act on, e.g. "master 10.0.0.1:5050: HTTP 503".
   */
  SourceReport fetch() throws Exception;

  /** How long to wait between the end of one fetch and the start of the next. */
  Duration refreshInterval();
}
