import assert from "node:assert/strict";
import { seconds } from "../../src/sim/mod.ts";
import { parsePcap, PCAP_MAGIC_NANOSECONDS } from "../wire/pcap.ts";
import { ping } from "./ping.ts";
import { network } from "./topology.ts";

function pinged() {
  const net = network({ seed: 1 });
  const a = net.addHost("a");
  const b = net.addHost("b");
  net.connect(a, b, { addresses: ["10.0.0.1/24", "10.0.0.2/24"] });
  return { net, a, b };
}

Deno.test("a capture records both directions by default, with tcpdump-style summaries", () => {
  const { net, a } = pinged();
  const capture = net.capture(a);
  ping(a, "10.0.0.2", { count: 1 });
  net.run({ until: seconds(1) });
  assert.deepEqual(capture.rows.rows.map((row) => [row.dir, row.summary]), [
    ["out", "ARP, Request who-has 10.0.0.2 tell 10.0.0.1, length 28"],
    ["in", "ARP, Reply 10.0.0.2 is-at 02:00:00:00:00:02, length 28"],
    ["out", "IP 10.0.0.1 > 10.0.0.2: ICMP echo request, id 1, seq 1, length 64"],
    ["in", "IP 10.0.0.2 > 10.0.0.1: ICMP echo reply, id 1, seq 1, length 64"],
  ]);
  assert.ok(capture.rows.rows.every((row) => row.node === "a" && row.iface === "eth0"));
});

Deno.test("pcap() writes nanosecond timestamps offset by the epoch, frames byte for byte", () => {
  const { net, a, b } = pinged();
  const capture = net.capture(b, { direction: "in", epoch: 1_000_000_000 });
  ping(a, "10.0.0.2", { count: 1 });
  net.run({ until: seconds(1) });
  const file = parsePcap(capture.pcap());
  assert.equal(new DataView(capture.pcap().buffer).getUint32(0, true), PCAP_MAGIC_NANOSECONDS);
  assert.equal(file.records.length, capture.frames.length);
  file.records.forEach((record, i) => {
    assert.equal(record.timestampNs, 1_000_000_000n + BigInt(capture.frames[i].t));
    assert.deepEqual(record.data, capture.frames[i].data);
  });
});

Deno.test("stop() ends a capture; a bad option is named", () => {
  const { net, a } = pinged();
  const capture = net.capture(a.interfaces[0]);
  capture.stop();
  ping(a, "10.0.0.2", { count: 1 });
  net.run();
  assert.equal(capture.rows.length, 0);
  assert.throws(() => net.capture(a, { epoch: -1 }), /option epoch must be ≥ 0/);
});
