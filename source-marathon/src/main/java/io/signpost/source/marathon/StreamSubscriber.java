package io.signpost.source.marathon;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;

/**
 * Receives the bytes of one event-stream connection, hands them to an {@link SseParser} and
 * remembers when the last byte arrived, so a silent (stalled) stream can be detected and cut.
 * It always asks for more right away: Marathon disconnects readers that fall behind.
 */
final class StreamSubscriber implements Flow.Subscriber<List<ByteBuffer>> {

  private final SseParser parser;
  private final CompletableFuture<String> done = new CompletableFuture<>();
  private volatile Flow.Subscription subscription;
  private volatile long lastActivityNanos = System.nanoTime();
  private volatile boolean receivedBytes;

  StreamSubscriber(SseParser parser) {
    this.parser = parser;
  }

  /** Completes with the reason the stream ended. */
  CompletableFuture<String> done() {
    return done;
  }

  long nanosSinceLastActivity() {
    return System.nanoTime() - lastActivityNanos;
  }

  boolean receivedBytes() {
    return receivedBytes;
  }

  /** Drops the connection. */
  void cancel(String reason) {
    done.complete(reason);
    Flow.Subscription s = subscription;
    if (s != null) {
      s.cancel();
    }
  }

  @Override
  public void onSubscribe(Flow.Subscription s) {
    subscription = s;
    lastActivityNanos = System.nanoTime();
    if (done.isDone()) {
      s.cancel();
    } else {
      s.request(1);
    }
  }

  @Override
  public void onNext(List<ByteBuffer> buffers) {
    lastActivityNanos = System.nanoTime();
    receivedBytes = true;
    try {
      for (ByteBuffer b : buffers) {
        parser.feed(b);
      }
    } catch (RuntimeException e) {
      cancel("cannot handle the event stream: " + e);
      return;
    }
    subscription.request(1);
  }

  @Override
  public void onError(Throwable t) {
    String m = t.getMessage();
    done.complete("event stream failed: " + (m == null ? t.getClass().getSimpleName() : m));
  }

  @Override
  public void onComplete() {
    done.complete("event stream closed by Marathon");
  }
}
