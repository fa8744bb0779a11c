package io.signpost.core.naming;

import static io.signpost.core.naming.Models.ips;
import static org.assertj.core.api.Assertions.assertThat;

import io.signpost.spi.EnumeratedFramework;
import io.signpost.spi.RecordSet;
import io.signpost.spi.RecordSnapshot;
import io.signpost.spi.SrvTarget;
import io.signpost.spi.model.Agent;
import io.signpost.spi.model.Discovery;
import io.signpost.spi.model.Framework;
import io.signpost.spi.model.IpSource;
import io.signpost.spi.model.Masters;
import io.signpost.spi.model.PortMapping;
import io.signpost.spi.model.SourceReport;
import io.signpost.spi.model.Task;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Properties of the label rules and of every name the generator emits. */
class NamingPropertiesTest {

  @Provide
  Arbitrary<String> text() {
    return Arbitraries.oneOf(
        Arbitraries.strings().all().ofMaxLength(300),
        Arbitraries.strings().withChars("aZz09-._ $\u00fc\u65e5").ofMaxLength(150),
        Arbitraries.strings().withChars("ab1-").ofMinLength(20).ofMaxLength(90));
  }

  @Property
  void labelIsLegalOrEmpty(@ForAll("text") String s, @ForAll boolean rfc952) {
    String label = new LabelSanitizer(rfc952).label(s);
    if (label.isEmpty()) {
      return;
    }
    assertThat(label).matches("[a-z0-9-]+");
    assertThat(label.length()).isLessThanOrEqualTo(rfc952 ? 24 : 63);
    assertThat(label).doesNotStartWith("-").doesNotEndWith("-");
    if (rfc952) {
      assertThat(label).doesNotMatch("[0-9].*");
    }
  }

  @Property
  void labelIsIdempotent(@ForAll("text") String s, @ForAll boolean rfc952) {
    LabelSanitizer labels = new LabelSanitizer(rfc952);
    String once = labels.label(s);
    assertThat(labels.label(once)).isEqualTo(once);
  }

  @Property
  void domainFragmentIsDotsOfLegalLabels(@ForAll("text") String s, @ForAll boolean rfc952) {
    LabelSanitizer labels = new LabelSanitizer(rfc952);
    String fragment = labels.domainFragment(s);
    if (!fragment.isEmpty()) {
      for (String piece : fragment.split("\\.", -1)) {
        assertThat(piece).isNotEmpty().isEqualTo(labels.label(piece));
      }
    }
    assertThat(labels.domainFragment(fragment)).isEqualTo(fragment);
  }

  @Property(tries = 300)
  void everyGeneratedNameFitsInDns(
      @ForAll("text") String taskName,
      @ForAll("text") String frameworkName,
      @ForAll("text") String discoveryName,
      @ForAll("text") String portName,
      @ForAll("text") String agentId,
      @ForAll boolean rfc952,
      @ForAll boolean longDomain) {
    String domain = longDomain ? String.join(".", "d".repeat(63), "e".repeat(40)) : "mesos";
    Task plain = Models.task("id-1", taskName, frameworkName, agentId, List.of(31000),
        List.of(Models.taskIp("10.0.0.1", IpSource.NETINFO)), null);
    Task discovered = Models.task("id-2", taskName, frameworkName, agentId, List.of(31001),
        List.of(Models.taskIp("fd00::1", IpSource.NETINFO)),
        new Discovery(discoveryName, List.of(new PortMapping(80, "", portName))));
    SourceReport report = new SourceReport(
        List.of(new Framework("", frameworkName, "", ips("1.2.3.4"), 8080)),
        List.of(new Agent(agentId, "", ips("1.1.1.1"), 5051)),
        List.of(plain, discovered), Masters.NONE, List.of());
    RecordSnapshot s = Models.generate(
        Models.settings(domain, rfc952, IpSource.NETINFO, IpSource.HOST), report);

    List<String> emitted = new ArrayList<>(s.names());
    for (String name : s.names()) {
      RecordSet set = s.lookup(name);
      set.srv().stream().map(SrvTarget::target).forEach(emitted::add);
    }
    for (EnumeratedFramework f : s.enumeration()) {
      f.tasks().forEach(t -> t.records().forEach(r -> emitted.add(r.name())));
    }
    assertThat(emitted).isNotEmpty();
    for (String name : emitted) {
      assertThat(name).endsWith(".");
      String text = name.substring(0, name.length() - 1);
      assertThat(text.length()).as(name).isLessThanOrEqualTo(253);
      for (String label : text.split("\\.", -1)) {
        assertThat(label).as(name).isNotEmpty();
        assertThat(label.length()).as(name).isLessThanOrEqualTo(63);
        assertThat(label).as(name).matches("[a-z0-9_-]+");
      }
    }
  }
}
