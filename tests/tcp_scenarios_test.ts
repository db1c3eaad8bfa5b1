// Cross-module TCP scenarios: two stacks on the test pipe, checked against numbers
// worked out by hand from the RFCs (RFC 9293 states, RFC 5681/6582 loss recovery,
// RFC 9293 §3.10.7.1 resets, §3.8.6 flow control) and against each other (checksums,
// determinism).

import assert from "node:assert/strict";
import { ms, seconds, Trace } from "@src/sim/mod.ts";
import {
  bulkTransfer,
  seqDiff,
  TcpPipe,
  type TcpPipeOptions,
  type TcpSegment,
  type TcpTraceRow,
} from "@stack/socket/tcp/mod.ts";

function states(trace: Trace<TcpTraceRow>, conn: string): string[] {
  return trace.filter((row) => row.conn === conn && row.event === "state").map((row) => row.state);
}

function pipe(options: Partial<TcpPipeOptions> = {}) {
  const trace = new Trace<TcpTraceRow>();
  return { trace, pipe: new TcpPipe({ seed: 1, trace, ...options }) };
}

Deno.test("handshake and four-way close walk through the RFC 9293 states", () => {
  const { trace, pipe: p } = pipe({ settings: { msl: seconds(30) } });
  const listener = p.b.listen(80);
  const client = p.a.connect("10.0.0.2", 80, { name: "client" });
  p.sim.run({ until: ms(100) });
  const server = listener.accept()!;
  assert.equal(client.state, "ESTABLISHED");
  assert.equal(server.state, "ESTABLISHED");
  client.send(new TextEncoder().encode("ping"));
  client.close();
  p.sim.run({ until: ms(200) });
  assert.equal(new TextDecoder().decode(server.recv()), "ping");
  assert.ok(server.ended);
  server.close();
  p.sim.run({ until: seconds(1) });
  assert.equal(client.state, "TIME-WAIT");
  p.sim.run({ until: seconds(61) }); // 2·MSL = 60 s after entering TIME-WAIT
  assert.deepEqual(states(trace, "client"), [
    "SYN-SENT",
    "ESTABLISHED",
    "FIN-WAIT-1",
    "FIN-WAIT-2",
    "TIME-WAIT",
    "CLOSED",
  ]);
  assert.deepEqual(states(trace, "10.0.0.2:80"), [
    "LISTEN",
    "SYN-RECEIVED",
    "ESTABLISHED",
    "CLOSE-WAIT",
    "LAST-ACK",
    "CLOSED",
  ]);
  const timeWait = trace.filter((r) => r.conn === "client" && r.event === "state");
  assert.equal(timeWait[5].t - timeWait[4].t, seconds(60)); // exactly 2·MSL
});

Deno.test("the handshake's numbers: SYN seq=ISS, SYN-ACK ack=ISS+1, ACK ack=IRS+1", () => {
  const { trace, pipe: p } = pipe();
  p.b.listen(80);
  p.a.connect("10.0.0.2", 80, { name: "client", iss: 1000 });
  p.sim.run({ until: ms(100) });
  const sent = trace.filter((r) => r.event === "send");
  const [syn, synAck, ack] = sent;
  assert.deepEqual([syn.flags, syn.seq], ["S", 1000]);
  assert.deepEqual([synAck.flags, synAck.ack], ["S.", 1001]);
  assert.deepEqual([ack.flags, ack.seq, ack.ack], [".", 1001, (synAck.seq + 1) >>> 0]);
});

Deno.test("simultaneous close: both sides pass through CLOSING to TIME-WAIT", () => {
  const { trace, pipe: p } = pipe();
  const listener = p.b.listen(80);
  const client = p.a.connect("10.0.0.2", 80, { name: "client" });
  p.sim.run({ until: ms(100) });
  const server = listener.accept()!;
  client.close();
  server.close(); // both FINs cross in flight
  p.sim.run({ until: ms(200) });
  assert.deepEqual(states(trace, "client").slice(2), ["FIN-WAIT-1", "CLOSING", "TIME-WAIT"]);
  assert.deepEqual(states(trace, "10.0.0.2:80").slice(3), ["FIN-WAIT-1", "CLOSING", "TIME-WAIT"]);
});

