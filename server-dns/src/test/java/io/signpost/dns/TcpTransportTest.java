package io.signpost.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** TCP: length framing, pipelined queries, idle timeout and the connection cap. */
class TcpTransportTest {

  private DnsTestServer server;

  @BeforeEach
  void start() throws Exception {
    server = new DnsTestServer(DnsTestServer.config(Map.of()),
        new DnsFrontend.Limits(2, 3, Duration.ofMillis(500)));
    server.feed.publish(DnsTestServer.sample(1));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private Socket connect() throws IOException {
    Socket s = new Socket();
    s.connect(new InetSocketAddress("127.0.0.1", server.frontend.port()));
    s.setSoTimeout(10_000);
    return s;
  }

  private static byte[] query(int id, String name, int type) throws IOException {
    Message q = Message.newQuery(Record.newRecord(Name.fromString(name), type, DClass.IN));
    q.getHeader().setID(id);
    return q.toWire();
  }

  private static Message read(DataInputStream in) throws IOException {
    int length = in.readUnsignedShort();
    byte[] buf = new byte[length];
    in.readFully(buf);
    return new Message(buf);
  }

  @Test
  void pipelinedQueriesAreAnsweredInOrderOnOneConnection() throws Exception {
    try (Socket s = connect()) {
      ByteArrayOutputStream batch = new ByteArrayOutputStream();
      DataOutputStream out = new DataOutputStream(batch);
      String[] names = {"chronos.marathon.mesos.", "missing.mesos.", "web-a.marathon.mesos."};
      for (int i = 0; i < names.length; i++) {
        byte[] q = query(100 + i, names[i], Type.A);
        out.writeShort(q.length);
        out.write(q);
      }
      s.getOutputStream().write(batch.toByteArray()); // all three in one segment
      DataInputStream in = new DataInputStream(s.getInputStream());
      List<Integer> ids = new ArrayList<>();
      List<Integer> rcodes = new ArrayList<>();
      for (int i = 0; i < names.length; i++) {
        Message reply = read(in);
        ids.add(reply.getHeader().getID());
        rcodes.add(reply.getRcode());
      }
      assertThat(ids).containsExactly(100, 101, 102);
      assertThat(rcodes).containsExactly(Rcode.NOERROR, Rcode.NXDOMAIN, Rcode.NOERROR);
    }
  }

  @Test
  void idleConnectionIsClosedByTheServer() throws Exception {
    try (Socket s = connect()) {
      DataOutputStream out = new DataOutputStream(s.getOutputStream());
      byte[] q = query(7, "chronos.marathon.mesos.", Type.A);
      out.writeShort(q.length);
      out.write(q);
      DataInputStream in = new DataInputStream(s.getInputStream());
      assertThat(read(in).getSection(Section.ANSWER)).hasSize(3);
      // Nothing more is sent: the server closes after its idle timeout (0.5 s here).
      assertThat(in.read()).isEqualTo(-1);
    }
  }

  @Test
  void connectionsOverTheCapAreClosed() throws Exception {
    server.close();
    server = new DnsTestServer(DnsTestServer.config(Map.of()),
        new DnsFrontend.Limits(2, 3, Duration.ofSeconds(60)));
    server.feed.publish(DnsTestServer.sample(1));
    List<Socket> held = new ArrayList<>();
    try {
      for (int i = 0; i < 3; i++) {
        Socket s = connect();
        held.add(s);
        assertThat(ask(s, 10 + i).getHeader().getID()).isEqualTo(10 + i); // slot in use
      }
      try (Socket extra = connect()) {
        assertThat(askGetsNoReply(extra)).isTrue();
      }
    } finally {
      for (Socket s : held) {
        s.close();
      }
    }
    // Closed connections free their slots.
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      try (Socket s = connect()) {
        assertThat(ask(s, 9).getHeader().getID()).isEqualTo(9);
      }
    });
  }

  private static Message ask(Socket s, int id) throws IOException {
    DataOutputStream out = new DataOutputStream(s.getOutputStream());
    byte[] q = query(id, "chronos.marathon.mesos.", Type.A);
    out.writeShort(q.length);
    out.write(q);
    return read(new DataInputStream(s.getInputStream()));
  }

  /** Whether the server closes the connection instead of answering. */
  private static boolean askGetsNoReply(Socket s) throws IOException {
    try {
      ask(s, 99);
      return false;
    } catch (java.io.EOFException | java.net.SocketException closed) {
      return true;
    }
  }
}
