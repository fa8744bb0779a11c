package io.signpost.spi;

/**
 * A source that learns about changes itself (e.g. from an event stream) and pushes full
 * reports. The runtime calls {@link #start(ReportSink)} once; the source then runs on threads of
 * its own until {@link #close()}.
 */
public interface PushSource extends Source {

  /**
   * Starts the source. It must return promptly and report through {@code sink} from then on,
   * from any thread.
   *
   * @param sink where to send reports and failures
   */
  void start(ReportSink sink);
}
