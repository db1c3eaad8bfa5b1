/**
 * Oracle test for `stack/wire`: frames built by our emitters are written to a pcap with
 * our writer, decoded by Wireshark's `tshark`, and tshark's reading must equal ours:
 * addresses, ports, sequence numbers, flags, options, HTTP method and URI, timestamps,
 * and "checksum good" for every IPv4, ICMP, UDP and TCP checksum (and the Ethernet FCS),
 * with no malformed packets and no expert warnings. A deliberately broken frame checks
 * that tshark would have noticed.
 *
 * Needs tshark on PATH (Debian: `apt-get install tshark`); without it the test fails.
 */

import assert from "node:assert/strict";
import * as wire from "@stack/wire/mod.ts";
import { CHECKSUM_BAD, CHECKSUM_GOOD, EXPERT_WARN, flatten, tshark } from "./_tshark.ts";

// Wireshark's proto_checksum_enum_e: 0 bad, 1 good, 2 unverified, 3 not present, 4 illegal.
// Expert severities (epan/proto.h): chat 0x00200000, note 0x00400000, warn 0x00600000, error 0x00800000.

const A = { mac: "02:00:00:00:00:01", ip: "10.0.0.1" };
const B = { mac: "02:00:00:00:00:02", ip: "10.0.0.2" };
const SERVER = { mac: "02:00:00:00:00:03", ip: "10.0.1.2" };
const ROUTER = { mac: "02:00:00:00:00:fe", ip: "10.0.0.254" };
const text = (s: string) => new TextEncoder().encode(s);

function ipv4(
  source: string,
  destination: string,
  protocol: number,
  payload: Uint8Array,
  extra: Partial<wire.Ipv4Repr> = {},
) {
  return wire.emitIpv4({
    dscp: 0,
    ecn: 0,
    identification: 0x1000,
    dontFragment: true,
    moreFragments: false,
    fragmentOffset: 0,
    ttl: 64,
    protocol,
    source,
    destination,
    options: new Uint8Array(),
    payload,
    ...extra,
  });
}

function ethernet(
  source: string,
  destination: string,
  etherType: number,
  payload: Uint8Array,
  fcs = false,
) {
  return wire.emitEthernet({ source, destination, etherType, payload }, { fcs });
}

function tcp(from: { ip: string }, to: { ip: string }, repr: Partial<wire.TcpRepr>) {
  return wire.emitTcp({
    sourcePort: 43210,
    destinationPort: 80,
    sequenceNumber: 0,
    acknowledgmentNumber: 0,
    flags: wire.tcpFlags(),
    window: 65535,
    urgentPointer: 0,
    options: [],
    payload: new Uint8Array(),
    ...repr,
  }, { source: from.ip, destination: to.ip });
}

// A traceroute probe and the first 28 bytes of it, as quoted by ICMP errors (RFC 792).
const probe = ipv4(
  A.ip,
  "10.0.2.9",
  wire.IpProtocol.Udp,
  wire.emitUdp({ sourcePort: 33434, destinationPort: 33435, payload: text("probe") }, {
    source: A.ip,
    destination: "10.0.2.9",
  }),
  { ttl: 1, dontFragment: false },
);
const quoted = probe.subarray(0, 28);
const httpRequest = wire.emitHttp({
  kind: "request",
  method: "GET",
  target: "/index.html",
  version: "HTTP/1.1",
  headers: [["Host", SERVER.ip], ["User-Agent", "stacklab"]],
  body: new Uint8Array(),
});
const httpResponse = wire.emitHttp({
  kind: "response",
  version: "HTTP/1.1",
  status: 200,
  reason: "OK",
  headers: [["Content-Type", "text/plain"], ["Content-Length", "13"]],
  body: text("hello, world\n"),
});

