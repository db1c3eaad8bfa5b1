/**
 * Scenario tests for IPv4 fragmentation, reassembly and path MTU discovery (also TCP's,
 * RFC 1191 §6.2) across the
 * simulated network (stack/wire/ipv4_fragment.ts, stack/net/reassembly.ts, host.ts,
 * router.ts), with Wireshark's tshark as the oracle: it reassembles our fragments itself
 * and decodes the ICMP "fragmentation needed" next-hop MTU (needs `tshark` on PATH:
 * `apt-get install tshark`).
 *
 * Topology (the middle link is an RFC 879-sized 576-byte MTU):
 *
 *   a 10.0.1.10 ──(MTU 1500)── r1 ──(MTU 576)── r2 ──(MTU 1500)── b 10.0.2.20
 */

import assert from "node:assert/strict";
import { seconds } from "@src/sim/mod.ts";
import {
  capture,
  emitIcmp,
  emitIpv4,
  emitUdp,
  fragmentIpv4,
  type IcmpMessage,
  IpProtocol,
  network,
  newFrameMeta,
  parseEthernet,
  parseIpv4,
  tcpStack,
  udpSocket,
} from "@stack/mod.ts";
import { assertCleanDecode, flatten, tshark } from "./_tshark.ts";

function threeLinks(seed = 1) {
  const net = network({ seed });
  const a = net.addHost("a");
  const r1 = net.addRouter("r1");
  const r2 = net.addRouter("r2");
  const b = net.addHost("b");
  net.connect(a, r1, { addresses: ["10.0.1.10/24", "10.0.1.1/24"] });
  net.connect(r1, r2, { addresses: ["10.0.12.1/30", "10.0.12.2/30"], mtu: 576 });
  net.connect(r2, b, { addresses: ["10.0.2.1/24", "10.0.2.20/24"] });
  a.setDefaultRoute("10.0.1.1");
  b.setDefaultRoute("10.0.2.1");
  r1.addRoute("10.0.2.0/24", { via: "10.0.12.2" });
  r2.addRoute("10.0.1.0/24", { via: "10.0.12.1" });
  return { net, a, r1, r2, b };
}

const text = (n: number) => new Uint8Array(n).map((_, i) => 0x41 + (i % 26));

/** A UDP datagram of `size` data bytes from a:40000 to b:9 (discard), as IP payload. */
function udpDatagram(size: number): Uint8Array {
  return emitUdp({ sourcePort: 40000, destinationPort: 9, payload: text(size) }, {
    source: "10.0.1.10",
    destination: "10.0.2.20",
  }).slice();
}

