package io.signpost.source.mesos;

import io.signpost.core.naming.RecordGenerator;
import io.signpost.spi.RecordSnapshot;
import io.signpost.spi.model.Masters;
import io.signpost.spi.model.SourceReport;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Bytes of a {@code /master/state} to the cluster model ({@code parse}) and on to a ready
 * record snapshot ({@code parseAndBuildSnapshot}: parse, naming, snapshot). After each iteration
 * it prints the heap's peak during the iteration (sum of the heap pools' peaks since the
 * iteration began: an upper bound) and the heap the last snapshot and its model retain (used heap
 * after a full GC with them referenced, less the benchmark's own state). Run (see README,
 * Performance):
 *
 * <pre>
 * mvn -q -o -pl source-mesos-master -am test-compile dependency:build-classpath \
 *     -Dmdep.outputFile=/tmp/cp.txt
 * cd source-mesos-master
 * java -cp target/test-classes:target/classes:$(cat /tmp/cp.txt) org.openjdk.jmh.Main \
 *     StateParseBenchmark -prof gc
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g", "-XX:+UseParallelGC"})
@Warmup(iterations = 3)
@Measurement(iterations = 5)
public class StateParseBenchmark {

  @Param({"1000", "10000", "100000"})
  public int tasks;

  private byte[] state;
  private StateParser parser;
  private RecordGenerator generator;
  private long baseline;
  /** The last result, kept so its size can be measured after the iteration. */
  private Object last;

  @Setup
  public void setUp() {
    state = new StateGenerator(tasks, 42).bytes();
    parser = new StateParser(HostResolver.SYSTEM);
    generator = new RecordGenerator(StateGenerator.namingSettings());
    baseline = usedAfterGc();
  }

  /** Starts the iteration's peak-heap window. */
  @Setup(Level.Iteration)
  public void resetPeak() {
    last = null;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        pool.resetPeakUsage();
      }
    }
  }

  /** Prints the iteration's peak heap and the heap the last result retains. */
  @TearDown(Level.Iteration)
  public void reportHeap() {
    long peak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        peak += pool.getPeakUsage().getUsed();
      }
    }
    long retained = usedAfterGc() - baseline;
    System.out.printf("  [heap: peak <= %d MB, last result retains %d MB]%n",
        peak >> 20, retained >> 20);
    last = null;
  }

  private static long usedAfterGc() {
    Runtime rt = Runtime.getRuntime();
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return rt.totalMemory() - rt.freeMemory();
  }

  /** Streaming parse to the model. */
  @Benchmark
  public SourceReport parse() throws IOException {
    MesosState parsed =
        parser.parse(new ByteArrayInputStream(state), new Warnings.Batch(), false);
    SourceReport report = new SourceReport(
        parsed.frameworks(), parsed.agents(), parsed.tasks(), Masters.NONE, List.of());
    last = report;
    return report;
  }

  /** Streaming parse, then naming into a snapshot. */
  @Benchmark
  public RecordSnapshot parseAndBuildSnapshot() throws IOException {
    SourceReport report = parse();
    RecordSnapshot snapshot = generator.snapshot(report, 1, Instant.EPOCH).snapshot();
    last = new Object[] {report, snapshot};
    return snapshot;
  }
}
