import assert from "node:assert/strict";
import { network } from "./topology.ts";
import { twoLansTwoRouters } from "./topologies.ts";

Deno.test("network() needs a seed and names bad options", () => {
  assert.throws(() => network({} as { seed: number }), /Cannot create a network: option seed/);
  assert.throws(
    () => network({ seed: 1, journey: "yes" } as unknown as { seed: number }),
    /option journey must be boolean/,
  );
});

Deno.test("connect() validates addresses and link options, naming the field", () => {
  const net = network({ seed: 1 });
  const a = net.addHost("a");
  const r = net.addRouter("r");
  assert.throws(
    () => net.connect(a, r, { addresses: ["10.0.0.1/24"] }),
    /addresses\[1\] is needed for router r/,
  );
  assert.throws(
    () => net.connect(a, r, { addresses: ["10.0.0.1/24", "10.0.0.2/24"], delay: -1 }),
    /option delay must be ≥ 0 \(got -1\)/,
  );
  assert.throws(
    () => net.connect(a, r, { addresses: ["10.0.0.1/24", "10.0.0.2"] }),
    /option address/,
  );
  const other = network({ seed: 1 }).addHost("z");
  assert.throws(
    () => net.connect(a, other, { addresses: ["10.0.0.1/24", "10.0.0.2/24"] }),
    /not a node of this network/,
  );
});

Deno.test("node names are unique and looked up by name", () => {
  const net = network({ seed: 1 });
  net.addHost("a");
  assert.throws(() => net.addRouter("a"), /already has a node by that name/);
  assert.equal(net.node("a").kind, "host");
  assert.throws(() => net.node("b"), /has a\b/);
});

Deno.test("two parallel links between the same nodes get distinct names and interfaces", () => {
  const net = network({ seed: 1 });
  const a = net.addHost("a");
  const b = net.addHost("b");
  const first = net.connect(a, b, { addresses: ["10.0.0.1/24", "10.0.0.2/24"] });
  const second = net.connect(a, b, { addresses: ["10.0.1.1/24", "10.0.1.2/24"] });
  assert.notEqual(first.name, second.name);
  assert.deepEqual(a.interfaces.map((nic) => nic.name), ["eth0", "eth1"]);
});

Deno.test("twoLansTwoRouters() wires the standard internetwork with routes both ways", () => {
  const { net, a, b, c, r1, r2 } = twoLansTwoRouters({ seed: 1 });
  assert.equal(net.links.length, 6);
  assert.deepEqual([a.interfaces[0].address, c.interfaces[0].address, b.interfaces[0].address], [
    "10.0.1.10",
    "10.0.1.11",
    "10.0.2.20",
  ]);
  assert.equal(
    r1.routes.format(),
    [
      "10.0.12.0/30 dev eth1 proto kernel",
      "10.0.1.0/24 dev eth0 proto kernel",
      "10.0.2.0/24 via 10.0.12.2 dev eth1",
    ].join("\n"),
  );
  assert.equal(r2.routes.lookup("10.0.1.10")?.nextHop, "10.0.12.1");
  assert.equal(a.routes.lookup("10.0.2.20")?.nextHop, "10.0.1.1");
});
