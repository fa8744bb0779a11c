package io.signpost.testing;

import io.signpost.spi.PolledSource;
import io.signpost.spi.Source;
import io.signpost.spi.SourceProvider;
import io.signpost.spi.model.PlainRecord;
import io.signpost.spi.model.RecordType;
import io.signpost.spi.model.SourceReport;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A test-only source plugin, {@code test-file-records}: reads plain records from a file, one
 * {@code name TYPE value} per line, every {@code refreshMillis}. A malformed file makes the fetch
 * fail, which lets tests check that the last good data keeps being served. Registered through
 * {@code META-INF/services} in the test resources, the way any third-party plugin would be.
 */
public final class FileRecordsSourceProvider implements SourceProvider<FileRecordsSourceProvider.Config> {

  /**
   * The plugin's config section.
   *
   * @param file the records file
   * @param refreshMillis how often to re-read it
   */
  public record Config(String file, Long refreshMillis) {
    public Config {
      Objects.requireNonNull(file, "file is required");
      refreshMillis = Objects.requireNonNullElse(refreshMillis, 50L);
      if (refreshMillis <= 0) {
        // Plugins often name themselves in messages; the loader must not repeat the name.
        throw new IllegalArgumentException("test-file-records: refreshMillis must be > 0");
      }
    }
  }

  @Override
  public String name() {
    return "test-file-records";
  }

  @Override
  public Class<Config> configClass() {
    return Config.class;
  }

  @Override
  public com.google.inject.Module module(Config config) {
    return binder -> binder.bind(Source.class).to(FileRecordsSource.class);
  }

  static final class FileRecordsSource implements PolledSource {
    private final Config config;

    @Inject
    FileRecordsSource(Config config) {
      this.config = config;
    }

    @Override
    public SourceReport fetch() throws Exception {
      List<PlainRecord> records = new ArrayList<>();
      int n = 0;
      for (String line : Files.readAllLines(Path.of(config.file()))) {
        n++;
        if (line.isBlank()) {
          continue;
        }
        String[] parts = line.trim().split("\\s+");
        if (parts.length != 3) {
          throw new IllegalStateException(config.file() + " line " + n + ": expected 'name TYPE value'");
        }
        records.add(new PlainRecord(parts[0], RecordType.valueOf(parts[1]), parts[2]));
      }
      return SourceReport.ofRecords(records);
    }

    @Override
    public Duration refreshInterval() {
      return Duration.ofMillis(config.refreshMillis());
    }
  }
}