Deno.test("a 4000-byte UDP datagram crosses a 576-byte link in 8 fragments and arrives whole", async (t) => {
  const { net, a, r1, b } = threeLinks();
  const server = udpSocket(b);
  server.bind({ port: 9 });
  const got: Uint8Array[] = [];
  server.onMessage((datagram) => got.push(datagram.data));
  const atB = capture(net.sim, b.interfaces, { direction: "in" });
  // 3972 data + 8 UDP = 3980 IP payload: a 4000-byte datagram (DF clear: fragment at the source).
  const sent = a.sendIp("10.0.2.20", IpProtocol.Udp, udpDatagram(3972), { dontFragment: false });
  assert.ok(sent.ok);
  net.run({ until: seconds(1) });

  await t.step("UDP receives the 3972 bytes once", () => {
    assert.equal(got.length, 1);
    assert.deepEqual(got[0], text(3972));
    assert.equal(net.events.where({ node: "b", event: "reassembled" }).length, 1);
  });

  await t.step("the fragments at b have the offsets worked out by hand", () => {
    // a (MTU 1500): NFB = (1500 − 20)/8 = 185 → data 1480 @0, 1480 @185, 1020 @370.
    // r1 (MTU 576): NFB = (576 − 20)/8 = 69 → 552 bytes per piece:
    //   1480 @0   → 552 @0,   552 @69,  376 @138 (all MF)
    //   1480 @185 → 552 @185, 552 @254, 376 @323 (all MF)
    //   1020 @370 → 552 @370, 468 @439 (the last keeps MF 0)
    const rows = atB.frames
      .map((frame) => parseEthernet(frame.data))
      .filter((frame) => frame.etherType === 0x0800)
      .map((frame) => parseIpv4(frame.payload))
      .map((ip) => [ip.fragmentOffset, ip.payload.length, ip.moreFragments]);
    assert.deepEqual(rows, [
      [0, 552, true],
      [69, 552, true],
      [138, 376, true],
      [185, 552, true],
      [254, 552, true],
      [323, 376, true],
      [370, 552, true],
      [439, 468, false],
    ]);
    assert.equal(net.events.where({ node: "a", event: "fragmented" }).length, 1);
    assert.equal(net.events.where({ node: "r1", event: "fragmented" }).length, 3);
    assert.equal(r1.forwarded, 3);
  });

  await t.step("tshark reassembles them itself: one UDP datagram of 3980 bytes", async () => {
    const dir = await Deno.makeTempDir({ prefix: "stack_fragmentation_" });
    try {
      const file = `${dir}/fragments.pcap`;
      await Deno.writeFile(file, atB.pcap());
      // -2: two passes, so earlier fragments learn the frame they were reassembled in.
      const packets = (await tshark(file, ["-2"])).map((packet) => flatten(packet));
      const ipFrames = packets.filter((fields) => fields.has("ip.src"));
      assert.equal(ipFrames.length, 8);
      ipFrames.forEach((fields, i) => assertCleanDecode(fields, `fragment ${i + 1}`));
      assert.deepEqual(
        ipFrames.map((fields) => fields.get("ip.frag_offset")![0]),
        ["0", "69", "138", "185", "254", "323", "370", "439"],
      );
      // The first seven say where the datagram was reassembled; the last holds it.
      const last = ipFrames[7];
      const lastFrame = last.get("frame.number")![0];
      for (const fields of ipFrames.slice(0, 7)) {
        assert.deepEqual(fields.get("ip.reassembled_in"), [lastFrame]);
      }
      assert.deepEqual(last.get("ip.reassembled.length"), ["3980"]);
      assert.deepEqual(last.get("ip.fragment.count"), ["8"]);
      assert.deepEqual(last.get("udp.length"), ["3980"]);
      assert.deepEqual(last.get("udp.checksum.status"), ["1"]);
      assert.deepEqual(last.get("data.len"), ["3972"]);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  });
});

Deno.test("DF set: r1 answers ICMP fragmentation needed with next-hop MTU 576 (RFC 1191 §4)", async () => {
  const { net, a } = threeLinks();
  const messages: IcmpMessage[] = [];
  a.onIcmp((message) => messages.push(message));
  const atA = capture(net.sim, a.interfaces, { direction: "in" });
  assert.equal(a.pathMtu("10.0.2.20"), 1500);
  a.sendIp("10.0.2.20", IpProtocol.Udp, udpDatagram(992)); // 1020 bytes, DF by default
  net.run({ until: seconds(1) });
  assert.equal(messages.length, 1);
  const { icmp, quoted, packet } = messages[0];
  assert.equal(packet.repr.source, "10.0.1.1"); // r1's address towards a
  assert.deepEqual(
    icmp.kind === "destinationUnreachable" && [icmp.code, icmp.nextHopMtu],
    [4, 576],
  );
  assert.equal(quoted?.destination, "10.0.2.20");
  assert.equal(a.pathMtu("10.0.2.20"), 576); // RFC 1191 §3: the cache drops
  assert.equal(net.events.where({ node: "r1", event: "fragmentation-needed" }).length, 1);
  // A DF packet over the interface MTU is refused at the source (EMSGSIZE).
  assert.throws(
    () => a.sendIp("10.0.2.20", IpProtocol.Udp, new Uint8Array(1481)),
    /1500-byte MTU of eth0 and DF forbids fragmenting it \(EMSGSIZE\)/,
  );

  const dir = await Deno.makeTempDir({ prefix: "stack_fragmentation_" });
  try {
    const file = `${dir}/frag_needed.pcap`;
    await Deno.writeFile(file, atA.pcap());
    const packets = (await tshark(file)).map((packet) => flatten(packet));
    const errors = packets.filter((fields) => fields.get("icmp.type")?.[0] === "3");
    assert.equal(errors.length, 1);
    assertCleanDecode(errors[0], "ICMP fragmentation needed");
    assert.deepEqual(errors[0].get("icmp.code"), ["4"]);
    assert.deepEqual(errors[0].get("icmp.mtu"), ["576"]);
    assert.deepEqual(errors[0].get("icmp.checksum.status"), ["1"]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a lost fragment: after 30 s b sends ICMP time exceeded code 1, quoting the first", () => {
  const { net, a, r1, b } = threeLinks();
  const messages: IcmpMessage[] = [];
  a.onIcmp((message) => messages.push(message));
  const received: number[] = [];
  b.onProtocol(IpProtocol.Udp, (packet) => received.push(packet.repr.payload.length));
  const datagram = (identification: number) =>
    emitIpv4({
      dscp: 0,
      ecn: 0,
      identification,
      dontFragment: false,
      moreFragments: false,
      fragmentOffset: 0,
      ttl: 64,
      protocol: IpProtocol.Udp,
      source: "10.0.1.10",
      destination: "10.0.2.20",
      options: new Uint8Array(),
      payload: udpDatagram(2000),
    }).slice();
  const withFirst = fragmentIpv4(datagram(100), 1500); // 2 fragments
  const withoutFirst = fragmentIpv4(datagram(101), 1500);
  // Hand-made frames straight onto a's cable to r1 (a learns r1's MAC by hand).
  const inject = (bytes: Uint8Array) =>
    a.interfaces[0].sendFrame(
      { destination: r1.interfaces[0].mac, etherType: 0x0800, payload: bytes },
      newFrameMeta(0, net.sim.now),
    );
  inject(withFirst[0]); // the second fragment is "lost"
  inject(withoutFirst[1]); // the first fragment is "lost"
  net.run({ until: seconds(29) });
  assert.equal(messages.length, 0);
  net.run({ until: seconds(40) });
  assert.deepEqual(received, []);
  assert.equal(net.events.where({ node: "b", event: "reassembly-timeout" }).length, 2);
  // Only the datagram whose first fragment arrived can be reported (RFC 792, RFC 1122 §3.3.2).
  assert.equal(messages.length, 1);
  const { icmp, quoted, packet } = messages[0];
  assert.deepEqual(icmp.kind === "timeExceeded" && icmp.code, 1);
  assert.equal(packet.repr.source, "10.0.2.20");
  assert.equal(quoted?.identification, 100);
  assert.equal(messages[0].packet.meta.created >= seconds(30), true);
});

Deno.test("the same seed gives the same fragments and events", () => {
  const run = () => {
    const { net, a } = threeLinks(7);
    const cap = capture(net.sim, a.interfaces.concat(), { direction: "out" });
    a.sendIp("10.0.2.20", IpProtocol.Udp, udpDatagram(5000), { dontFragment: false });
    net.run({ until: seconds(1) });
    return { pcap: cap.pcap(), events: JSON.stringify(net.events.rows) };
  };
  assert.deepEqual(run(), run());
});

Deno.test("TCP path MTU discovery: the MSS drops to 576 − 52 and the segment is resent at once", () => {
  const { net, a, b } = threeLinks();
  const received: Uint8Array[] = [];
  tcpStack(b).listen(9, {
    onAccept: (server) => server.onReadable(() => received.push(server.recv())),
  });
  const client = tcpStack(a).connect("10.0.2.20", 9);
  const data = text(20_000);
  client.send(data);
  net.run({ until: seconds(5) });
  const tcb = client.connection.tcb;
  // Timestamps are on (Linux default), so 12 option bytes ride in every segment:
  // MSS = 576 − 20 (IP) − 20 (TCP) − 12 = 524 (before: 1460 − 12 = 1448).
  assert.equal(tcb.tsOk, true);
  assert.equal(tcb.mss, 524);
  assert.equal(a.pathMtu("10.0.2.20"), 576);
  const all = new Uint8Array(received.reduce((n, chunk) => n + chunk.length, 0));
  received.reduce((at, chunk) => (all.set(chunk, at), at + chunk.length), 0);
  assert.deepEqual(all, data);
  // Resent at once on the ICMP message, not after a retransmission timeout.
  assert.equal(client.connection.stats.timeouts, 0);
  assert.ok(client.connection.stats.retransmissions >= 1);
  assert.ok(tcpStack(a).icmpErrors.some((e) => e.code === 4));
  assert.equal(net.events.where({ node: "r1", event: "fragmentation-needed" }).length >= 1, true);
  // Nothing was fragmented: TCP's segments carry DF.
  assert.equal(net.events.where({ event: "fragmented" }).length, 0);
});

Deno.test("a switch does not fragment: a link refuses frames over its MTU (counted tooBig)", () => {
  const net = network({ seed: 1 });
  const a = net.addHost("a");
  const b = net.addHost("b");
  const sw = net.addSwitch("sw");
  net.connect(a, sw, { addresses: ["10.0.0.1/24"] });
  const narrow = net.connect(sw, b, { addresses: [null, "10.0.0.2/24"], mtu: 576 });
  const got: number[] = [];
  b.onProtocol(253, (packet) => got.push(packet.repr.payload.length));
  a.sendIp("10.0.0.2", 253, new Uint8Array(100));
  a.sendIp("10.0.0.2", 253, new Uint8Array(1000), { dontFragment: false }); // a's MTU is 1500
  net.run({ until: seconds(1) });
  assert.deepEqual(got, [100]);
  assert.equal(narrow.counters.tooBig, 1);
  assert.equal(net.events.where({ node: "sw", event: "too-big" }).length, 1);
});

Deno.test("a 3000-byte echo request sent in fragments is answered in fragments", () => {
  const { net, a } = threeLinks();
  const replies: number[] = [];
  a.onIcmp(({ icmp }) => icmp.kind === "echoReply" && replies.push(icmp.data.length));
  const echo = emitIcmp({
    kind: "echoRequest",
    identifier: 1,
    sequence: 1,
    data: text(3000),
  }).slice();
  a.sendIp("10.0.2.20", IpProtocol.Icmp, echo, { dontFragment: false });
  net.run({ until: seconds(1) });
  assert.deepEqual(replies, [3000]);
  assert.equal(net.events.where({ node: "b", event: "fragmented" }).length, 1); // b's reply
  assert.equal(net.events.where({ node: "a", event: "reassembled" }).length, 1);
});

Deno.test("a UDP socket sends a datagram larger than the path MTU in fragments, a small one with DF", () => {
  const { net, a, b } = threeLinks();
  const server = udpSocket(b);
  server.bind({ port: 9000 });
  const got: number[] = [];
  server.onMessage((datagram) => got.push(datagram.data.length));
  const atB = capture(net.sim, b.interfaces, { direction: "in" });
  const client = udpSocket(a);
  client.sendto(new Uint8Array(4000).fill(7), { address: "10.0.2.20", port: 9000 });
  client.sendto(new Uint8Array(100), { address: "10.0.2.20", port: 9000 });
  net.run();
  // Linux's IP_PMTUDISC_WANT (ip(7)): the 4000-byte datagram leaves a in fragments (DF
  // clear) and r1 fragments them again for the 576-byte link; the 100-byte one keeps DF.
  assert.deepEqual(got, [4000, 100]);
  const packets = atB.frames
    .map((frame) => parseEthernet(frame.data))
    .filter((frame) => frame.etherType === 0x0800) // not ARP
    .map((frame) => parseIpv4(frame.payload));
  const big = packets.filter((p) => p.moreFragments || p.fragmentOffset > 0);
  assert.ok(big.length >= 8, `${big.length} fragments`);
  assert.ok(big.every((p) => !p.dontFragment));
  const small = packets.find((p) => !p.moreFragments && p.fragmentOffset === 0);
  assert.equal(small?.dontFragment, true);
});