/** Every frame type, with what tshark must report: key → expected value(s) in its JSON. */
const FRAMES: {
  name: string;
  frame: Uint8Array;
  protocols: string;
  expect: Record<string, string | string[]>;
}[] = [
  {
    name: "ARP request",
    frame: ethernet(
      A.mac,
      wire.MAC_BROADCAST,
      wire.EtherType.Arp,
      wire.emitArp({
        operation: 1,
        senderMac: A.mac,
        senderIp: A.ip,
        targetMac: "00:00:00:00:00:00",
        targetIp: B.ip,
      }),
    ),
    protocols: "eth:ethertype:arp",
    expect: {
      "eth.src": A.mac,
      "eth.dst": wire.MAC_BROADCAST,
      "eth.type": "0x0806",
      "arp.opcode": "1",
      "arp.src.hw_mac": A.mac,
      "arp.src.proto_ipv4": A.ip,
      "arp.dst.proto_ipv4": B.ip,
      "eth.padding": "00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00",
    },
  },
  {
    name: "ARP reply",
    frame: ethernet(
      B.mac,
      A.mac,
      wire.EtherType.Arp,
      wire.emitArp({
        operation: 2,
        senderMac: B.mac,
        senderIp: B.ip,
        targetMac: A.mac,
        targetIp: A.ip,
      }),
    ),
    protocols: "eth:ethertype:arp",
    expect: {
      "arp.opcode": "2",
      "arp.src.hw_mac": B.mac,
      "arp.src.proto_ipv4": B.ip,
      "arp.dst.hw_mac": A.mac,
      "arp.dst.proto_ipv4": A.ip,
    },
  },
  {
    name: "ICMP echo request",
    frame: ethernet(
      A.mac,
      B.mac,
      wire.EtherType.Ipv4,
      ipv4(
        A.ip,
        B.ip,
        wire.IpProtocol.Icmp,
        wire.emitIcmp({
          kind: "echoRequest",
          identifier: 0x42,
          sequence: 1,
          data: text("stacklab-ping!!!"),
        }),
      ),
    ),
    protocols: "eth:ethertype:ip:icmp:data",
    expect: {
      "ip.src": A.ip,
      "ip.dst": B.ip,
      "ip.ttl": "64",
      "ip.proto": "1",
      "ip.flags.df": "1",
      "icmp.type": "8",
      "icmp.code": "0",
      "icmp.ident": "66",
      "icmp.seq": "1",
      "icmp.checksum.status": CHECKSUM_GOOD,
    },
  },
  {
    name: "ICMP echo reply",
    frame: ethernet(
      B.mac,
      A.mac,
      wire.EtherType.Ipv4,
      ipv4(
        B.ip,
        A.ip,
        wire.IpProtocol.Icmp,
        wire.emitIcmp({
          kind: "echoReply",
          identifier: 0x42,
          sequence: 1,
          data: text("stacklab-ping!!!"),
        }),
      ),
    ),
    protocols: "eth:ethertype:ip:icmp:data",
    expect: {
      "icmp.type": "0",
      "icmp.ident": "66",
      "icmp.seq": "1",
      "icmp.checksum.status": CHECKSUM_GOOD,
    },
  },
  {
    name: "ICMP time exceeded",
    frame: ethernet(
      ROUTER.mac,
      A.mac,
      wire.EtherType.Ipv4,
      ipv4(
        ROUTER.ip,
        A.ip,
        wire.IpProtocol.Icmp,
        wire.emitIcmp({ kind: "timeExceeded", code: 0, data: quoted }),
        { dontFragment: false },
      ),
    ),
    protocols: "eth:ethertype:ip:icmp:ip:udp",
    expect: {
      "icmp.type": "11",
      "icmp.code": "0",
      "icmp.checksum.status": CHECKSUM_GOOD,
      "ip.dst": ["10.0.0.1", "10.0.2.9"],
      "udp.dstport": "33435",
    },
  },
  {
    name: "ICMP port unreachable",
    frame: ethernet(
      B.mac,
      A.mac,
      wire.EtherType.Ipv4,
      ipv4(
        B.ip,
        A.ip,
        wire.IpProtocol.Icmp,
        wire.emitIcmp({ kind: "destinationUnreachable", code: 3, nextHopMtu: 0, data: quoted }),
      ),
    ),
    protocols: "eth:ethertype:ip:icmp:ip:udp",
    expect: {
      "icmp.type": "3",
      "icmp.code": "3",
      "icmp.checksum.status": CHECKSUM_GOOD,
      "udp.srcport": "33434",
    },
  },
  {
    name: "UDP datagram",
    frame: ethernet(
      A.mac,
      B.mac,
      wire.EtherType.Ipv4,
      ipv4(
        A.ip,
        B.ip,
        wire.IpProtocol.Udp,
        wire.emitUdp({ sourcePort: 33333, destinationPort: 44444, payload: text("hello, udp") }, {
          source: A.ip,
          destination: B.ip,
        }),
      ),
    ),
    protocols: "eth:ethertype:ip:udp:data",
    expect: {
      "udp.srcport": "33333",
      "udp.dstport": "44444",
      "udp.length": "18",
      "udp.checksum.status": CHECKSUM_GOOD,
      "ip.checksum.status": CHECKSUM_GOOD,
    },
  },
  {
    name: "IPv4 with options (Router Alert) carrying UDP",
    frame: ethernet(
      A.mac,
      B.mac,
      wire.EtherType.Ipv4,
      ipv4(
        A.ip,
        B.ip,
        wire.IpProtocol.Udp,
        wire.emitUdp({ sourcePort: 33333, destinationPort: 44445, payload: text("ra") }, {
          source: A.ip,
          destination: B.ip,
        }),
        { options: new Uint8Array([148, 4, 0, 0]), ttl: 1 },
      ),
    ),
    protocols: "eth:ethertype:ip:udp:data",
    expect: {
      "ip.hdr_len": "24",
      "ip.opt.type": "148",
      "ip.opt.ra": "0",
      "ip.checksum.status": CHECKSUM_GOOD,
      "udp.checksum.status": CHECKSUM_GOOD,
    },
  },
  {
    name: "TCP SYN with every option",
    frame: ethernet(
      A.mac,
      SERVER.mac,
      wire.EtherType.Ipv4,
      ipv4(
        A.ip,
        SERVER.ip,
        wire.IpProtocol.Tcp,
        tcp(A, SERVER, {
          sequenceNumber: 1000,
          flags: wire.tcpFlags({ syn: true }),
          options: [
            { kind: "mss", value: 1460 },
            { kind: "sackPermitted" },
            { kind: "timestamps", value: 12345, echoReply: 0 },
            { kind: "nop" },
            { kind: "windowScale", shift: 7 },
          ],
        }),
      ),
    ),
    protocols: "eth:ethertype:ip:tcp",
    expect: {
      "tcp.srcport": "43210",
      "tcp.dstport": "80",
      "tcp.seq_raw": "1000",
      "tcp.flags": "0x0002",
      "tcp.hdr_len": "40",
      "tcp.options.mss_val": "1460",
      "tcp.options.sack_perm": "04:02",
      "tcp.options.timestamp.tsval": "12345",
      "tcp.options.timestamp.tsecr": "0",
      "tcp.options.wscale.shift": "7",
      "tcp.checksum.status": CHECKSUM_GOOD,
    },
  },
  {
    name: "TCP ACK with SACK blocks and ECN flags",
    frame: ethernet(
      A.mac,
      SERVER.mac,
      wire.EtherType.Ipv4,
      ipv4(
        A.ip,
        SERVER.ip,
        wire.IpProtocol.Tcp,
        tcp(A, SERVER, {
          sequenceNumber: 1001,
          acknowledgmentNumber: 5001,
          flags: wire.tcpFlags({ ack: true, ece: true, cwr: true }),
          window: 502,
          options: [{ kind: "nop" }, { kind: "nop" }, {
            kind: "sack",
            blocks: [{ left: 6001, right: 7001 }, { left: 8001, right: 9001 }],
          }],
        }),
      ),
    ),
    protocols: "eth:ethertype:ip:tcp",
    expect: {
      "tcp.flags": "0x00d0",
      "tcp.flags.ece": "1",
      "tcp.flags.cwr": "1",
      "tcp.ack_raw": "5001",
      "tcp.options.sack.count": "2",
      "tcp.checksum.status": CHECKSUM_GOOD,
    },
  },
  {
    name: "TCP data carrying an HTTP request",
    frame: ethernet(
      A.mac,
      SERVER.mac,
      wire.EtherType.Ipv4,
      ipv4(
        A.ip,
        SERVER.ip,
        wire.IpProtocol.Tcp,
        tcp(A, SERVER, {
          sequenceNumber: 1001,
          acknowledgmentNumber: 5001,
          flags: wire.tcpFlags({ psh: true, ack: true }),
          window: 502,
          payload: httpRequest,
        }),
      ),
    ),
    protocols: "eth:ethertype:ip:tcp:http",
    expect: {
      "tcp.seq_raw": "1001",
      "tcp.ack_raw": "5001",
      "tcp.flags": "0x0018",
      "tcp.len": String(httpRequest.length),
      "http.request.method": "GET",
      "http.request.uri": "/index.html",
      "http.host": SERVER.ip,
      "http.user_agent": "stacklab",
      "tcp.checksum.status": CHECKSUM_GOOD,
    },
  },
  {
    name: "TCP data carrying an HTTP response",
    frame: ethernet(
      SERVER.mac,
      A.mac,
      wire.EtherType.Ipv4,
      ipv4(
        SERVER.ip,
        A.ip,
        wire.IpProtocol.Tcp,
        wire.emitTcp({
          sourcePort: 80,
          destinationPort: 43210,
          sequenceNumber: 5001,
          acknowledgmentNumber: 1001 + httpRequest.length,
          flags: wire.tcpFlags({ psh: true, ack: true }),
          window: 509,
          urgentPointer: 0,
          options: [],
          payload: httpResponse,
        }, { source: SERVER.ip, destination: A.ip }),
      ),
    ),
    protocols: "eth:ethertype:ip:tcp:http:data-text-lines",
    expect: {
      "tcp.srcport": "80",
      "tcp.seq_raw": "5001",
      "http.response.code": "200",
      "http.response.phrase": "OK",
      "http.content_length_header": "13",
      "tcp.checksum.status": CHECKSUM_GOOD,
    },
  },
];

