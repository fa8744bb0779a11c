package io.signpost.dns;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicInteger;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * An upstream resolver on loopback, UDP and TCP on one port, built on dnsjava messages. It
 * answers every A question with {@code address} (and {@code rcode}), or stays silent, or
 * truncates over UDP.
 */
final class FakeUpstream implements AutoCloseable {

  enum Mode { ANSWER, SILENT, TRUNCATE_UDP, SLOW }

  /** How long a {@link Mode#SLOW} upstream waits before it answers. */
  static final long SLOW_MILLIS = 400;

  final AtomicInteger udpQueries = new AtomicInteger();
  final AtomicInteger tcpQueries = new AtomicInteger();
  private final Mode mode;
  private final InetAddress address;
  private final int rcode;
  private final DatagramSocket udp;
  private final ServerSocket tcp;

  FakeUpstream(Mode mode, String address, int rcode) throws IOException {
    this.mode = mode;
    this.address = InetAddress.getByName(address);
    this.rcode = rcode;
    ServerSocket server = null;
    DatagramSocket datagram = null;
    for (int attempt = 0; attempt < 20 && datagram == null; attempt++) {
      server = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
      try {
        datagram = new DatagramSocket(
            new InetSocketAddress("127.0.0.1", server.getLocalPort()));
      } catch (IOException e) {
        server.close();
      }
    }
    this.tcp = server;
    this.udp = datagram;
    Thread u = new Thread(this::serveUdp, "fake-upstream-udp");
    u.setDaemon(true);
    u.start();
    Thread t = new Thread(this::serveTcp, "fake-upstream-tcp");
    t.setDaemon(true);
    t.start();
  }

  String spec() {
    return "127.0.0.1:" + udp.getLocalPort();
  }

  private Message reply(Message query, boolean truncated) {
    Message reply = new Message(query.getHeader().getID());
    reply.getHeader().setFlag(Flags.QR);
    reply.getHeader().setFlag(Flags.RA);
    if (query.getHeader().getFlag(Flags.RD)) {
      reply.getHeader().setFlag(Flags.RD);
    }
    reply.getHeader().setRcode(rcode);
    Record q = query.getQuestion();
    reply.addRecord(q, Section.QUESTION);
    if (truncated) {
      reply.getHeader().setFlag(Flags.TC);
    } else if (rcode == Rcode.NOERROR && q.getType() == Type.A) {
      reply.addRecord(new ARecord(q.getName(), DClass.IN, 300, address), Section.ANSWER);
    }
    return reply;
  }

  private void serveUdp() {
    byte[] buf = new byte[65535];
    while (!udp.isClosed()) {
      try {
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        udp.receive(p);
        udpQueries.incrementAndGet();
        if (mode == Mode.SILENT) {
          continue;
        }
        Message q = new Message(java.util.Arrays.copyOf(buf, p.getLength()));
        if (mode == Mode.SLOW) {
          Thread.sleep(SLOW_MILLIS); // a slow upstream, not a test waiting
        }
        byte[] out = reply(q, mode == Mode.TRUNCATE_UDP).toWire();
        udp.send(new DatagramPacket(out, out.length, p.getSocketAddress()));
      } catch (IOException e) {
        // closed, or a packet we cannot parse: ignore
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private void serveTcp() {
    while (!tcp.isClosed()) {
      try (Socket s = tcp.accept()) {
        DataInputStream in = new DataInputStream(s.getInputStream());
        byte[] q = new byte[in.readUnsignedShort()];
        in.readFully(q);
        tcpQueries.incrementAndGet();
        if (mode == Mode.SILENT) {
          continue;
        }
        byte[] out = reply(new Message(q), false).toWire();
        DataOutputStream o = new DataOutputStream(s.getOutputStream());
        o.writeShort(out.length);
        o.write(out);
        o.flush();
      } catch (IOException e) {
        // closed: stop
      }
    }
  }

  @Override
  public void close() throws IOException {
    udp.close();
    tcp.close();
  }
}
