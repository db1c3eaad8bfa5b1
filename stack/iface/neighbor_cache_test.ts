import assert from "node:assert/strict";
import { ms, seconds, Simulation } from "../../src/sim/mod.ts";
import { ArpOperation, emitArp, parseArp } from "../wire/arp.ts";
import { MAC_BROADCAST, parseEthernet } from "../wire/ethernet.ts";
import { Interface, newFrameMeta } from "./interface.ts";
import { NeighborCache, type NeighborEvent, type QueuedPacket } from "./neighbor_cache.ts";

function setup(options: ConstructorParameters<typeof NeighborCache>[2] = {}) {
  const sim = new Simulation();
  const nic = new Interface({
    name: "eth0",
    node: "a",
    mac: "02:00:00:00:00:01",
    address: "10.0.0.1/24",
  });
  const sent: { t: number; destination: string; etherType: number; operation: number | null }[] =
    [];
  nic.attach({
    name: "wire",
    transmit: (_from, { bytes }) => {
      const frame = parseEthernet(bytes);
      sent.push({
        t: sim.now,
        destination: frame.destination,
        etherType: frame.etherType,
        operation: frame.etherType === 0x0806 ? parseArp(frame.payload).operation : null,
      });
    },
  });
  const events: NeighborEvent[] = [];
  const cache = new NeighborCache(sim, nic, { onEvent: (event) => events.push(event), ...options });
  return { sim, nic, sent, events, cache };
}

const reply = (ip: string, mac: string, operation: number = ArpOperation.Reply) =>
  parseArp(
    emitArp({
      operation,
      senderMac: mac,
      senderIp: ip,
      targetMac: "02:00:00:00:00:01",
      targetIp: "10.0.0.1",
    }),
  );

Deno.test("output() queues packets while INCOMPLETE, broadcasts one request, and flushes on the reply", () => {
  const { sim, sent, cache } = setup();
  const meta = newFrameMeta(1, 0);
  cache.output("10.0.0.2", { etherType: 0x0800, payload: new Uint8Array(20), meta: meta });
  cache.output("10.0.0.2", {
    etherType: 0x0800,
    payload: new Uint8Array(20),
    meta: newFrameMeta(2, 0),
  });
  assert.deepEqual(sent.map((f) => [f.destination, f.operation]), [[
    MAC_BROADCAST,
    ArpOperation.Request,
  ]]);
  assert.equal(cache.lookup("10.0.0.2")?.state, "INCOMPLETE");
  assert.equal(cache.lookup("10.0.0.2")?.queued, 2);
  sim.schedule(ms(3), () => cache.receiveArp(reply("10.0.0.2", "02:00:00:00:00:02")));
  sim.run({ until: ms(10) });
  assert.deepEqual(sent.slice(1).map((f) => [f.t, f.destination, f.etherType]), [
    [ms(3), "02:00:00:00:00:02", 0x0800],
    [ms(3), "02:00:00:00:00:02", 0x0800],
  ]);
  assert.equal(meta.resolution, ms(3)); // time spent waiting for ARP
  assert.equal(cache.lookup("10.0.0.2")?.state, "REACHABLE");
});

Deno.test("unanswered: mcast_solicit requests one retrans_time apart, then failure hands back the queue", () => {
  const failures: { ip: string; packets: QueuedPacket[]; t: number }[] = [];
  const { sim, sent, cache, events } = setup({
    onFailure: (ip, packets) => failures.push({ ip, packets, t: sim.now }),
  });
  cache.output("10.0.0.9", {
    etherType: 0x0800,
    payload: new Uint8Array(20),
    meta: newFrameMeta(1, 0),
  });
  sim.run();
  // Linux defaults: 3 broadcast requests, 1 s apart; give up 1 s after the last.
  assert.deepEqual(sent.map((f) => f.t), [0, seconds(1), seconds(2)]);
  assert.ok(sent.every((f) => f.destination === MAC_BROADCAST));
  assert.deepEqual(failures.map((f) => [f.ip, f.packets.length, f.t]), [[
    "10.0.0.9",
    1,
    seconds(3),
  ]]);
  assert.equal(cache.lookup("10.0.0.9"), undefined);
  assert.deepEqual(events.map((e) => e.event), ["request", "request", "request", "failed"]);
});

Deno.test("retries follow the options: 2 requests 100 ms apart", () => {
  const { sim, sent, cache } = setup({ mcastSolicit: 2, retransTime: ms(100) });
  cache.output("10.0.0.9", {
    etherType: 0x0800,
    payload: new Uint8Array(20),
    meta: newFrameMeta(1, 0),
  });
  sim.run();
  assert.deepEqual(sent.map((f) => f.t), [0, ms(100)]);
});

