package io.signpost.source.mesos;

import io.signpost.core.naming.RecordGenerator;
import io.signpost.core.snapshot.SnapshotBuilder;
import io.signpost.spi.CoreSettings;
import io.signpost.spi.RecordSnapshot;
import io.signpost.spi.model.IpSource;
import io.signpost.spi.model.Masters;
import io.signpost.spi.model.SourceReport;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Bytes of a {@code /master/state} to the cluster model ({@code parse}) and on to a ready
 * record snapshot ({@code parseAndBuildSnapshot}, which measures the core's naming too once it
 * is in place). Run (see README, performance section):
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
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
@Warmup(iterations = 3)
@Measurement(iterations = 5)
public class StateParseBenchmark {

  @Param({"1000", "10000", "100000"})
  public int tasks;

  private byte[] state;
  private StateParser parser;
  private RecordGenerator generator;

  @Setup
  public void setUp() {
    state = new StateGenerator(tasks, 42).bytes();
    parser = new StateParser(HostResolver.SYSTEM);
    generator =
        new RecordGenerator(
            new CoreSettings(
                "mesos", 60, false,
                List.of(IpSource.NETINFO, IpSource.MESOS, IpSource.HOST), 1,
                "ns1.mesos.", "root.ns1.mesos.", 60, 600, 86400, 60));
  }

  /** Streaming parse to the model. */
  @Benchmark
  public SourceReport parse() throws IOException {
    MesosState parsed =
        parser.parse(new ByteArrayInputStream(state), new Warnings.Batch(), false);
    return new SourceReport(
        parsed.frameworks(), parsed.agents(), parsed.tasks(), Masters.NONE, List.of());
  }

  /** Streaming parse, then naming into a snapshot. */
  @Benchmark
  public RecordSnapshot parseAndBuildSnapshot() throws IOException {
    SnapshotBuilder builder = new SnapshotBuilder();
    generator.generate(parse(), builder);
    return builder.build(1, Instant.EPOCH);
  }
}
