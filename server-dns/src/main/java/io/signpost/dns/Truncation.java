package io.signpost.dns;

import java.util.List;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Mesos-DNS's {@code SetTruncateBit: false} mode, for clients that cannot retry over TCP: a
 * reply too big for UDP loses its additional records (OPT kept), then answers from the end,
 * until it fits; TC is never set.
 */
final class Truncation {
  private Truncation() {}

  static byte[] withoutTc(Message reply, int max) {
    reply.getHeader().unsetFlag(Flags.TC);
    byte[] wire = reply.toWire();
    if (wire.length <= max) {
      return wire;
    }
    for (Record r : List.copyOf(reply.getSection(Section.ADDITIONAL))) {
      if (r.getType() != Type.OPT) {
        reply.removeRecord(r, Section.ADDITIONAL);
      }
    }
    wire = reply.toWire();
    List<Record> answers = List.copyOf(reply.getSection(Section.ANSWER));
    // Drop from the end; each step is one encode, and the section is already shuffled.
    for (int keep = answers.size() - 1; wire.length > max && keep >= 0; keep--) {
      reply.removeRecord(answers.get(keep), Section.ANSWER);
      wire = reply.toWire();
    }
    if (wire.length > max) {
      // Even the authority section does not fit: let dnsjava cut it, then clear TC again.
      wire = reply.toWire(max);
      wire[2] &= (byte) ~0x02;
    }
    return wire;
  }
}
