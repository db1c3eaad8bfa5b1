/**
 * Scenarios across stack/iface, stack/net and stack/socket on chapter 1's standard
 * internetwork (two LANs joined by two routers, `twoLansTwoRouters()`):
 *
 *   a 10.0.1.10, c 10.0.1.11 ── sw1 ── r1 ══ 10.0.12.0/30 ══ r2 ── sw2 ── b 10.0.2.20
 *
 * Oracles: the journey trace (every frame at every interface), ICMP answers, and
 * Wireshark's tshark reading our pcap of the ping-across-routers scenario (needs
 * `tshark` on PATH: `apt-get install tshark`).
 */

import assert from "node:assert/strict";
import { seconds } from "@src/sim/mod.ts";
import { parseEthernet } from "@stack/wire/ethernet.ts";
import { parseIpv4 } from "@stack/wire/ipv4.ts";
import {
  type HopRow,
  network,
  ping,
  traceroute,
  type TwoLansOptions,
  twoLansTwoRouters,
} from "@stack/net/mod.ts";
import { type Datagram, udpSocket } from "@stack/socket/udp.ts";
import { assertCleanDecode, flatten, tshark } from "./_tshark.ts";

Deno.test("ping across two routers: ARP on the first ping only, TTL − 2 at the destination, MACs rewritten per hop, IPs kept", () => {
  const { net, a, b, r1, r2 } = twoLansTwoRouters({ seed: 1 });
  const session = ping(a, "10.0.2.20", { count: 3 });
  net.run({ until: seconds(4) });
  assert.deepEqual(session.results.map((r) => r.outcome), ["reply", "reply", "reply"]);
  const journey = net.journey!.rows;

  // ARP frames appear only before the first reply reaches a; pings 2 and 3 need none.
  const firstReply = session.results[0].received!;
  const arp = journey.filter((hop) => hop.etherType === "ARP");
  // Three resolutions, one per Ethernet hop that needs one: a→r1, r1→r2, r2→b. Their
  // requests are broadcast (sw1 floods a's to c and r1; sw2 floods r2's to b), replies unicast.
  const asked = [
    ...new Set(arp.filter((hop) => hop.dstMac === "ff:ff:ff:ff:ff:ff").map((hop) => hop.dstIp)),
  ];
  assert.deepEqual(asked, ["10.0.1.1", "10.0.12.2", "10.0.2.20"]);
  assert.equal(arp.length, 3 + 2 + 1 + 1 + 2 + 2, `ARP frames: ${arp.length}`);
  assert.ok(arp.every((hop) => hop.t <= firstReply));
  const laterWindow = journey.filter((hop) => hop.t > firstReply);
  assert.ok(laterWindow.length > 0 && laterWindow.every((hop) => hop.etherType === "IPv4"));
  assert.ok(session.results[1].rtt! < session.results[0].rtt!); // no ARP wait the second time

  // Requests reach b with TTL 64 − 2 (two routers), replies reach a with 64 − 2 too.
  const requests = [
    ...new Set(
      journey.filter((h) => h.dstIp === "10.0.2.20" && h.protocol === 1).map((h) => h.packet),
    ),
  ];
  assert.equal(requests.length, 3);
  for (const packet of requests) {
    const hops = journey.filter((hop) => hop.packet === packet);
    assert.deepEqual(hops.map((hop) => hop.node), ["sw1", "r1", "r2", "sw2", "b"]);
    assert.deepEqual(hops.map((hop) => hop.ttl), [64, 64, 63, 62, 62]);
    // IPs never change along the way.
    assert.ok(hops.every((hop) => hop.srcIp === "10.0.1.10" && hop.dstIp === "10.0.2.20"));
    // Each link has its own MAC pair; a switch passes the frame on unchanged.
    const pairs = hops.map((hop) => `${hop.srcMac}>${hop.dstMac}`);
    assert.equal(pairs[0], pairs[1]); // a → sw1 → r1: one Ethernet hop through the switch
    assert.equal(pairs[3], pairs[4]); // r2 → sw2 → b
    assert.equal(new Set([pairs[1], pairs[2], pairs[4]]).size, 3); // rewritten at r1 and r2
    assert.deepEqual(pairs[2], `${r1.interface("eth1").mac}>${r2.interface("eth0").mac}`);
    assert.deepEqual(pairs[4], `${r2.interface("eth1").mac}>${b.interface("eth0").mac}`);
    // The checksum changes with the TTL at every router (RFC 1624 update) and stays valid.
    assert.notEqual(hops[1].checksum, hops[2].checksum);
  }
  assert.deepEqual(session.results.map((r) => r.ttl), [62, 62, 62]);
});

