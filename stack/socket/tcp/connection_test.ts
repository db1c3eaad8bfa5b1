import assert from "node:assert/strict";
import { ms, Random, seconds, Simulation, Trace } from "@src/sim/mod.ts";
import { tcpFlags } from "@stack/wire/mod.ts";
import { TcpConnection } from "./connection.ts";
import { TcpPipe, type TcpPipeOptions } from "./pipe.ts";
import type { TcpSegment } from "./segment.ts";
import type { TcpTraceRow } from "./trace_row.ts";

function connected(options: Partial<TcpPipeOptions> = {}) {
  const trace = new Trace<TcpTraceRow>();
  const p = new TcpPipe({ seed: 4, trace, ...options });
  const listener = p.b.listen(80);
  const client = p.a.connect("10.0.0.2", 80, { name: "client" });
  p.sim.run({ until: ms(100) });
  return { p, trace, client, server: listener.accept()! };
}

Deno.test("TcpConnection names the bad option", () => {
  const sim = new Simulation();
  assert.throws(
    () => new TcpConnection(sim, { localAddress: "ten", localPort: 1, iss: 0, send: () => {} }),
    /option localAddress must be a dotted-quad IPv4 address/,
  );
  assert.throws(
    () =>
      new TcpConnection(sim, {
        localAddress: "10.0.0.1",
        localPort: 1,
        iss: 0,
        send: () => {},
        mss: 10,
      }),
    /option mss must be ≥ 64 \(got 10\)/,
  );
  assert.throws(
    () => new TcpConnection(sim, { localAddress: "10.0.0.1", localPort: 1, send: () => {} }),
    /random and iss are both missing/,
  );
});

Deno.test("options are negotiated: both must offer window scale, SACK and timestamps", () => {
  const both = connected({ settings: { receiveBuffer: 1 << 20 } });
  assert.deepEqual(both.client.info().windowScale, { send: 5, receive: 5 }); // 2^20 / 2^5 = 32768
  assert.ok(both.client.info().sack && both.client.info().timestamps);
  assert.equal(both.client.info().mss, 1460 - 12);
  const trace = new Trace<TcpTraceRow>();
  const p = new TcpPipe({ seed: 4, trace });
  p.b.listen(80, { settings: { sack: false, windowScale: false, timestamps: false, mss: 1000 } });
  const client = p.a.connect("10.0.0.2", 80);
  p.sim.run({ until: ms(100) });
  const info = client.info();
  assert.deepEqual([info.windowScale, info.sack, info.timestamps, info.mss], [
    null,
    false,
    false,
    1000,
  ]);
  // The SYN-ACK echoed none of the options it was not offered... it was offered them
  // but declined: it carries only its MSS.
  const synAck = trace.rows.find((r) => r.flags === "S.")!;
  assert.equal(synAck.wnd, 65535);
});

Deno.test("a big receive buffer is advertised through the window scale", () => {
  const { p, trace, client } = connected({ settings: { receiveBuffer: 1 << 20 } });
  client.send(new Uint8Array(1000));
  p.sim.run({ until: ms(200) });
  const ack = trace.filter((r) => r.conn === "10.0.0.2:80" && r.event === "send").at(-1)!;
  assert.ok(ack.wnd > 65535, `window ${ack.wnd}`);
  assert.equal(client.info().sndWnd, ack.wnd);
});

Deno.test("delayed ACKs: every second segment at once, a lone one after 200 ms", () => {
  const { p, trace, client, server } = connected({
    settings: { delayedAck: true, mss: 1000, timestamps: false },
  });
  server.onReadable(() => server.recv());
  client.send(new Uint8Array(3000)); // 3 segments: ACK after the 2nd, then a delayed one
  const sent = p.sim.now;
  p.sim.run({ until: sent + seconds(1) });
  const acks = trace.filter((r) => r.conn === "10.0.0.2:80" && r.event === "send" && r.t >= sent);
  assert.equal(acks.length, 2);
  const arrivals = trace.filter((r) =>
    r.conn === "10.0.0.2:80" && r.event === "receive" && r.len > 0
  );
  assert.equal(acks[0].t, arrivals[1].t); // the 2nd full segment is ACKed at once
  assert.equal(acks[1].t - arrivals[2].t, ms(200)); // RFC 1122 §4.2.3.2 timer
});

Deno.test("RST handling in ESTABLISHED follows RFC 5961: exact → reset, in window → challenge ACK", () => {
  const { p, trace, client } = connected();
  const info = client.info();
  const rst = (seq: number): TcpSegment => ({
    source: "10.0.0.2",
    destination: "10.0.0.1",
    repr: {
      sourcePort: 80,
      destinationPort: client.localPort,
      sequenceNumber: seq,
      acknowledgmentNumber: 0,
      flags: tcpFlags({ rst: true }),
      window: 0,
      urgentPointer: 0,
      options: [],
      payload: new Uint8Array(),
    },
  });
  const before = trace.length;
  client.connection.segmentArrives(rst((info.rcvNxt + 100) >>> 0)); // in window, not exact
  assert.equal(client.state, "ESTABLISHED");
  const challenge = trace.rows.slice(before).find((r) => r.event === "send")!;
  assert.equal(challenge.ack, info.rcvNxt);
  client.connection.segmentArrives(rst((info.rcvNxt + 2 ** 31) >>> 0)); // far outside: ignored
  assert.equal(client.state, "ESTABLISHED");
  client.connection.segmentArrives(rst(info.rcvNxt));
  assert.equal(client.state, "CLOSED");
  assert.equal(client.error, "connection reset");
  p.sim.run({ until: seconds(1) });
});

