import assert from "node:assert/strict";
import { ms, Trace } from "@src/sim/mod.ts";
import { Adler32, bulkTransfer } from "./bulk_transfer.ts";
import { TcpPipe } from "./pipe.ts";
import type { TcpTraceRow } from "./trace_row.ts";

Deno.test("TcpPipe delays a segment by serialization + rtt/2", () => {
  const trace = new Trace<TcpTraceRow>();
  const pipe = new TcpPipe({
    seed: 1,
    rtt: ms(10),
    bandwidth: 1e6,
    trace,
    settings: { timestamps: false },
  });
  pipe.b.listen(80);
  pipe.a.connect("10.0.0.2", 80);
  pipe.sim.run({ until: ms(100) });
  const syn = trace.rows.find((r) => r.event === "receive")!;
  // SYN: 20 IPv4 + 20 TCP + 12 option bytes (mss 4, nop + wscale 4, sackOK 2, padding 2)
  // = 52 bytes = 416 bits at 1 Mbit/s = 416 µs, plus 5 ms propagation.
  assert.equal(syn.t, 416_000 + ms(5));
});

Deno.test("TcpPipe's drop-tail queue overflows when the sender outruns the link", () => {
  const r = bulkTransfer({ bytes: 2_000_000, seed: 1, bandwidth: 10e6, queue: 8, trace: false });
  assert.ok(r.completed);
  assert.ok(r.pipe["a→b"].queueDrops > 0);
  assert.equal(r.pipe["a→b"].maxQueue, 8);
  assert.equal(r.checksumReceived, r.checksumSent);
});

Deno.test("TcpPipe and bulkTransfer name a bad option", () => {
  assert.throws(() => new TcpPipe({ seed: 1, loss: 2 }), /option loss must be ≤ 1 \(got 2\)/);
  assert.throws(
    () => bulkTransfer({ bytes: 10, seed: 1, cc: "bbr" as "reno" }),
    /option cc must be one of/,
  );
  assert.throws(() => bulkTransfer({ bytes: 0, seed: 1 }), /option bytes must be ≥ 1/);
});

Deno.test("Adler32 matches zlib's value and notices swapped chunks", () => {
  const a = new Adler32();
  a.update(new TextEncoder().encode("abc"));
  assert.equal(a.value, 0x024d0127); // zlib.adler32(b"abc")
  const x = new Adler32();
  x.update(new Uint8Array([1, 2]));
  x.update(new Uint8Array([3, 4]));
  const y = new Adler32();
  y.update(new Uint8Array([3, 4]));
  y.update(new Uint8Array([1, 2]));
  assert.notEqual(x.value, y.value);
});
