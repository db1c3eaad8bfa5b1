/**
 * The chapter's capstone: an HTTP request encapsulated down the stack at host a
 * (10.0.1.10), carried across LAN 1, the r1–r2 WAN and LAN 2, and up the stack at the
 * server b (10.0.2.20); the response back the same way, byte-exact.
 *
 *   a ── sw1 ── r1 ══ r2 ── sw2 ── b        capture on every interface, both directions
 *
 * What is checked, and against what:
 * - the body the client reads equals, byte for byte, the page the server's route returns;
 * - per hop (the network's journey trace): the IP addresses stay, the MACs change at each
 *   router to that link's two ends, the TTL drops by one per router;
 * - the same request at every hop (`encapsulationJourney`): same HTTP line, same TCP
 *   sequence number, down the stack at a and up the stack at b;
 * - Wireshark's tshark (an oracle independent of our code) reads the pcap of r1's WAN
 *   interface with every checksum verified: nothing malformed, no bad checksum, no expert
 *   warning; it decodes `GET /index.html` and `200`, one TCP stream, and the raw sequence
 *   and acknowledgment numbers we wrote.
 *
 * Needs tshark on PATH (Debian: `apt-get install tshark`); without it the tshark test fails.
 */

import assert from "node:assert/strict";
import { type Capture, type HopRow, type Network, twoLansTwoRouters } from "@stack/net/mod.ts";
import { parseEthernet, parseIpv4, parseTcp } from "@stack/wire/mod.ts";
import { encapsulationJourney, httpGet, httpServer } from "@stack/app/mod.ts";
import { assertCleanDecode, flatten, tshark } from "./_tshark.ts";

/** A page long enough to need several segments (MSS 1448 with timestamps). */
const PAGE = "<!doctype html>\n<title>StackLab</title>\n" +
  Array.from({ length: 120 }, (_, i) => `<p>line ${i}: how computers cooperate</p>\n`).join("");

interface Scenario {
  net: Network;
  all: Capture;
  wan: Capture;
  fetch: ReturnType<typeof httpGet>;
  served: string;
}

function scenario(seed = 1): Scenario {
  const { net, a, b, r1 } = twoLansTwoRouters({ seed });
  const all = net.capture(net.nodes); // every interface, both directions
  const wan = net.capture(r1.interface("eth1")); // r1's side of the WAN link
  httpServer(b, { routes: { "/index.html": () => PAGE } });
  const fetch = httpGet(a, "http://10.0.2.20/index.html");
  net.run();
  return { net, all, wan, fetch, served: PAGE };
}

Deno.test("the response body arrives byte-exact across two routers", () => {
  const { fetch, served } = scenario();
  assert.equal(fetch.error, null);
  assert.equal(fetch.response?.status, 200);
  assert.deepEqual(fetch.response?.body, new TextEncoder().encode(served));
  assert.ok(served.length > 3 * 1448, "the page spans several segments");
  assert.deepEqual(fetch.timing.map((row) => row.event), [
    "start",
    "connected",
    "request-sent",
    "first-byte",
    "response",
    "closed",
  ]);
});

