package io.signpost.dns;

import io.signpost.spi.RecordSet;
import io.signpost.spi.SrvTarget;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * Authoritative answers for the domain and the reverse zones from one {@link ZoneView},
 * following RFC 1034/2308: NXDOMAIN only for names that do not exist (empty non-terminals and
 * the apex exist), NODATA with the SOA in the authority section, answers shuffled per reply.
 */
final class Authority {

  private final ZoneView.ServerNames names;
  private final int srvWeight;

  Authority(ZoneView.ServerNames names, int srvWeight) {
    this.names = names;
    this.srvWeight = srvWeight;
  }

  /** Fills {@code response} (header and question already set) for a name in the domain. */
  void answerDomain(Message response, Name qname, int qtype, ZoneView view) {
    String key = lookupKey(qname);
    boolean apex = qname.equals(names.apex);
    RecordSet set = view.snapshot.lookup(key);
    boolean exists = apex || set != null || view.snapshot.isEmptyNonTerminal(key);
    List<Record> answers = new ArrayList<>();
    if (apex && (qtype == Type.SOA || qtype == Type.ANY)) {
      answers.add(view.soa.withName(qname));
    } else if (apex && qtype == Type.NS) {
      answers.add(new NSRecord(qname, DClass.IN, names.ttl, names.mname));
      addAddresses(response, names.mname, view, new LinkedHashSet<>());
    } else if (set != null) {
      if (qtype == Type.A || (qtype == Type.ANY && !set.a().isEmpty())) {
        for (Inet4Address a : set.a()) {
          answers.add(new ARecord(qname, DClass.IN, names.ttl, a));
        }
      } else if (qtype == Type.AAAA || (qtype == Type.ANY && !set.aaaa().isEmpty())) {
        for (Inet6Address a : set.aaaa()) {
          answers.add(new AAAARecord(qname, DClass.IN, names.ttl, a));
        }
      } else if (qtype == Type.SRV || qtype == Type.ANY) {
        Set<Name> targets = new LinkedHashSet<>();
        for (SrvTarget srv : set.srv()) {
          Name target = name(srv.target());
          if (target != null) {
            answers.add(
                new SRVRecord(qname, DClass.IN, names.ttl, 0, srvWeight, srv.port(), target));
            targets.add(target);
          }
        }
        Set<Name> added = new LinkedHashSet<>();
        for (Name target : targets) {
          addAddresses(response, target, view, added);
        }
      }
    }
    finish(response, answers, exists, view.soa);
  }

  /** Fills {@code response} for a name in one of the reverse zones. */
  void answerReverse(Message response, Name qname, int qtype, String zone, ZoneView view) {
    String key = qname.toString().toLowerCase(Locale.ROOT);
    Name zoneName = name(zone);
    SOARecord soa = names.soa(zoneName, view.snapshot.serial());
    boolean apex = key.equals(zone);
    ReverseName reverse = ReverseName.parse(key);
    List<Name> targets = null;
    boolean exists = apex;
    if (reverse != null && reverse.whole()) {
      targets = ptrTargets(view.addresses().names(reverse.prefix()));
      exists |= targets != null;
    } else if (reverse != null && !apex) {
      // Above an address and under the zone: an empty non-terminal if some address is below.
      exists = view.addresses().anyUnder(reverse.prefix(), reverse.bits());
    }
    List<Record> answers = new ArrayList<>();
    if (apex && (qtype == Type.SOA || qtype == Type.ANY)) {
      answers.add(soa.withName(qname));
    } else if (apex && qtype == Type.NS) {
      answers.add(new NSRecord(qname, DClass.IN, names.ttl, names.mname));
    } else if (targets != null && (qtype == Type.PTR || qtype == Type.ANY)) {
      for (Name target : targets) {
        answers.add(new PTRRecord(qname, DClass.IN, names.ttl, target));
      }
    }
    finish(response, answers, exists, soa);
  }

