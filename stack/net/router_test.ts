import assert from "node:assert/strict";
import { parseEthernet } from "../wire/ethernet.ts";
import { emitIcmp, TimeExceededCode, UnreachableCode } from "../wire/icmp.ts";
import { emitIpv4, parseIpv4 } from "../wire/ipv4.ts";
import { ping } from "./ping.ts";
import { twoLansTwoRouters } from "./topologies.ts";

Deno.test("forwarding decrements the TTL and patches the checksum (RFC 1624) at each router", () => {
  const { net, a } = twoLansTwoRouters({ seed: 1 });
  const capture = net.capture(net.nodes.filter((n) => n.kind !== "switch"), { direction: "in" });
  ping(a, "10.0.2.20", { count: 1 });
  net.run();
  const request = net.journey!.where({ packet: 1 });
  assert.deepEqual(request.map((r) => [r.node, r.ttl]), [["sw1", 64], ["r1", 64], ["r2", 63], [
    "sw2",
    62,
  ], ["b", 62]]);
  // TTL − 1 is m' = m − 0x100 in the word holding TTL and protocol: the checksum grows by 0x100.
  assert.equal(request[2].checksum, request[1].checksum! + 0x100);
  assert.equal(request[4].checksum, request[2].checksum! + 0x100);
  // Every IPv4 header that arrived anywhere verifies (parseIpv4 checks the checksum).
  for (const frame of capture.frames) {
    const ethernet = parseEthernet(frame.data);
    if (ethernet.etherType === 0x0800) parseIpv4(ethernet.payload);
  }
});

Deno.test("TTL 1 at a router: ICMP time exceeded from that router, quoting our packet", () => {
  const { net, a } = twoLansTwoRouters({ seed: 1 });
  const session = ping(a, "10.0.2.20", { count: 1, ttl: 2 });
  net.run();
  assert.deepEqual(
    [session.results[0].outcome, session.results[0].from, session.results[0].code],
    ["time-exceeded", "10.0.12.2", TimeExceededCode.TtlExceeded],
  );
  assert.equal(net.events.where({ node: "r2", event: "ttl-expired" }).length, 1);
});

Deno.test("no route at a router: ICMP destination unreachable (net) from that router", () => {
  const { net, a } = twoLansTwoRouters({ seed: 1 });
  const session = ping(a, "172.16.0.1", { count: 1 });
  net.run();
  assert.deepEqual(
    [session.results[0].outcome, session.results[0].from, session.results[0].code],
    ["unreachable", "10.0.1.1", UnreachableCode.Net],
  );
});

Deno.test("no ICMP error is sent about an ICMP error, but one is about an echo request (RFC 1122 §3.2.2)", () => {
  const { r1 } = twoLansTwoRouters({ seed: 1 });
  const packet = (icmp: Uint8Array) =>
    emitIpv4({
      dscp: 0,
      ecn: 0,
      identification: 1,
      dontFragment: false,
      moreFragments: false,
      fragmentOffset: 0,
      ttl: 1,
      protocol: 1,
      source: "10.0.1.10",
      destination: "10.0.2.20",
      options: new Uint8Array(),
      payload: icmp,
    }).slice();
  const error = packet(emitIcmp({ kind: "timeExceeded", code: 0, data: new Uint8Array(28) }));
  const echo = packet(
    emitIcmp({ kind: "echoRequest", identifier: 1, sequence: 1, data: new Uint8Array(8) }),
  );
  assert.equal(r1.sendIcmpError(error, { kind: "timeExceeded", code: 0 }), false);
  assert.equal(r1.sendIcmpError(echo, { kind: "timeExceeded", code: 0 }), true);
});

Deno.test("routers rewrite both MACs at every hop while the IPs stay", () => {
  const { net, a, r1, r2 } = twoLansTwoRouters({ seed: 1 });
  ping(a, "10.0.2.20", { count: 1 });
  net.run();
  const hops = net.journey!.where({ packet: 1 });
  assert.ok(hops.every((hop) => hop.srcIp === "10.0.1.10" && hop.dstIp === "10.0.2.20"));
  const atR2 = hops.find((hop) => hop.node === "r2")!;
  assert.deepEqual([atR2.srcMac, atR2.dstMac], [
    r1.interface("eth1").mac,
    r2.interface("eth0").mac,
  ]);
  assert.deepEqual([r1.forwarded, r2.forwarded], [2, 2]);
});

Deno.test("ARP failure at a router: after 3 requests, ICMP host unreachable goes back to the source", () => {
  const { net, a } = twoLansTwoRouters({ seed: 1 });
  const session = ping(a, "10.0.2.99", { count: 1 }); // nobody has 10.0.2.99 on LAN 2
  net.run();
  const requests = net.events.where({ node: "r2", layer: "arp", event: "request" })
    .filter((e) => e.detail.endsWith("10.0.2.99"));
  assert.equal(requests.length, 3);
  assert.deepEqual(requests.map((e) => e.t - requests[0].t), [0, 1e9, 2e9]);
  assert.deepEqual(
    [session.results[0].outcome, session.results[0].from, session.results[0].code],
    ["unreachable", "10.0.12.2", UnreachableCode.Host],
  );
  assert.ok(session.results[0].rtt! > 3e9);
});
