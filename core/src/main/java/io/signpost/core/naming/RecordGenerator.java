package io.signpost.core.naming;

import io.signpost.core.snapshot.SnapshotBuilder;
import io.signpost.spi.CoreSettings;
import io.signpost.spi.model.SourceReport;

/**
 * Turns the merged cluster model into DNS records with Mesos-DNS's naming conventions. This is
 * the one place those conventions live.
 */
public final class RecordGenerator {

  private final CoreSettings settings;

  public RecordGenerator(CoreSettings settings) {
    this.settings = settings;
  }

  /**
   * Adds every record the report implies to {@code builder}, in Mesos-DNS's generation order:
   * frameworks, agents, leader and masters, tasks, then the report's plain records.
   */
  public void generate(SourceReport report, SnapshotBuilder builder) {
    // Filled in by the naming work.
  }
}