Deno.test("abort() sends RST <SEQ=SND.NXT> and the peer's connection is reset", () => {
  const { p, client, server } = connected();
  server.abort();
  p.sim.run({ until: seconds(1) });
  assert.equal(server.state, "CLOSED");
  assert.equal(client.state, "CLOSED");
  assert.equal(client.error, "connection reset");
});

Deno.test("SYN retransmissions back off 1, 2, 4, … s and connect() times out after 6", () => {
  const trace = new Trace<TcpTraceRow>();
  // Everything a→b is lost: a black hole.
  const p = new TcpPipe({ seed: 1, loss: 1, trace });
  const client = p.a.connect("10.0.0.2", 80, { name: "client" });
  p.sim.run({ until: seconds(300) });
  const syns = trace.filter((r) => r.flags === "S").map((r) => r.t / 1e9);
  assert.deepEqual(syns, [0, 1, 3, 7, 15, 31, 63]);
  assert.equal(client.state, "CLOSED");
  assert.equal(client.error, "connection timed out");
  const closed = trace.filter((r) => r.event === "state").at(-1)!;
  assert.equal(closed.t, seconds(123)); // the 7th timeout: 63 + 60 s (RFC 6298 §2.5 cap)
});

Deno.test("Linux's RTO is SRTT + 200 ms on a 20 ms path; RFC 6298's is 1 s", () => {
  const rfc = connected({ settings: { timestamps: false } });
  const linux = connected({ settings: { rto: "linux", timestamps: false } });
  for (const { p, client, server } of [rfc, linux]) {
    server.onReadable(() => server.recv());
    client.send(new Uint8Array(100_000));
    p.sim.run({ until: seconds(2) });
  }
  assert.equal(rfc.client.info().rto, seconds(1));
  const srtt = linux.client.info().srtt!;
  assert.ok(srtt > ms(20) && srtt < ms(25));
  const rto = linux.client.info().rto;
  assert.ok(rto >= srtt + ms(200) && rto < srtt + ms(210), `rto ${rto}`);
});

Deno.test("SACK repairs two losses in one window without a timeout", () => {
  for (const sack of [true, false]) {
    const { p, client, server } = connected({ drop: [5, 8], settings: { sack, mss: 1000 } });
    let read = 0;
    server.onReadable(() => (read += server.recv().length));
    client.send(new Uint8Array(40_000));
    p.sim.run({ until: seconds(5) });
    assert.equal(read, 40_000);
    const stats = client.connection.stats;
    assert.equal(stats.timeouts, 0, `sack=${sack}`);
    assert.equal(stats.retransmissions, 2, `sack=${sack}`); // exactly the two holes
  }
});

Deno.test("a listener's backlog holds back further SYNs until accept()", () => {
  const p = new TcpPipe({ seed: 3 });
  const listener = p.b.listen(80, { backlog: 1 });
  const first = p.a.connect("10.0.0.2", 80);
  p.sim.run({ until: ms(100) });
  const second = p.a.connect("10.0.0.2", 80);
  p.sim.run({ until: ms(200) });
  assert.equal(first.state, "ESTABLISHED");
  assert.equal(second.state, "SYN-SENT"); // its SYN was dropped
  assert.ok(listener.accept());
  p.sim.run({ until: seconds(2) }); // the SYN is retransmitted after 1 s
  assert.equal(second.state, "ESTABLISHED");
});

Deno.test("TIME-WAIT re-ACKs a retransmitted FIN and restarts 2·MSL", () => {
  let finsFromB = 0;
  const { p, trace, client, server } = connected({
    settings: { msl: seconds(10) },
    // Lose the first ACK of b's FIN, so b retransmits it into a's TIME-WAIT.
    dropWhere: ({ direction, segment }) => {
      const r = segment.repr;
      if (direction === "b→a" && r.flags.fin) finsFromB++;
      if (direction !== "a→b" || finsFromB !== 1) return false;
      finsFromB = 2; // drop a's ACK of the FIN, once
      return true;
    },
  });
  client.close();
  p.sim.run({ until: p.sim.now + ms(100) });
  server.close();
  p.sim.run({ until: p.sim.now + seconds(30) });
  assert.equal(server.state, "CLOSED");
  const rows = trace.filter((r) => r.conn === "client" && r.event === "state");
  const enter = rows.find((r) => r.state === "TIME-WAIT")!;
  const closed = rows.at(-1)!;
  assert.equal(closed.state, "CLOSED");
  // Closed 2·MSL = 20 s after the retransmitted FIN (≈ 1 s after entering TIME-WAIT).
  assert.ok(closed.t - enter.t > seconds(20) && closed.t - enter.t < seconds(22));
});

Deno.test("the same seed gives the same ISNs; TcpConnection never reads a wall clock", () => {
  const iss = (seed: number) =>
    new TcpConnection(new Simulation(), {
      localAddress: "10.0.0.1",
      localPort: 1,
      random: new Random(seed),
      send: () => {},
    }).info().iss;
  assert.equal(iss(1), iss(1));
  assert.notEqual(iss(1), iss(2));
});