Deno.test("simultaneous open: two SYNs cross and both go SYN-SENT → SYN-RECEIVED → ESTABLISHED", () => {
  const { trace, pipe: p } = pipe();
  const a = p.a.connect("10.0.0.2", 7000, { localPort: 7001, name: "a" });
  const b = p.b.connect("10.0.0.1", 7001, { localPort: 7000, name: "b" });
  p.sim.run({ until: ms(200) });
  assert.equal(a.state, "ESTABLISHED");
  assert.equal(b.state, "ESTABLISHED");
  assert.deepEqual(states(trace, "a"), ["SYN-SENT", "SYN-RECEIVED", "ESTABLISHED"]);
  assert.deepEqual(states(trace, "b"), ["SYN-SENT", "SYN-RECEIVED", "ESTABLISHED"]);
});

Deno.test("a SYN to a closed port is refused with <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>", () => {
  const seen: TcpSegment[] = [];
  const { trace, pipe: p } = pipe({ dropWhere: ({ segment }) => (seen.push(segment), false) });
  const socket = p.a.connect("10.0.0.2", 81, { name: "client", iss: 5000 });
  p.sim.run({ until: ms(100) });
  assert.equal(socket.state, "CLOSED");
  assert.equal(socket.error, "connection refused");
  assert.deepEqual(states(trace, "client"), ["SYN-SENT", "CLOSED"]);
  const rst = seen[1].repr;
  // RFC 9293 §3.10.7.1: the SYN had no ACK bit, SEG.SEQ = 5000 and SEG.LEN = 1 (the SYN).
  assert.deepEqual([rst.sequenceNumber, rst.acknowledgmentNumber], [0, 5001]);
  assert.ok(rst.flags.rst && rst.flags.ack && !rst.flags.syn);
  assert.equal(p.b.resetsSent, 1);
});

Deno.test("one lost segment: sequence and ACK numbers follow RFC 5681 fast retransmit and recovery", () => {
  // MSS 1000, no SACK or timestamps, IW = min(10·1000, max(2·1000, 14600)) = 10 000: the
  // ten segments of a 10 000-byte write leave at once; the 3rd (relative seq 2001) is lost.
  //
  //   receiver ACKs:  1001 (seg 1), 2001 (seg 2), then 2001 × 7 (segs 4–10: duplicates)
  //   sender:         ACK 1001 → cwnd 11 000; ACK 2001 → cwnd 12 000   (slow start, +1 MSS)
  //                   3rd duplicate → fast retransmit of 2001:3001;
  //                     ssthresh = max(FlightSize/2, 2·MSS) = max(8000/2, 2000) = 4000
  //                     cwnd = ssthresh + 3·MSS = 7000
  //                   4 more duplicates → cwnd 8000, 9000, 10 000, 11 000 (inflation)
  //   receiver:       the retransmission fills the hole → ACK 10 001 (all of it)
  //   sender:         full ACK ≥ recover (10 001) → cwnd = ssthresh = 4000 (RFC 6582 §3.2)
  const { trace, pipe: p } = pipe({
    drop: [3],
    settings: { mss: 1000, sack: false, timestamps: false },
  });
  const listener = p.b.listen(80);
  const client = p.a.connect("10.0.0.2", 80, { name: "client" });
  p.sim.run({ until: ms(100) });
  const iss = client.info().iss;
  const irs = client.info().irs;
  client.send(new Uint8Array(10_000));
  p.sim.run({ until: seconds(1) });
  const rel = (seq: number, base: number) => seqDiff(seq, base);
  const data = trace.filter((r) => r.conn === "client" && r.len > 0);
  assert.deepEqual(
    data.map((r) => `${r.event} ${rel(r.seq, iss)}`),
    [
      ...[1, 1001, 2001, 3001, 4001, 5001, 6001, 7001, 8001, 9001].map((s) => `send ${s}`),
      "fast-retransmit 2001",
    ],
  );
  const acks = trace.filter((r) => r.conn === "10.0.0.2:80" && r.event === "send" && r.len === 0);
  assert.deepEqual(
    acks.slice(1).map((r) => rel(r.ack, iss)), // after the SYN-ACK
    [1001, 2001, 2001, 2001, 2001, 2001, 2001, 2001, 2001, 10001],
  );
  assert.equal(rel(acks[0].seq, irs), 0); // the SYN-ACK carries the server's ISN
  const cwnds = trace.filter((r) =>
    r.conn === "client" && (r.event === "ack" || r.event === "fast-retransmit")
  )
    .map((r) => [r.event, r.cwnd, r.ssthresh]);
  assert.deepEqual(cwnds, [
    ["ack", 11000, null],
    ["ack", 12000, null],
    ["fast-retransmit", 12000, 4000], // logged as it leaves, before cwnd = ssthresh + 3·MSS
    ["ack", 4000, 4000],
  ]);
  assert.equal(listener.accept()!.recv().length, 10_000);
  assert.deepEqual(
    [client.connection.stats.fastRetransmits, client.connection.stats.duplicateAcks],
    [1, 7],
  );
});

