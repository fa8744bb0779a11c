package io.signpost.source.mesos;

import io.signpost.core.naming.RecordGenerator;
import io.signpost.spi.model.Masters;
import io.signpost.spi.model.SourceReport;
import java.io.BufferedOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * The parse and the snapshot build of a big state in a fresh JVM, without the server around
 * them: what the JIT's warm-up costs, round by round. {@code ColdStartProbe <file> <tasks>}
 * writes a generated state of that many tasks to the file (a process of its own, so the
 * measuring one starts cold); {@code ColdStartProbe <file> [rounds]} then reads it that many
 * times (default 1), printing the milliseconds of each parse (file to model) and build (model
 * to compact snapshot). Run it with the server's heap options, e.g. {@code -Xmx144m -Xmn20m
 * -XX:+UseSerialGC -XX:FreqInlineSize=100}; see README, "Huge clusters".
 */
public final class ColdStartProbe {

  private ColdStartProbe() {}

  public static void main(String[] args) throws Exception {
    Path file = Path.of(args[0]);
    if (!Files.exists(file)) {
      try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file))) {
        new StateGenerator(Integer.parseInt(args[1]), 0).write(out);
      }
      System.out.printf("wrote %s: %.1f MB%n", file, Files.size(file) / 1e6);
      return;
    }
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 1;
    RecordGenerator generator = new RecordGenerator(StateGenerator.namingSettings());
    for (int round = 0; round < rounds; round++) {
      long start = System.nanoTime();
      MesosState state;
      try (InputStream in = Files.newInputStream(file)) {
        state = new StateParser(HostResolver.SYSTEM).parse(in, new Warnings.Batch(), false);
      }
      long parsed = System.nanoTime();
      SourceReport report = new SourceReport(
          state.frameworks(), state.agents(), state.tasks(), Masters.NONE, List.of());
      generator.snapshot(report, 1, Instant.EPOCH);
      long built = System.nanoTime();
      System.out.printf("round %d: parse %d ms, build %d ms, %d tasks%n", round,
          (parsed - start) / 1_000_000, (built - parsed) / 1_000_000, state.tasks().size());
    }
  }
}