Deno.test("TTL expiry: a traceroute-like loop over TTL 1..3 discovers r1, r2, then b", () => {
  const { net, a } = twoLansTwoRouters({ seed: 1 });
  const answers: [string, string | null][] = [];
  for (const ttl of [1, 2, 3]) {
    const session = ping(a, "10.0.2.20", { count: 1, ttl });
    net.run();
    answers.push([session.results[0].outcome, session.results[0].from]);
  }
  assert.deepEqual(answers, [
    ["time-exceeded", "10.0.1.1"], // r1, from its interface towards a
    ["time-exceeded", "10.0.12.2"], // r2, from its interface towards r1
    ["reply", "10.0.2.20"],
  ]);
  assert.deepEqual(net.events.where({ event: "ttl-expired" }).map((e) => e.node), ["r1", "r2"]);
  // traceroute() does the same in one call.
  const trace = traceroute(a, "10.0.2.20");
  net.run();
  assert.deepEqual(trace.results.map((r) => [r.ttl, r.from, r.outcome]), [
    [1, "10.0.1.1", "time-exceeded"],
    [2, "10.0.12.2", "time-exceeded"],
    [3, "10.0.2.20", "reply"],
  ]);
});

Deno.test("a routing loop (two routers pointing at each other) ends by TTL expiry, not a hang", () => {
  const { net, a, r1, r2 } = twoLansTwoRouters({ seed: 1 });
  r1.addRoute("10.9.0.0/16", { via: "10.0.12.2" });
  r2.addRoute("10.9.0.0/16", { via: "10.0.12.1" });
  const session = ping(a, "10.9.9.9", { count: 1 });
  const result = net.run({ maxEvents: 100_000 });
  assert.equal(result.reason, "empty");
  // 64 − 1 forwards bounce the packet between r1 and r2; TTL 1 then arrives at r2.
  const bounces = net.journey!.where({ packet: 1 }).filter((hop) =>
    hop.node === "r1" || hop.node === "r2"
  );
  assert.deepEqual(bounces.map((hop) => hop.ttl), Array.from({ length: 64 }, (_, i) => 64 - i));
  assert.deepEqual([session.results[0].outcome, session.results[0].from], [
    "time-exceeded",
    "10.0.12.2",
  ]);
  assert.deepEqual(net.events.where({ event: "ttl-expired" }).map((e) => e.node), ["r2"]);
});

Deno.test("UDP request/response from LAN 1 to LAN 2, and port unreachable for a closed port", () => {
  const { net, a, c, b } = twoLansTwoRouters({ seed: 1 });
  const server = udpSocket(b);
  server.bind({ port: 7 });
  server.onMessage((request) => server.sendto(request.data, request));
  const replies: string[] = [];
  for (const client of [udpSocket(a), udpSocket(c)]) {
    client.sendto(`from ${client.host.name}`, { address: "10.0.2.20", port: 7 });
    client.recvfrom((reply: Datagram) => replies.push(new TextDecoder().decode(reply.data)));
  }
  const stray = udpSocket(a);
  stray.sendto("nobody home", { address: "10.0.2.20", port: 8 });
  net.run();
  assert.deepEqual(replies.sort(), ["from a", "from c"]);
  assert.deepEqual(stray.errors.map((e) => [e.from, e.code, e.port]), [["10.0.2.20", 3, 8]]);
});

// A lossy, duplicating, reordering WAN: everything random comes from the seed.
function lossyRun(seed: number) {
  const options: TwoLansOptions = {
    seed,
    wan: { loss: 0.2, duplication: 0.05, reordering: 0.1, corruption: 0.02 },
  };
  const { net, a, b } = twoLansTwoRouters(options);
  const capture = net.capture(net.nodes.filter((node) => node.kind !== "switch"));
  ping(a, "10.0.2.20", { count: 20, interval: seconds(0.1) });
  const server = udpSocket(b);
  server.bind({ port: 9 });
  server.onMessage((d) => server.sendto(d.data, d));
  for (let i = 0; i < 10; i++) {
    udpSocket(a).sendto(`datagram ${i}`, { address: "10.0.2.20", port: 9 });
  }
  net.run();
  return {
    pcap: capture.pcap(),
    trace: JSON.stringify({
      journey: net.journey,
      latency: net.latency,
      events: net.events,
      rows: capture.rows,
    }),
  };
}

