package io.signpost.spi.model;

import java.util.List;
import java.util.Objects;

/**
 * One complete, internally consistent view of the cluster as one source sees it. Each report
 * replaces the source's previous report entirely: a source never sends deltas.
 *
 * @param frameworks the frameworks (schedulers) registered with Mesos, in the order the source
 *     lists them; this order is the order of the HTTP enumeration API
 * @param agents the Mesos agents (slaves)
 * @param tasks the tasks, in any state; the core publishes only running ones
 * @param masters the Mesos masters and the leading one, or {@link Masters#NONE}
 * @param records plain DNS records to publish as they are (for custom sources, e.g. static hosts)
 */
public record SourceReport(
    List<Framework> frameworks,
    List<Agent> agents,
    List<Task> tasks,
    Masters masters,
    List<PlainRecord> records) {

  /** A report with nothing in it. */
  public static final SourceReport EMPTY =
      new SourceReport(List.of(), List.of(), List.of(), Masters.NONE, List.of());

  /**
   * Copies the lists.
   *
   * @throws NullPointerException when an argument is null
   */
  public SourceReport {
    frameworks = List.copyOf(Objects.requireNonNull(frameworks, "frameworks"));
    agents = List.copyOf(Objects.requireNonNull(agents, "agents"));
    tasks = List.copyOf(Objects.requireNonNull(tasks, "tasks"));
    masters = Objects.requireNonNull(masters, "masters");
    records = List.copyOf(Objects.requireNonNull(records, "records"));
  }

  /** A report that only carries plain records. */
  public static SourceReport ofRecords(List<PlainRecord> records) {
    return new SourceReport(List.of(), List.of(), List.of(), Masters.NONE, records);
  }
}