function problems(fields: Map<string, string[]>): string[] {
  const found: string[] = [];
  if (fields.has("_ws.malformed")) found.push("malformed packet");
  const severities = fields.get("_ws.expert.severity") ?? [];
  const messages = fields.get("_ws.expert.message") ?? [];
  severities.forEach((severity, i) => {
    if (Number(severity) >= EXPERT_WARN) found.push(`expert ${severity}: ${messages[i]}`);
  });
  for (const [key, values] of fields) {
    if (key.endsWith("checksum.status") && values.includes(CHECKSUM_BAD)) found.push(`${key} bad`);
  }
  return found;
}

Deno.test("tshark reads every frame type exactly as stack/wire wrote it", async (t) => {
  const dir = await Deno.makeTempDir({ prefix: "wire_tshark_" });
  try {
    const file = `${dir}/frames.pcap`;
    // One millisecond apart, from simulated time 0 (1970-01-01T00:00:00Z).
    await Deno.writeFile(
      file,
      wire.emitPcap(FRAMES.map((f, i) => ({ timestampNs: i * 1_000_000, data: f.frame }))),
    );
    const packets = await tshark(file);
    assert.equal(packets.length, FRAMES.length);

    for (const [i, { name, frame, protocols, expect }] of FRAMES.entries()) {
      await t.step(name, () => {
        const fields = flatten(packets[i]);
        const get = (key: string) => fields.get(key) ?? [];
        assert.deepEqual(get("frame.protocols"), [protocols]);
        assert.deepEqual(get("frame.time_epoch"), [`0.${String(i).padStart(3, "0")}000000`]);
        assert.deepEqual(get("frame.len"), [String(frame.length)]);
        for (const [key, value] of Object.entries(expect)) {
          assert.deepEqual(get(key), Array.isArray(value) ? value : [value], `${name}: ${key}`);
        }
        assert.deepEqual(problems(fields), [], name);

        // Our own dissection of the same bytes agrees with tshark's on the outer fields.
        const ours = wire.dissect(frame);
        assert.deepEqual(ours.errors, [], name);
        const row = (layer: string, field: string) =>
          ours.rows.find((r) => r.layer === layer && r.field === field)?.value;
        assert.equal(row("Ethernet", "source"), get("eth.src")[0]);
        if (get("ip.src").length > 0) {
          assert.equal(row("IPv4", "source"), get("ip.src")[0]);
          assert.equal(row("IPv4", "destination"), get("ip.dst")[0]);
          assert.equal(String(row("IPv4", "ttl")), get("ip.ttl")[0]);
          assert.equal(get("ip.checksum.status")[0], CHECKSUM_GOOD);
        }
        if (get("tcp.srcport").length > 0) {
          assert.equal(String(row("TCP", "sourcePort")), get("tcp.srcport")[0]);
          assert.equal(String(row("TCP", "sequenceNumber")), get("tcp.seq_raw")[0]);
          assert.equal(String(row("TCP", "acknowledgmentNumber")), get("tcp.ack_raw")[0]);
          assert.equal(row("TCP", "flags.syn"), get("tcp.flags.syn")[0] === "1");
          assert.equal(row("TCP", "flags.ack"), get("tcp.flags.ack")[0] === "1");
        }
        if (get("udp.srcport").length > 0 && !protocols.includes("icmp")) {
          assert.equal(String(row("UDP", "destinationPort")), get("udp.dstport")[0]);
        }
        if (get("http.request.method").length > 0) {
          const http = ours.layers.find((l) => l.layer === "HTTP")!;
          assert.equal(
            http.fields[0].value,
            `${get("http.request.method")[0]} ${get("http.request.uri")[0]} HTTP/1.1`,
          );
        }
      });
    }

    await t.step("Ethernet frames with a frame check sequence", async () => {
      const fcsFile = `${dir}/fcs.pcap`;
      const frames = FRAMES.slice(0, 4).map((f) =>
        wire.emitEthernet(wire.parseEthernet(f.frame), { fcs: true })
      );
      await Deno.writeFile(
        fcsFile,
        wire.emitPcap(frames.map((data, i) => ({ timestampNs: i, data })), { fcsLength: 4 }),
      );
      const fcsPackets = await tshark(fcsFile, ["-o", "eth.check_fcs:TRUE"]);
      for (const [i, packet] of fcsPackets.entries()) {
        const fields = flatten(packet);
        // We send the CRC least significant byte first (IEEE 802.3 §3.2.9); tshark shows
        // the 4 bytes in wire order, i.e. our crc32() byte-reversed.
        const crc = wire.crc32(frames[i], { end: frames[i].length - 4 });
        const wireOrder =
          ((crc & 0xff) << 24 | (crc & 0xff00) << 8 | (crc >>> 8) & 0xff00 | crc >>> 24) >>> 0;
        assert.deepEqual(fields.get("eth.fcs"), [`0x${wireOrder.toString(16).padStart(8, "0")}`]);
        assert.deepEqual(fields.get("eth.fcs.status"), [CHECKSUM_GOOD]);
        assert.deepEqual(problems(fields), []);
      }
    });

    await t.step("control: tshark does flag a frame whose checksums we broke", async () => {
      const broken = FRAMES[8].frame.slice(); // the SYN
      broken[22] ^= 0x01; // IPv4 TTL 64 -> 65, IPv4 checksum now wrong
      broken[49] ^= 0x01; // TCP window, TCP checksum now wrong
      const badFile = `${dir}/bad.pcap`;
      await Deno.writeFile(badFile, wire.emitPcap([{ timestampNs: 0, data: broken }]));
      const fields = flatten((await tshark(badFile))[0]);
      assert.deepEqual(fields.get("ip.checksum.status"), [CHECKSUM_BAD]);
      assert.deepEqual(fields.get("tcp.checksum.status"), [CHECKSUM_BAD]);
      assert.ok(problems(fields).length >= 2);
      assert.deepEqual(wire.dissect(broken).errors.map((e) => `${e.layer}.${e.field}`), [
        "IPv4.checksum",
        "TCP.checksum",
      ]);
    });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
