import assert from "node:assert/strict";
import { seconds } from "../../src/sim/mod.ts";
import { network } from "./topology.ts";
import { ping } from "./ping.ts";

function lan(agingTime = seconds(300)) {
  const net = network({ seed: 1 });
  const sw = net.addSwitch("sw", { agingTime });
  const [a, b, c] = ["a", "b", "c"].map((name) => net.addHost(name));
  net.connect(a, sw, { addresses: ["10.0.0.1/24"] });
  net.connect(b, sw, { addresses: ["10.0.0.2/24"] });
  net.connect(c, sw, { addresses: ["10.0.0.3/24"] });
  return { net, sw, a, b, c };
}

Deno.test("a switch learns source MACs on their arrival ports", () => {
  const { net, sw, a, b } = lan();
  ping(a, "10.0.0.2", { count: 1 });
  net.run({ until: seconds(1) });
  const table = Object.fromEntries(sw.macTable().map((row) => [row.mac, row.port]));
  assert.deepEqual(table, { [a.interfaces[0].mac]: "port0", [b.interfaces[0].mac]: "port1" });
});

Deno.test("broadcasts are flooded to every other port; learned unicast goes to one port only", () => {
  const { net, sw, a, c } = lan();
  ping(a, "10.0.0.2", { count: 3 });
  net.run({ until: seconds(3) });
  // c saw only the ARP broadcast, none of the 3 requests, 3 replies or the ARP reply.
  assert.equal(c.interfaces[0].counters.rxFrames, 1);
  assert.equal(sw.counters.flooded, 1);
  assert.equal(sw.counters.forwarded, 1 + 6); // ARP reply + 3 echo requests + 3 replies
  assert.deepEqual(
    net.events.where({ node: "sw", event: "flood" }).map((e) => e.detail),
    ["ff:ff:ff:ff:ff:ff from port0"],
  );
});

Deno.test("an unknown unicast destination is flooded too", () => {
  const { net, sw, a, b, c } = lan();
  a.neighbors().set("10.0.0.2", b.interfaces[0].mac); // a knows b; the switch does not
  b.onProtocol(253, () => {}); // swallow it silently (no ICMP answer)
  a.sendIp("10.0.0.2", 253, new Uint8Array(4));
  net.run({ until: seconds(1) });
  assert.equal(sw.counters.flooded, 1);
  assert.equal(c.interfaces[0].counters.rxFrames, 1);
  assert.equal(c.interfaces[0].counters.rxDropped, 1); // not its MAC
});

Deno.test("entries age out after agingTime, and the next frame floods again", () => {
  const { net, sw, a, b } = lan(seconds(10));
  b.onProtocol(253, () => {});
  ping(a, "10.0.0.2", { count: 1 });
  net.run({ until: seconds(1) });
  assert.equal(sw.macTable().length, 2);
  net.run({ until: seconds(16) }); // the last frames were ARP probes at ~5 s
  assert.equal(sw.macTable().length, 0);
  const floods = sw.counters.flooded;
  a.sendIp("10.0.0.2", 253, new Uint8Array(4)); // a's ARP entry is still REACHABLE
  net.run({ until: seconds(17) });
  assert.equal(sw.counters.flooded, floods + 1);
});

Deno.test("a frame whose destination sits on its arrival port is filtered", () => {
  const net = network({ seed: 1 });
  const sw = net.addSwitch("sw");
  const [a, b, d] = ["a", "b", "d"].map((name) => net.addHost(name));
  net.segment([a, b, sw], { addresses: ["10.0.0.1/24", "10.0.0.2/24", null] }); // a hub
  net.connect(sw, d, { addresses: [null, "10.0.0.4/24"] });
  ping(a, "10.0.0.2", { count: 2 });
  net.run({ until: seconds(2) });
  assert.ok(sw.counters.filtered >= 4, String(sw.counters.filtered));
  assert.equal(d.interfaces[0].counters.rxFrames, 1); // only the first ARP broadcast
});

Deno.test("a switch port takes no IP address and bad options are named", () => {
  const net = network({ seed: 1 });
  assert.throws(() => net.addSwitch("sw", { agingTime: 0 }), /option agingTime must be ≥ 1/);
  const sw = net.addSwitch("sw2");
  const a = net.addHost("a");
  assert.throws(
    () => net.connect(sw, a, { addresses: ["10.0.0.9/24", "10.0.0.1/24"] }),
    /no IP address/,
  );
});
