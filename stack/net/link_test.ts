import assert from "node:assert/strict";
import { ms, Random, Simulation, Trace, us } from "../../src/sim/mod.ts";
import { type FrameMeta, Interface, newFrameMeta } from "../iface/mod.ts";
import type { EventRow } from "./journey.ts";
import { Link, type LinkOptions } from "./link.ts";

function cable(options: LinkOptions, seed = 1) {
  const sim = new Simulation();
  const events = new Trace<EventRow>();
  const link = new Link({ sim, random: new Random(seed), events }, options);
  const a = new Interface({ name: "eth0", node: "a", mac: "02:00:00:00:00:01" });
  const b = new Interface({ name: "eth0", node: "b", mac: "02:00:00:00:00:02" });
  link.attach(a);
  link.attach(b);
  const arrivals: { t: number; bytes: Uint8Array; meta: FrameMeta }[] = [];
  b.onAnyFrame((_frame, bytes, meta) => arrivals.push({ t: sim.now, bytes, meta }));
  const send = (tag: number, length = 60) => {
    const bytes = new Uint8Array(length);
    bytes.set([2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1, 0x88, 0xb5, tag]); // to b, from a, tag
    a.send(bytes, newFrameMeta(tag, sim.now));
  };
  return { sim, link, a, b, arrivals, send, events };
}

Deno.test("a frame arrives after transmission ((bytes + 24) × 8 / bandwidth) plus propagation", () => {
  const { sim, arrivals, send } = cable({ bandwidth: 10e6, delay: us(100) });
  send(1, 1000);
  sim.run();
  // (1000 + 24) × 8 bits at 10 Mbit/s = 819.2 µs, rounded up to the nanosecond.
  assert.equal(arrivals[0].t, 819_200 + 100_000);
  assert.deepEqual(
    [
      arrivals[0].meta.transmission,
      arrivals[0].meta.propagation,
      arrivals[0].meta.queueing,
      arrivals[0].meta.hops,
    ],
    [819_200, 100_000, 0, 1],
  );
});

Deno.test("back-to-back frames queue behind each other: the second waits one transmission time", () => {
  const { sim, arrivals, send } = cable({ bandwidth: 100e6, delay: us(5) });
  send(1);
  send(2);
  send(3);
  sim.run();
  const tx = 6_720; // (60 + 24) × 8 / 100 Mbit/s
  assert.deepEqual(arrivals.map((a) => a.t), [tx + 5_000, 2 * tx + 5_000, 3 * tx + 5_000]);
  assert.deepEqual(arrivals.map((a) => a.meta.queueing), [0, tx, 2 * tx]);
});

Deno.test("drop-tail: frames beyond queueLimit are refused and recorded", () => {
  const { sim, link, arrivals, send, events } = cable({ queueLimit: 3 });
  for (let i = 1; i <= 5; i++) send(i);
  sim.run();
  assert.deepEqual(arrivals.map((a) => a.bytes[14]), [1, 2, 3]);
  assert.equal(link.counters.queueDrops, 2);
  assert.deepEqual(events.rows.map((e) => [e.event, e.packet]), [["queue-full", 4], [
    "queue-full",
    5,
  ]]);
});

Deno.test("loss 1 loses everything; loss 0.3 loses about 30% of 2000 frames", () => {
  const all = cable({ loss: 1 });
  all.send(1);
  all.sim.run();
  assert.equal(all.arrivals.length, 0);
  const some = cable({ loss: 0.3, queueLimit: 5000 });
  for (let i = 0; i < 2000; i++) some.send(i & 0xff);
  some.sim.run();
  // Binomial(2000, 0.3): mean 600, sd ≈ 20.5; ±5 sd.
  assert.ok(Math.abs(some.link.counters.lost - 600) < 103, String(some.link.counters.lost));
  assert.equal(some.arrivals.length + some.link.counters.lost, 2000);
});

Deno.test("duplication 1 delivers every frame twice, as separate copies", () => {
  const { sim, arrivals, send } = cable({ duplication: 1 });
  send(7);
  sim.run();
  assert.equal(arrivals.length, 2);
  assert.notEqual(arrivals[0].bytes, arrivals[1].bytes);
  assert.notEqual(arrivals[0].meta, arrivals[1].meta);
});

Deno.test("corruption flips exactly one bit of the copy on the wire", () => {
  const { sim, a, b } = cable({ corruption: 1 });
  const arrivals: { bytes: Uint8Array }[] = [];
  b.tap((bytes, direction) => direction === "in" && arrivals.push({ bytes })); // before MAC filtering
  const original = new Uint8Array(60).fill(0x55);
  a.send(original, newFrameMeta(0, 0));
  sim.run();
  let flipped = 0;
  for (let i = 0; i < 60; i++) {
    let x = arrivals[0].bytes[i] ^ 0x55;
    while (x) {
      flipped += x & 1;
      x >>= 1;
    }
  }
  assert.equal(flipped, 1);
  assert.ok(original.every((b) => b === 0x55)); // the sender's bytes are untouched
});

Deno.test("reordering lets later frames overtake held-back ones", () => {
  const { sim, arrivals, send, link } = cable({
    reordering: 0.5,
    reorderDelay: us(500),
    delay: us(5),
  });
  for (let i = 0; i < 50; i++) send(i);
  sim.run();
  const order = arrivals.map((a) => a.bytes[14]);
  assert.equal(order.length, 50);
  assert.notDeepEqual(order, [...order].sort((x, y) => x - y));
  assert.ok(link.counters.reordered > 0);
});

Deno.test("the same seed replays the same faults; another seed gives others", () => {
  const run = (seed: number) => {
    const { sim, arrivals, send } = cable({ loss: 0.2, duplication: 0.1, reordering: 0.2 }, seed);
    for (let i = 0; i < 100; i++) send(i);
    sim.run();
    return arrivals.map((a) => `${a.t}:${a.bytes[14]}`).join(",");
  };
  assert.equal(run(1), run(1));
  assert.notEqual(run(1), run(2));
});

Deno.test("a segment delivers each frame to every other end", () => {
  const sim = new Simulation();
  const link = new Link({ sim, random: new Random(1) }, { delay: ms(1) });
  const nics = [1, 2, 3].map((n) =>
    new Interface({ name: "eth0", node: `n${n}`, mac: `02:00:00:00:00:0${n}`, promiscuous: true })
  );
  const got: string[] = [];
  for (const nic of nics) {
    link.attach(nic);
    nic.onAnyFrame(() => got.push(nic.node));
  }
  nics[0].send(new Uint8Array(60), newFrameMeta(0, 0));
  sim.run();
  assert.deepEqual(got, ["n2", "n3"]);
});

Deno.test("bad options are named with their value", () => {
  const context = { sim: new Simulation(), random: new Random(1) };
  assert.throws(() => new Link(context, { loss: 1.5 }), /option loss must be ≤ 1 \(got 1\.5\)/);
  assert.throws(() => new Link(context, { bandwidth: 0 }), /option bandwidth must be > 0/);
  assert.throws(() => new Link(context, { delay: 0.5 }), /option delay/);
  assert.throws(
    () => new Link(context, { jitter: 1 } as LinkOptions),
    /jitter is not a known option/,
  );
});
