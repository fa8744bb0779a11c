package io.signpost.spi;

import java.util.List;

/**
 * A framework in {@link RecordSnapshot#enumeration()}.
 *
 * @param name the raw framework name
 * @param tasks its running tasks, in report order
 */
public record EnumeratedFramework(String name, List<EnumeratedTask> tasks) {
  /**
   * Copies {@code tasks}.
   */
  public EnumeratedFramework {
    tasks = List.copyOf(tasks);
  }

  /**
   * A task and the records it added first.
   *
   * @param name the raw Mesos task name
   * @param id the task ID
   * @param records the records, in generation order
   */
  public record EnumeratedTask(String name, String id, List<EnumeratedRecord> records) {
    /** Copies {@code records}. */
    public EnumeratedTask {
      records = List.copyOf(records);
    }
  }

  /**
   * One record of a task.
   *
   * @param name the owner name
   * @param host the value: an IP, or {@code target:port} for SRV
   * @param rtype {@code A}, {@code AAAA} or {@code SRV}
   */
  public record EnumeratedRecord(String name, String host, String rtype) {}
}
