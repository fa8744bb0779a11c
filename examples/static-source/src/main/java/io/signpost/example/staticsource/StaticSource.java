package io.signpost.example.staticsource;

import io.signpost.spi.PushSource;
import io.signpost.spi.ReportSink;
import io.signpost.spi.model.PlainRecord;
import io.signpost.spi.model.SourceReport;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the file's records, re-reading it when its directory reports a change (editors often
 * replace a file rather than write it, so the directory is watched, not the file) and every
 * {@code refreshSeconds} in case a notification never comes. Only a changed content is parsed
 * and published. A broken file is reported to the runtime, which logs it and keeps serving the
 * last good records.
 */
final class StaticSource implements PushSource {

  private static final Logger log = LoggerFactory.getLogger(StaticSource.class);
  /** How long the directory must stay quiet before a changed file is read: editors write in steps. */
  private static final long SETTLE_MILLIS = 50;

  private final Path file;
  private final long refreshMillis;
  private volatile Thread watcher;
  private volatile WatchService watchService;
  /** The content last read, good or bad: an unchanged file is not parsed again. */
  private byte[] lastContent;

  @Inject
  StaticSource(StaticConfig config, @Named("configDir") Path configDir) {
    this.file = configDir.resolve(config.file()).toAbsolutePath().normalize();
    this.refreshMillis = TimeUnit.SECONDS.toMillis(config.refreshSeconds());
  }

  @Override
  public void start(ReportSink sink) {
    Thread t = new Thread(() -> run(sink), "static-source " + file.getFileName());
    t.setDaemon(true);
    watcher = t;
    t.start();
  }

  private void run(ReportSink sink) {
    WatchService service;
    try {
      service = FileSystems.getDefault().newWatchService();
    } catch (IOException e) {
      log.warn("static: cannot watch files ({}); reading {} every {} ms instead", e.getMessage(),
          file, refreshMillis);
      check(sink);
      pollOnly(sink);
      return;
    }
    watchService = service;
    try (service) {
      registerQuietly(service); // before the first read, so no change falls in between
      check(sink);
      while (!Thread.currentThread().isInterrupted()) {
        WatchKey key = service.poll(refreshMillis, TimeUnit.MILLISECONDS);
        if (key != null) {
          // Let a burst of events (truncate, write, rename) end before reading.
          do {
            key.pollEvents();
            key.reset();
            key = service.poll(SETTLE_MILLIS, TimeUnit.MILLISECONDS);
          } while (key != null);
        }
        check(sink);
      }
    } catch (InterruptedException | ClosedWatchServiceException stopped) {
      // close() was called
    } catch (IOException e) {
      log.debug("static: closing the watch service: {}", e.getMessage());
    }
  }

  private void registerQuietly(WatchService service) {
    try {
      file.getParent().register(service, StandardWatchEventKinds.ENTRY_CREATE,
          StandardWatchEventKinds.ENTRY_MODIFY, StandardWatchEventKinds.ENTRY_DELETE);
    } catch (IOException e) {
      // E.g. the directory does not exist yet: the periodic check still reads the file.
      log.warn("static: cannot watch {}: {}; the file is read every {} ms", file.getParent(),
          e.getMessage(), refreshMillis);
    }
  }

  private void pollOnly(ReportSink sink) {
    try {
      while (!Thread.currentThread().isInterrupted()) {
        TimeUnit.MILLISECONDS.sleep(refreshMillis);
        check(sink);
      }
    } catch (InterruptedException stopped) {
      // close() was called
    }
  }

  /** Reads the file and publishes its records if its content changed. */
  void check(ReportSink sink) {
    byte[] content;
    try {
      content = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      fail(sink, null, file + ": file not found");
      return;
    } catch (IOException e) {
      fail(sink, null, file + ": cannot read: " + e.getMessage());
      return;
    }
    if (Arrays.equals(content, lastContent)) {
      return;
    }
    List<PlainRecord> records;
    try {
      records = HostsFile.parse(new String(content, StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      fail(sink, content, file + ": " + e.getMessage());
      return;
    }
    lastContent = content;
    log.info("static: {} record(s) from {}", records.size(), file);
    sink.publish(SourceReport.ofRecords(records));
  }

  private void fail(ReportSink sink, byte[] content, String reason) {
    lastContent = content;
    sink.failed(reason);
  }

  @Override
  public void close() {
    Thread t = watcher;
    if (t != null) {
      t.interrupt();
    }
    WatchService service = watchService;
    if (service != null) {
      try {
        service.close();
      } catch (IOException e) {
        log.debug("static: closing the watch service: {}", e.getMessage());
      }
    }
  }
}
