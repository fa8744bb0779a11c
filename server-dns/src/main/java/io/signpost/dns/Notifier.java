package io.signpost.dns;

import io.signpost.spi.RecordSnapshot;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * Sends NOTIFY (RFC 1996) for the domain to every configured secondary when the snapshot's
 * serial changes, on a thread of its own, retrying a few times until each one acknowledges.
 */
final class Notifier implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Notifier.class);
  private static final int ATTEMPTS = 3;

  private final List<InetSocketAddress> targets;
  private final ZoneView.ServerNames names;
  private final DnsMetrics metrics;
  private final Duration timeout;
  private final ExecutorService executor;
  private long lastSerial = -1;

  Notifier(List<InetSocketAddress> targets, ZoneView.ServerNames names, DnsMetrics metrics,
      Duration timeout) {
    this.targets = List.copyOf(targets);
    this.names = names;
    this.metrics = metrics;
    this.timeout = timeout;
    this.executor = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "signpost-dns-notify");
      t.setDaemon(true);
      return t;
    });
  }

  /** Called on the feed's publishing thread: only queues the work. */
  synchronized void snapshotChanged(RecordSnapshot snapshot) {
    if (targets.isEmpty() || snapshot.serial() == lastSerial) {
      return;
    }
    lastSerial = snapshot.serial();
    long serial = snapshot.serial();
    executor.execute(() -> targets.forEach(t -> notifyOne(t, serial)));
  }

  private void notifyOne(InetSocketAddress target, long serial) {
    Message notify = new Message();
    notify.getHeader().setOpcode(Opcode.NOTIFY);
    notify.getHeader().setFlag(Flags.AA);
    notify.addRecord(Record.newRecord(names.apex, Type.SOA, DClass.IN), Section.QUESTION);
    notify.addRecord(names.soa(names.apex, serial), Section.ANSWER);
    SimpleResolver resolver = new SimpleResolver(target);
    resolver.setTimeout(timeout);
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      try {
        Message reply = resolver.send(notify);
        if (reply.getRcode() == Rcode.NOERROR) {
          metrics.notifyResult(true);
          return;
        }
        LOG.warn("NOTIFY to {} for serial {}: {}", target, serial, Rcode.string(reply.getRcode()));
        break;
      } catch (java.io.IOException e) {
        LOG.debug("NOTIFY to {} attempt {} failed: {}", target, attempt, e.toString());
      }
    }
    metrics.notifyResult(false);
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