Deno.test("determinism: the same seed gives byte-identical pcap and trace JSON; another seed differs", () => {
  const first = lossyRun(42);
  const again = lossyRun(42);
  assert.deepEqual(again.pcap, first.pcap);
  assert.equal(again.trace, first.trace);
  const other = lossyRun(43);
  assert.notDeepEqual(other.pcap, first.pcap);
  assert.notEqual(other.trace, first.trace);
  assert.match(first.trace, /"event":"loss"/);
});

// ---- tshark oracle -------------------------------------------------------------------

Deno.test("tshark reads our capture of the ping-across-routers scenario exactly as we wrote it", async () => {
  const { net, a } = twoLansTwoRouters({ seed: 1 });
  // Every frame as received by a host or router interface: each hop of each packet.
  const capture = net.capture(net.nodes.filter((node) => node.kind !== "switch"), {
    direction: "in",
  });
  ping(a, "10.0.2.20", { count: 2 });
  const udp = udpSocket(a);
  udp.sendto("probe", { address: "10.0.2.20", port: 33434 }); // draws ICMP port unreachable
  net.run({ until: seconds(3) });
  const dir = await Deno.makeTempDir({ prefix: "stack_net_tshark_" });
  try {
    const file = `${dir}/ping.pcap`;
    await Deno.writeFile(file, capture.pcap());
    const packets = await tshark(file);
    assert.equal(packets.length, capture.frames.length);
    assert.ok(packets.length > 20);
    packets.forEach((packet, i) => {
      const fields = flatten(packet);
      const get = (key: string) => fields.get(key) ?? [];
      const where = `frame ${i + 1} (${capture.rows.rows[i].summary})`;
      assertCleanDecode(fields, where);
      // Fields equal ours: time, MACs, and for IPv4 the addresses, TTL and header checksum.
      const { t, data } = capture.frames[i];
      const ethernet = parseEthernet(data);
      assert.deepEqual(get("frame.time_epoch"), [(t / 1e9).toFixed(9)], where);
      assert.deepEqual([get("eth.src")[0], get("eth.dst")[0]], [
        ethernet.source,
        ethernet.destination,
      ], where);
      if (ethernet.etherType === 0x0800) {
        const ip = parseIpv4(ethernet.payload);
        const hop: HopRow | undefined = net.journey!.rows.find((row) =>
          row.t === t && row.node === capture.rows.rows[i].node && row.srcMac === ethernet.source
        );
        assert.equal(get("ip.src")[0], ip.source, where);
        assert.equal(get("ip.dst")[0], ip.destination, where);
        assert.equal(get("ip.ttl")[0], String(ip.ttl), where);
        assert.equal(get("ip.ttl")[0], String(hop?.ttl), where);
        assert.equal(
          get("ip.checksum")[0],
          `0x${hop!.checksum!.toString(16).padStart(4, "0")}`,
          where,
        );
        assert.equal(get("ip.checksum.status")[0], "1", where);
      }
    });
    const all = packets.map((packet) => flatten(packet));
    assert.ok(all.some((f) => f.get("icmp.type")?.includes("0"))); // echo replies
    assert.ok(all.some((f) => f.get("icmp.type")?.[0] === "3" && f.get("icmp.code")?.[0] === "3")); // port unreachable
    assert.ok(all.some((f) => f.get("arp.opcode")?.[0] === "2")); // ARP replies
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a host with two NICs routes nothing but answers on both addresses", () => {
  const net = network({ seed: 1 });
  const multi = net.addHost("multi");
  const x = net.addHost("x");
  const y = net.addHost("y");
  net.connect(x, multi, { addresses: ["10.1.0.1/24", "10.1.0.2/24"] });
  net.connect(y, multi, { addresses: ["10.2.0.1/24", "10.2.0.2/24"] });
  x.setDefaultRoute("10.1.0.2");
  const direct = ping(x, "10.1.0.2", { count: 1 });
  const otherSide = ping(x, "10.2.0.2", { count: 1 });
  const through = ping(x, "10.2.0.1", { count: 1, timeout: seconds(2) });
  net.run();
  assert.equal(direct.results[0].outcome, "reply");
  assert.deepEqual([otherSide.results[0].outcome, otherSide.results[0].from], [
    "reply",
    "10.2.0.2",
  ]);
  assert.equal(through.results[0].outcome, "timeout"); // a host does not forward
});