Deno.test("sequence numbers wrap past 2^32 mid-transfer, with a loss across the wrap", () => {
  // ISS = 2³² − 5000: data byte 4998 (0-based) has sequence number 2³² − 1, the next 0.
  // MSS is 1000 − 12 (timestamps) = 988, so data segment 6 carries bytes 4940..5927:
  // sequence numbers 2³² − 59 through 928, straddling the wrap. It is the one dropped.
  const { trace, pipe: p } = pipe({ drop: [6], settings: { mss: 1000 } });
  const listener = p.b.listen(80);
  const client = p.a.connect("10.0.0.2", 80, { name: "client", iss: 2 ** 32 - 5000 });
  p.sim.run({ until: ms(100) });
  const bytes = new Uint8Array(30_000).map((_, i) => (i * 7 + 3) & 0xff);
  client.send(bytes);
  client.close();
  p.sim.run({ until: seconds(5) });
  const server = listener.accept()!;
  assert.deepEqual(server.recv(), bytes);
  assert.ok(server.ended);
  const seqs = trace.filter((r) => r.conn === "client" && r.len > 0).map((r) => r.seq);
  assert.ok(seqs.some((seq) => seq > 2 ** 32 - 5000) && seqs.some((seq) => seq < 30_000));
  const resent = trace.filter((r) => r.conn === "client" && r.event === "fast-retransmit");
  assert.deepEqual(resent.map((r) => [r.seq, r.len]), [[2 ** 32 - 59, 988]]);
  // The final ACK is ISS + 1 + 30 000 + 1 (the FIN), mod 2³².
  const last = trace.filter((r) => r.conn === "10.0.0.2:80" && r.event === "send").at(-1)!;
  assert.equal(last.ack, (2 ** 32 - 5000 + 30_002) % 2 ** 32);
});

Deno.test("a slow reader closes the window; persist probes back off until it reopens", () => {
  // Receive buffer 4000 bytes (window scale 0): the sender may have at most 4000 bytes
  // unread at the receiver. Nobody reads for 10 s, so the window falls to zero and the
  // sender's persist timer probes at RTO = 1 s (RFC 6298 floor), then 2 s, 4 s
  // (RFC 1122 §4.2.2.17 backoff): probes at ≈ 1 s, 3 s, 7 s after the window closed.
  const { trace, pipe: p } = pipe({
    settings: { receiveBuffer: 4000, mss: 1000, timestamps: false },
  });
  const listener = p.b.listen(80);
  const client = p.a.connect("10.0.0.2", 80, { name: "client" });
  p.sim.run({ until: ms(100) });
  const bytes = new Uint8Array(20_000).map((_, i) => i & 0xff);
  client.send(bytes);
  p.sim.run({ until: seconds(10) });
  const server = listener.accept()!;
  const zero = trace.filter((r) => r.conn === "10.0.0.2:80" && r.event === "send" && r.wnd === 0);
  assert.ok(zero.length >= 1, "the receiver advertised a zero window");
  assert.equal(client.info().sndWnd, 0);
  assert.equal(client.info().unsent, 16_000);
  const probes = trace.filter((r) => r.conn === "client" && r.event === "persist");
  assert.equal(probes.length, 3);
  const closedAt = zero[0].t + ms(20); // the zero-window ACK reaches the sender 1 one-way trip later
  const gaps = probes.map((r, i) => (i === 0 ? r.t - closedAt : r.t - probes[i - 1].t));
  assert.deepEqual(gaps.map((gap) => Math.round(gap / ms(100)) / 10), [1, 2, 4]);
  // Each probe is SEQ = SND.UNA − 1 with no data, and gets an ACK with the (zero) window.
  assert.ok(probes.every((r) => r.len === 0 && seqDiff(r.seq, client.info().sndUna) === -1));
  // The reader wakes up: reading opens the window, a window update restarts the flow.
  const received: Uint8Array[] = [];
  server.onReadable(() => received.push(server.recv()));
  received.push(server.recv());
  p.sim.run({ until: seconds(12) });
  const all = new Uint8Array(received.reduce((n, chunk) => n + chunk.length, 0));
  received.reduce((at, chunk) => (all.set(chunk, at), at + chunk.length), 0);
  assert.deepEqual(all, bytes);
  assert.equal(client.connection.stats.windowProbes, 3);
});