Deno.test("per hop the MACs change while the IPs stay and the TTL decrements", () => {
  const { net, all, fetch } = scenario();
  const mac = (node: string, iface: string) => {
    const found = net.node(node);
    return found.kind === "switch" ? "" : found.interface(iface).mac;
  };
  const aMac = mac("a", "eth0"), bMac = mac("b", "eth0");
  const r1Lan = mac("r1", "eth0"), r1Wan = mac("r1", "eth1");
  const r2Wan = mac("r2", "eth0"), r2Lan = mac("r2", "eth1");
  // Every TCP packet from a to b, hop by hop, from the network's journey trace.
  const journey = net.journey!.rows.filter((row) =>
    row.protocol === 6 && row.srcIp === "10.0.1.10" && row.dstIp === "10.0.2.20"
  );
  const byPacket = new Map<number, HopRow[]>();
  for (const row of journey) byPacket.set(row.packet, [...byPacket.get(row.packet) ?? [], row]);
  assert.ok(byPacket.size >= 4, "SYN, ACK, request, ACKs, FIN");
  for (const [packet, hops] of byPacket) {
    assert.deepEqual(
      hops.map((row) => [row.node, row.srcMac, row.dstMac, row.srcIp, row.dstIp, row.ttl]),
      [
        ["sw1", aMac, r1Lan, "10.0.1.10", "10.0.2.20", 64],
        ["r1", aMac, r1Lan, "10.0.1.10", "10.0.2.20", 64],
        ["r2", r1Wan, r2Wan, "10.0.1.10", "10.0.2.20", 63],
        ["sw2", r2Lan, bMac, "10.0.1.10", "10.0.2.20", 62],
        ["b", r2Lan, bMac, "10.0.1.10", "10.0.2.20", 62],
      ],
      `packet ${packet}`,
    );
  }
  // The GET itself, at every interface it crossed: same HTTP line and TCP sequence
  // number, sent from the application layer at a and read up to it at b.
  const get = encapsulationJourney(net, all).filter((row) =>
    row.httpLine === "GET /index.html HTTP/1.1"
  );
  assert.deepEqual(
    get.map((row) => `${row.node}/${row.dir}/${row.layer}/${row.ttl}`),
    [
      "a/out/application/64",
      "sw1/in/link/64",
      "sw1/out/link/64",
      "r1/in/network/64",
      "r1/out/network/63",
      "r2/in/network/63",
      "r2/out/network/62",
      "sw2/in/link/62",
      "sw2/out/link/62",
      "b/in/application/62",
    ],
  );
  assert.equal(new Set(get.map((row) => row.tcpSeq)).size, 1);
  assert.equal(new Set(get.map((row) => `${row.srcIp}>${row.dstIp}`)).size, 1);
  assert.equal(new Set(get.map((row) => `${row.srcMac}>${row.dstMac}`)).size, 3); // 3 links' pairs
  assert.equal(get[0].srcPort, fetch.socket.localPort);
});

Deno.test("the same seed gives the same capture, byte for byte", () => {
  assert.deepEqual(scenario(5).all.pcap(), scenario(5).all.pcap());
});

// ---- tshark oracle -------------------------------------------------------------------

Deno.test("tshark decodes the WAN capture: GET, 200, checksums good, our seq/ack", async () => {
  const { wan } = scenario();
  const dir = await Deno.makeTempDir({ prefix: "stack_http_tshark_" });
  try {
    const file = `${dir}/wan.pcap`;
    await Deno.writeFile(file, wan.pcap());
    const packets = (await tshark(file, ["-o", "tcp.relative_sequence_numbers:FALSE"])).map((
      packet,
    ) => flatten(packet));
    assert.equal(packets.length, wan.frames.length);
    let tcpFrames = 0;
    packets.forEach((fields, i) => {
      const get = (key: string) => fields.get(key) ?? [];
      const where = `frame ${i + 1} (${wan.rows.rows[i].summary})`;
      assertCleanDecode(fields, where);
      const ethernet = parseEthernet(wan.frames[i].data);
      if (ethernet.etherType !== 0x0800) return;
      const ip = parseIpv4(ethernet.payload);
      if (ip.protocol !== 6) return;
      tcpFrames++;
      const tcp = parseTcp(ip.payload, ip);
      assert.equal(get("ip.checksum.status")[0], "1", where);
      assert.equal(get("tcp.checksum.status")[0], "1", where);
      assert.equal(get("tcp.srcport")[0], String(tcp.sourcePort), where);
      assert.equal(get("tcp.dstport")[0], String(tcp.destinationPort), where);
      assert.equal(get("tcp.seq")[0], String(tcp.sequenceNumber), where);
      if (tcp.flags.ack) assert.equal(get("tcp.ack")[0], String(tcp.acknowledgmentNumber), where);
      assert.equal(get("tcp.len")[0], String(tcp.payload.length), where);
      assert.equal(get("tcp.stream")[0], "0", `${where}: one connection`);
    });
    assert.ok(tcpFrames >= 10);
    const all = (key: string) => packets.flatMap((fields) => fields.get(key) ?? []);
    assert.deepEqual(all("http.request.method"), ["GET"]);
    assert.deepEqual(all("http.request.uri"), ["/index.html"]);
    assert.deepEqual(all("http.response.code"), ["200"]);
    assert.deepEqual(all("http.content_length_header"), [String(PAGE.length)]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