  /** The names as PTR targets, sorted; null when none is a valid DNS name. */
  private static List<Name> ptrTargets(Set<String> names) {
    TreeSet<Name> targets = new TreeSet<>();
    for (String owner : names) {
      try {
        targets.add(Name.fromString(owner));
      } catch (TextParseException e) {
        // not a valid DNS name: it cannot be a PTR target either
      }
    }
    return targets.isEmpty() ? null : List.copyOf(targets);
  }

  private void finish(Message response, List<Record> answers, boolean exists, SOARecord soa) {
    if (answers.isEmpty()) {
      if (!exists) {
        response.getHeader().setRcode(Rcode.NXDOMAIN);
      }
      response.addRecord(negative(soa), Section.AUTHORITY);
      return;
    }
    if (answers.size() > 1) {
      Collections.shuffle(answers, ThreadLocalRandom.current());
    }
    for (Record r : answers) {
      response.addRecord(r, Section.ANSWER);
    }
  }

  /** The SOA for a negative answer: its TTL caps negative caching (RFC 2308 §3). */
  private SOARecord negative(SOARecord soa) {
    return new SOARecord(soa.getName(), DClass.IN, names.negativeTtl, soa.getHost(),
        soa.getAdmin(), soa.getSerial(), soa.getRefresh(), soa.getRetry(), soa.getExpire(),
        soa.getMinimum());
  }

  /** Adds the A and AAAA RRsets of {@code host} to the additional section, once per host. */
  private void addAddresses(Message response, Name host, ZoneView view, Set<Name> added) {
    if (!added.add(host)) {
      return;
    }
    RecordSet set = view.snapshot.lookup(host.toString().toLowerCase(Locale.ROOT));
    if (set == null) {
      return;
    }
    for (Inet4Address a : set.a()) {
      response.addRecord(new ARecord(host, DClass.IN, names.ttl, a), Section.ADDITIONAL);
    }
    for (Inet6Address a : set.aaaa()) {
      response.addRecord(new AAAARecord(host, DClass.IN, names.ttl, a), Section.ADDITIONAL);
    }
  }

  /**
   * The whole domain as AXFR wants it, to {@code sink} in order: SOA, NS, every record under the
   * apex (names sorted), SOA again (RFC 5936). Only the sorted names are held; each name's
   * records are looked up again as they are passed on, so a big zone is never in memory twice.
   */
  void transferRecords(ZoneView view, Consumer<Record> sink) {
    sink.accept(view.soa);
    sink.accept(new NSRecord(names.apex, DClass.IN, names.ttl, names.mname));
    List<String> owners = new ArrayList<>();
    view.snapshot.forEach((owner, set) -> owners.add(owner));
    owners.sort(null);
    for (int n = 0; n < owners.size(); n++) {
      String owner = owners.get(n);
      owners.set(n, null); // passed on: let it go
      Name name = name(owner);
      RecordSet set = name == null || !name.subdomain(names.apex)
          ? null // e.g. an SOA MNAME outside the domain: not part of this zone
          : view.snapshot.lookup(owner);
      if (set == null) {
        continue;
      }
      for (Inet4Address a : set.a()) {
        sink.accept(new ARecord(name, DClass.IN, names.ttl, a));
      }
      for (Inet6Address a : set.aaaa()) {
        sink.accept(new AAAARecord(name, DClass.IN, names.ttl, a));
      }
      for (SrvTarget srv : set.srv()) {
        Name target = name(srv.target());
        if (target != null) {
          sink.accept(new SRVRecord(name, DClass.IN, names.ttl, 0, srvWeight, srv.port(), target));
        }
      }
    }
    sink.accept(view.soa);
  }

  /**
   * The snapshot key of a question name: lower-cased, with every {@code .*} removed (Mesos-DNS's
   * only wildcard form, {@code web.*.mesos.} = {@code web.mesos.}).
   */
  static String lookupKey(Name qname) {
    String key = qname.toString().toLowerCase(Locale.ROOT);
    return key.indexOf(".*") >= 0 ? key.replace(".*", "") : key;
  }

  private static Name name(String absolute) {
    try {
      return Name.fromString(absolute.endsWith(".") ? absolute : absolute + ".");
    } catch (TextParseException e) {
      return null; // a name DNS cannot carry (e.g. a label over 63 bytes): skipped
    }
  }
}