Deno.test("a lost window update is recovered by the next persist probe", () => {
  let dropUpdate = false;
  const { pipe: p } = pipe({
    settings: { receiveBuffer: 4000, mss: 1000, timestamps: false },
    // Drop the first ACK from b that reopens the window after it was zero.
    dropWhere: ({ direction, segment }) => {
      if (direction !== "b→a") return false;
      if (segment.repr.window === 0) dropUpdate = true;
      else if (dropUpdate) return !(dropUpdate = false);
      return false;
    },
  });
  const listener = p.b.listen(80);
  const client = p.a.connect("10.0.0.2", 80, { name: "client" });
  p.sim.run({ until: ms(100) });
  client.send(new Uint8Array(8000));
  p.sim.run({ until: seconds(1) });
  const server = listener.accept()!;
  let read = server.recv().length;
  server.onReadable(() => (read += server.recv().length));
  p.sim.run({ until: seconds(5) });
  assert.equal(p.stats["b→a"].dropped, 1);
  assert.equal(read, 8000);
  assert.ok(client.connection.stats.windowProbes >= 1);
});

Deno.test("Reno's cwnd: doubles per RTT in slow start, halves on 3 dup ACKs, drops to 1 MSS on timeout", () => {
  // RTT 100 ms, 1 Gbit/s (serialization ≪ RTT), MSS 1000, IW = 1 MSS, no SACK/timestamps.
  const mss = 1000;
  let lostSeq = -1;
  const { trace, pipe: p } = pipe({
    rtt: ms(100),
    bandwidth: 1e9,
    settings: { mss, initialWindow: mss, sack: false, timestamps: false },
    // Drop data segment 100 (→ fast retransmit), then segment 400 and its first
    // retransmission (→ the retransmission timer expires).
    dropWhere: ({ direction, dataIndex, segment }) => {
      if (direction !== "a→b" || dataIndex === 0) return false;
      if (dataIndex === 100) return true;
      if (dataIndex === 400) return (lostSeq = segment.repr.sequenceNumber), true;
      return segment.repr.sequenceNumber === lostSeq && dataIndex < 600 && dataIndex > 400;
    },
  });
  p.b.listen(80, { onAccept: (socket) => socket.onReadable(() => socket.recv()) });
  const client = p.a.connect("10.0.0.2", 80, { name: "client" });
  client.onState((_, to) => to === "ESTABLISHED" && client.send(new Uint8Array(2_000_000)));
  p.sim.run({ until: seconds(20) });
  const rows = trace.filter((r) => r.conn === "client");
  const acks = rows.filter((r) => r.event === "ack");
  const start = acks[0].t; // first data ACK, one RTT after the first data segment
  // Slow start: in round k (ACKs arriving in [start + (k−1)·RTT, start + k·RTT)) cwnd
  // ends at 2^k MSS: 2, 4, 8, 16, 32 segments.
  for (let k = 1; k <= 5; k++) {
    const round = acks.filter((r) =>
      r.t >= start + (k - 1) * ms(100) - ms(5) && r.t < start + k * ms(100) - ms(5)
    );
    assert.equal(round.at(-1)!.cwnd, 2 ** k * mss, `round ${k}`);
  }
  // Fast retransmit: ssthresh = FlightSize/2, and cwnd = ssthresh when recovery ends.
  const fast = rows.findIndex((r) => r.event === "fast-retransmit");
  assert.ok(fast > 0);
  const highest = Math.max(
    ...rows.slice(0, fast).filter((r) => r.event === "send" || r.event === "retransmit")
      .map((r) => seqDiff(r.seq, rows[fast].seq) + r.len),
  );
  assert.equal(rows[fast].ssthresh, Math.max(Math.floor(highest / 2), 2 * mss));
  const exit = rows.slice(fast).find((r) =>
    r.event === "ack" && seqDiff(r.ack, rows[fast].seq) >= highest
  )!;
  assert.equal(exit.cwnd, rows[fast].ssthresh);
  // Timeout: cwnd = LW = 1 MSS and ssthresh = max(FlightSize/2, 2·MSS) (RFC 5681 §3.1).
  const timeout = rows.findIndex((r) => r.event === "timeout");
  assert.ok(timeout > fast, "the lost retransmission forced a timeout");
  const resend = rows[timeout + 1];
  assert.equal(resend.event, "retransmit");
  assert.equal(resend.cwnd, mss);
  assert.ok(resend.ssthresh! >= 2 * mss);
  assert.equal(client.connection.stats.timeouts, 1);
  // Then slow start again from 1 MSS, up to ssthresh.
  const next = rows.slice(timeout).filter((r) => r.event === "ack").slice(0, 3).map((r) => r.cwnd);
  assert.deepEqual(next, [2 * mss, 3 * mss, 4 * mss]);
});

