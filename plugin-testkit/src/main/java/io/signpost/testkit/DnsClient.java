package io.signpost.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * Asks a Signpost DNS server questions over real sockets, with dnsjava. Names without a
 * trailing dot are taken as absolute ({@code db.mesos} means {@code db.mesos.}).
 */
public final class DnsClient {

  private final InetSocketAddress server;

  /** A client of the DNS server at {@code server}. */
  public DnsClient(InetSocketAddress server) {
    this.server = server;
  }

  /**
   * Sends one query over UDP and returns the whole reply.
   *
   * @param type a dnsjava {@link Type}, e.g. {@code Type.A}
   */
  public Message query(String name, int type) {
    return send(name, type, false);
  }

  /** Sends one query over TCP and returns the whole reply. */
  public Message queryTcp(String name, int type) {
    return send(name, type, true);
  }

  private Message send(String name, int type, boolean tcp) {
    SimpleResolver resolver = new SimpleResolver(server);
    resolver.setTCP(tcp);
    resolver.setTimeout(Duration.ofSeconds(5));
    try {
      return resolver.send(Message.newQuery(Record.newRecord(absolute(name), type, DClass.IN)));
    } catch (IOException e) {
      throw new UncheckedIOException("DNS query " + name + " " + Type.string(type) + " to "
          + server + " failed: " + e.getMessage(), e);
    }
  }

  private static Name absolute(String name) {
    try {
      return Name.fromString(name.endsWith(".") ? name : name + ".");
    } catch (TextParseException e) {
      throw new IllegalArgumentException("not a DNS name: " + name, e);
    }
  }

  /** The reply code of an A query for {@code name}, e.g. {@code "NOERROR"} or {@code "NXDOMAIN"}. */
  public String rcode(String name) {
    return Rcode.string(query(name, Type.A).getRcode());
  }

  /**
   * The IPv4 and IPv6 addresses of {@code name} (A, then AAAA answers), sorted as text; empty
   * when the name does not exist.
   */
  public List<String> addresses(String name) {
    List<String> result = new ArrayList<>();
    for (Record r : query(name, Type.A).getSection(Section.ANSWER)) {
      if (r instanceof ARecord a) {
        result.add(a.getAddress().getHostAddress());
      }
    }
    List<String> v6 = new ArrayList<>();
    for (Record r : query(name, Type.AAAA).getSection(Section.ANSWER)) {
      if (r instanceof AAAARecord aaaa) {
        v6.add(aaaa.getAddress().getHostAddress());
      }
    }
    result.sort(null);
    v6.sort(null);
    result.addAll(v6);
    return result;
  }

  /**
   * The SRV answers for {@code name} as {@code target:port} (target without its trailing dot),
   * sorted.
   */
  public List<String> srv(String name) {
    List<String> result = new ArrayList<>();
    for (Record r : query(name, Type.SRV).getSection(Section.ANSWER)) {
      if (r instanceof SRVRecord srv) {
        String target = srv.getTarget().toString(true);
        result.add(target + ":" + srv.getPort());
      }
    }
    result.sort(null);
    return result;
  }
}