Deno.test("the queue keeps the newest queueLength packets (the oldest is dropped)", () => {
  let kept: QueuedPacket[] = [];
  const { sim, cache, events } = setup({
    queueLength: 2,
    onFailure: (_ip, packets) => kept = packets,
  });
  for (let id = 1; id <= 4; id++) {
    cache.output("10.0.0.9", {
      etherType: 0x0800,
      payload: new Uint8Array(20),
      meta: newFrameMeta(id, 0),
    });
  }
  sim.run();
  assert.deepEqual(kept.map((p) => p.meta.packet), [3, 4]);
  assert.equal(events.filter((e) => e.event === "queue-drop").length, 2);
});

Deno.test("REACHABLE ages to STALE; a STALE entry still sends, then is probed by unicast after 5 s", () => {
  const { sim, sent, cache } = setup({ reachableTime: seconds(30) });
  cache.set("10.0.0.2", "02:00:00:00:00:02");
  sim.run({ until: seconds(29) });
  assert.equal(cache.lookup("10.0.0.2")?.state, "REACHABLE");
  sim.run({ until: seconds(30) });
  assert.equal(cache.lookup("10.0.0.2")?.state, "STALE");
  cache.output("10.0.0.2", {
    etherType: 0x0800,
    payload: new Uint8Array(20),
    meta: newFrameMeta(1, 0),
  });
  assert.deepEqual(sent.map((f) => [f.destination, f.etherType]), [["02:00:00:00:00:02", 0x0800]]);
  sim.run({ until: seconds(35) });
  // DELAY elapsed: a unicast ARP request to the cached MAC.
  assert.deepEqual(sent.slice(1).map((f) => [f.t, f.destination, f.operation]), [
    [seconds(35), "02:00:00:00:00:02", ArpOperation.Request],
  ]);
  cache.receiveArp(reply("10.0.0.2", "02:00:00:00:00:02"));
  assert.equal(cache.lookup("10.0.0.2")?.state, "REACHABLE");
  sim.run();
  assert.equal(sent.length, 2); // the reply stopped further probes
});

Deno.test("a STALE entry whose probes go unanswered is deleted", () => {
  const { sim, sent, cache } = setup({ reachableTime: seconds(1), ucastSolicit: 2 });
  cache.set("10.0.0.2", "02:00:00:00:00:02");
  sim.run({ until: seconds(2) });
  cache.output("10.0.0.2", {
    etherType: 0x0800,
    payload: new Uint8Array(20),
    meta: newFrameMeta(1, 0),
  });
  sim.run();
  assert.equal(sent.filter((f) => f.operation === ArpOperation.Request).length, 2);
  assert.equal(cache.lookup("10.0.0.2"), undefined);
});

Deno.test("a request for us is answered by unicast and teaches us the sender (STALE)", () => {
  const { sent, cache } = setup();
  cache.receiveArp(reply("10.0.0.5", "02:00:00:00:00:05", ArpOperation.Request));
  assert.deepEqual(sent.map((f) => [f.destination, f.operation]), [[
    "02:00:00:00:00:05",
    ArpOperation.Reply,
  ]]);
  assert.equal(cache.lookup("10.0.0.5")?.state, "STALE");
});

Deno.test("RFC 826 merge: a request for someone else only updates an existing entry", () => {
  const { cache } = setup();
  const forOther = (mac: string) =>
    parseArp(
      emitArp({
        operation: 1,
        senderMac: mac,
        senderIp: "10.0.0.5",
        targetMac: "00:00:00:00:00:00",
        targetIp: "10.0.0.6",
      }),
    );
  cache.receiveArp(forOther("02:00:00:00:00:05"));
  assert.equal(cache.lookup("10.0.0.5"), undefined);
  cache.set("10.0.0.5", "02:00:00:00:00:05");
  cache.receiveArp(forOther("02:00:00:00:00:55")); // the host moved to another NIC
  assert.deepEqual([cache.lookup("10.0.0.5")?.mac, cache.lookup("10.0.0.5")?.state], [
    "02:00:00:00:00:55",
    "STALE",
  ]);
});

Deno.test("bad options are named", () => {
  assert.throws(() => setup({ mcastSolicit: 0 }), /option mcastSolicit must be ≥ 1 \(got 0\)/);
  assert.throws(() => setup({ retransTime: 1.5 }), /option retransTime/);
});