Deno.test("1 MB over a 1 %-loss path arrives complete and in order (Reno and CUBIC, SACK on and off)", () => {
  for (const cc of ["reno", "cubic"] as const) {
    for (const sack of [true, false]) {
      const r = bulkTransfer({
        bytes: 1_000_000,
        seed: 9,
        loss: 0.01,
        cc,
        settings: { sack },
        trace: false,
      });
      assert.ok(r.completed, `${cc} sack=${sack}`);
      assert.equal(r.received, 1_000_000);
      assert.equal(r.checksumReceived, r.checksumSent);
      assert.ok(r.pipe["a→b"].lost > 0);
      assert.ok(r.sender.retransmissions >= r.pipe["a→b"].lost);
    }
  }
});

Deno.test("the same seed gives the same trace; another seed gives another", () => {
  const run = (seed: number) =>
    JSON.stringify(bulkTransfer({ bytes: 300_000, seed, loss: 0.02, cc: "cubic" }).trace!.rows);
  const first = run(5);
  assert.equal(run(5), first);
  assert.notEqual(run(6), first);
});

Deno.test("segments survive a round trip through the wire format (checksums verified)", () => {
  const r = new TcpPipe({ seed: 2, wire: true, drop: [2] });
  let received = 0;
  r.b.listen(80, {
    onAccept: (socket) => socket.onReadable(() => received += socket.recv().length),
  });
  const client = r.a.connect("10.0.0.2", 80);
  client.onState((_, to) =>
    to === "ESTABLISHED" && (client.send(new Uint8Array(50_000)), client.close())
  );
  r.sim.run({ until: seconds(2) });
  assert.equal(client.state, "FIN-WAIT-2");
  assert.equal(received, 50_000);
});

Deno.test("every option combination survives 10 % loss both ways, a tiny buffer and a short queue", () => {
  // SACK × timestamps × delayed ACKs × Reno/CUBIC × RFC 6298/Linux RTO: 32 endpoints,
  // each sending 40 kB through a 3000-byte receive window, losing data and ACKs alike.
  let runs = 0;
  for (const sack of [true, false]) {
    for (const timestamps of [true, false]) {
      for (const delayedAck of [true, false]) {
        for (const congestion of ["reno", "cubic"] as const) {
          for (const rto of ["rfc6298", "linux"] as const) {
            const settings = { sack, timestamps, delayedAck, congestion, rto, receiveBuffer: 3000 };
            const p = new TcpPipe({
              seed: ++runs,
              loss: 0.1,
              reverseLoss: 0.1,
              queue: 5,
              settings,
            });
            const data = new Uint8Array(40_000).map((_, i) => (i * 31 + runs) & 0xff);
            const chunks: Uint8Array[] = [];
            let serverState = "";
            p.b.listen(80, {
              onAccept: (server) => {
                const drain = () => {
                  chunks.push(server.recv());
                  if (server.ended && server.state === "CLOSE-WAIT") server.close();
                };
                server.onState((_, to) => (serverState = to));
                server.onReadable(drain);
                drain();
              },
            });
            const client = p.a.connect("10.0.0.2", 80);
            client.onState((_, to) => to === "ESTABLISHED" && (client.send(data), client.close()));
            p.sim.run({ until: seconds(600) });
            const label = JSON.stringify(settings);
            const received = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
            chunks.reduce((at, c) => (received.set(c, at), at + c.length), 0);
            assert.deepEqual(received, data, label);
            assert.ok(client.state === "TIME-WAIT" || client.state === "CLOSED", label);
            assert.equal(serverState, "CLOSED", label);
          }
        }
      }
    }
  }
});
