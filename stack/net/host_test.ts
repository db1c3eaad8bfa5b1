import assert from "node:assert/strict";
import { seconds } from "../../src/sim/mod.ts";
import { UnreachableCode } from "../wire/icmp.ts";
import { IpProtocol } from "../wire/ipv4.ts";
import { network } from "./topology.ts";
import { ping } from "./ping.ts";
import type { IcmpMessage } from "./icmp.ts";

function pair() {
  const net = network({ seed: 1 });
  const a = net.addHost("a");
  const b = net.addHost("b");
  net.connect(a, b, { addresses: ["10.0.0.1/24", "10.0.0.2/24"] });
  return { net, a, b };
}

Deno.test("a host answers an echo request from the address that was pinged", () => {
  const { net, a } = pair();
  const session = ping(a, "10.0.0.2", { count: 2, size: 100 });
  net.run();
  assert.deepEqual(session.results.map((r) => [r.outcome, r.from, r.ttl]), [
    ["reply", "10.0.0.2", 64],
    ["reply", "10.0.0.2", 64],
  ]);
  assert.equal(session.summary().loss, 0);
});

Deno.test("ARP failure: 3 requests, then ICMP host unreachable from the sender itself at 3 s", () => {
  const { net, a } = pair();
  const session = ping(a, "10.0.0.77", { count: 1 });
  net.run();
  const requests = net.events.where({ node: "a", layer: "arp", event: "request" });
  assert.deepEqual(requests.map((e) => e.t), [0, seconds(1), seconds(2)]);
  const [row] = session.results;
  assert.deepEqual([row.outcome, row.code, row.from, row.received], [
    "unreachable",
    UnreachableCode.Host,
    "10.0.0.1", // like Linux: "From 10.0.0.1 icmp_seq=1 Destination Host Unreachable"
    seconds(3) + a.processingDelay,
  ]);
});

Deno.test("a packet for an unknown protocol draws ICMP protocol unreachable", () => {
  const { net, a } = pair();
  const seen: IcmpMessage[] = [];
  a.onIcmp((message) => seen.push(message));
  a.sendIp("10.0.0.2", 253, new Uint8Array(8));
  net.run();
  assert.equal(seen.length, 1);
  const { icmp, quoted } = seen[0];
  assert.equal(icmp.kind, "destinationUnreachable");
  assert.equal(icmp.kind === "destinationUnreachable" && icmp.code, UnreachableCode.Protocol);
  assert.deepEqual([quoted?.protocol, quoted?.destination], [253, "10.0.0.2"]);
});

Deno.test("onProtocol() installs the ingress handler for a protocol number", () => {
  const { net, a, b } = pair();
  const got: string[] = [];
  b.onProtocol(
    IpProtocol.Tcp,
    (packet) =>
      got.push(`${packet.repr.source} ${packet.iface?.name} ${packet.repr.payload.length}`),
  );
  const result = a.sendIp("10.0.0.2", IpProtocol.Tcp, new Uint8Array(20));
  net.run();
  assert.deepEqual(result, { ok: true, packet: 1 });
  assert.deepEqual(got, ["10.0.0.1 eth0 20"]);
  assert.throws(() => b.onProtocol(256, () => {}), RangeError);
});

Deno.test("sendIp() reports a missing route as a status, and refuses DF packets over the MTU", () => {
  const { a } = pair();
  assert.deepEqual(a.sendIp("192.0.2.1", 17, new Uint8Array(8)), {
    ok: false,
    reason: "no-route",
    detail: "no route to 192.0.2.1",
  });
  assert.throws(
    () => a.sendIp("10.0.0.2", 17, new Uint8Array(1481)),
    /DF forbids fragmenting it \(EMSGSIZE\)\. Send at most 1480 bytes, or pass dontFragment: false/,
  );
  assert.throws(() => a.sendIp("10.0.0.300", 17, new Uint8Array(8)), SyntaxError);
});

Deno.test("a host does not forward packets addressed to others", () => {
  const { net, a, b } = pair();
  a.neighbors().set("10.0.0.99", b.interfaces[0].mac);
  a.sendIp("10.0.0.99", 253, new Uint8Array(4));
  net.run();
  assert.deepEqual(net.events.where({ node: "b", event: "not-forwarding" }).map((e) => e.packet), [
    1,
  ]);
  assert.equal(net.latency.length, 0);
});

Deno.test("latency rows split each delivered packet's time and add up to its total", () => {
  const { net, a } = pair();
  ping(a, "10.0.0.2", { count: 2 });
  net.run();
  assert.equal(net.latency.length, 4);
  for (const row of net.latency) {
    const parts = row.transmission + row.propagation + row.queueing + row.resolution +
      row.processing;
    assert.equal(parts, row.total, JSON.stringify(row));
  }
  // Only the very first request waited for ARP.
  assert.deepEqual(net.latency.rows.map((row) => row.resolution > 0), [true, false, false, false]);
});

Deno.test("addRoute() refuses an off-link gateway and names the networks", () => {
  const { a } = pair();
  assert.throws(
    () => a.addRoute("10.9.0.0/16", { via: "10.1.0.1" }),
    /gateway 10\.1\.0\.1 is not on any connected network \(10\.0\.0\.0\/24\)/,
  );
  assert.throws(() => a.addRoute("10.9.0.0/16", { via: "10.0.0.2", interface: "eth5" }), /of eth5/);
  assert.throws(() => a.interface("eth5"), /has eth0/);
  assert.throws(() => network({ seed: 1 }).addHost("x", { ttl: 0 }), /option ttl must be ≥ 1/);
});
