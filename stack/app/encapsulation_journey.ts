/**
 * The same message at every hop: tidy rows, one per captured frame, that let a notebook
 * follow one HTTP request down the stack at the sender, across every link, and up the
 * stack at the receiver. Each row reads the frame's headers (through the views of
 * `stack/wire`, so even a damaged frame gives a row) and says how far up the stack the
 * node that handled it had to read:
 *
 * ```
 *   node  dir  layer        srcMac → dstMac        srcIp → dstIp          ttl  tcpSeq  httpLine
 *   a     out  application  a      → r1            10.0.1.10 → 10.0.2.20  64   …       GET / HTTP/1.1   ← down the stack
 *   sw1   in   link         a      → r1            (same)                 64   …       (same)           ← a switch reads MACs only
 *   r1    in   network      a      → r1            (same)                 64
 *   r1    out  network      r1     → r2            (same)                 63   …       (same)           ← new MACs, TTL − 1
 *   r2    out  network      r2     → b             (same)                 62
 *   b     in   application  r2     → b             (same)                 62   …       GET / HTTP/1.1   ← up the stack
 * ```
 *
 * Frames of one IP packet share a `packet` number (numbered in order of first sight of
 * its source, destination, protocol and IP identification, which no router changes), and
 * `hop` counts the rows of that packet in capture order. End hosts read TCP and UDP up to
 * the transport layer, or the application layer when the segment starts an HTTP message;
 * ICMP stops at the network layer.
 *
 * @example The request's journey, hop by hop
 * ```ts
 * import assert from "node:assert/strict";
 * import { twoLansTwoRouters } from "../net/mod.ts";
 * import { encapsulationJourney, httpGet, httpServer } from "./mod.ts";
 * const { net, a, b } = twoLansTwoRouters({ seed: 1 });
 * const capture = net.capture(net.nodes);
 * httpServer(b, { routes: { "/": () => "hi" } });
 * httpGet(a, "http://10.0.2.20/");
 * net.run();
 * const rows = encapsulationJourney(net, capture).filter((row) => row.httpLine?.startsWith("GET"));
 * assert.deepEqual(rows.map((row) => `${row.node} ${row.dir} ${row.layer} ttl ${row.ttl}`).slice(0, 4), [
 *   "a out application ttl 64", "sw1 in link ttl 64", "sw1 out link ttl 64", "r1 in network ttl 64",
 * ]);
 * assert.equal(rows.at(-1)?.node, "b");
 * ```
 *
 * @module
 */

import type { Time } from "../../src/sim/mod.ts";
import {
  EthernetView,
  EtherType,
  formatTcpFlags,
  HttpView,
  IpProtocol,
  Ipv4View,
  type MacAddress,
  tcpFlagsFromByte,
  TcpView,
} from "../wire/mod.ts";
import type { Capture } from "../net/capture.ts";
import type { Network } from "../net/topology.ts";

/**
 * How far up the stack a node reads a frame: a switch the link layer, a router the
 * network layer, the end hosts the transport or application layer.
 *
 * @example
 * ```ts
 * const layer: JourneyLayer = "network";
 * ```
 */
export type JourneyLayer = "link" | "network" | "transport" | "application";

/**
 * One IPv4 frame at one interface.
 *
 * @example
 * ```ts
 * const row: JourneyRow = {
 *   packet: 1, hop: 1, t: 0, node: "a", iface: "eth0", dir: "out", layer: "application",
 *   srcMac: "02:00:00:00:00:01", dstMac: "02:00:00:00:00:06", srcIp: "10.0.1.10", dstIp: "10.0.2.20",
 *   ttl: 64, ipChecksum: 0x1234, protocol: 6, srcPort: 40000, dstPort: 80, tcpSeq: 1, tcpAck: 1,
 *   tcpFlags: "P.", payload: 75, httpLine: "GET / HTTP/1.1", bytes: 129,
 * };
 * ```
 */
export interface JourneyRow {
  /** Which IP packet (same number at every hop). */
  readonly packet: number;
  /** 1, 2, … along this packet's rows. */
  readonly hop: number;
  /** Simulated time, ns. */
  readonly t: Time;
  /** Node of the interface. */
  readonly node: string;
  /** Interface. */
  readonly iface: string;
  /** Leaving ("out") or arriving ("in"). */
  readonly dir: "in" | "out";
  /** How far up the stack this node reads the frame. */
  readonly layer: JourneyLayer;
  /** Ethernet source. */
  readonly srcMac: MacAddress;
  /** Ethernet destination. */
  readonly dstMac: MacAddress;
  /** IPv4 source. */
  readonly srcIp: string;
  /** IPv4 destination. */
  readonly dstIp: string;
  /** IPv4 TTL. */
  readonly ttl: number;
  /** IPv4 header checksum (changes with the TTL). */
  readonly ipChecksum: number;
  /** IP protocol number. */
  readonly protocol: number;
  /** TCP/UDP source port, or null. */
  readonly srcPort: number | null;
  /** TCP/UDP destination port, or null. */
  readonly dstPort: number | null;
  /** TCP sequence number, or null. */
  readonly tcpSeq: number | null;
  /** TCP acknowledgment number, or null. */
  readonly tcpAck: number | null;
  /** TCP flags, tcpdump style ("S", "S.", "P.", "F."), or null. */
  readonly tcpFlags: string | null;
  /** Transport payload bytes. */
  readonly payload: number;
  /** The HTTP start line when the segment starts an HTTP message, else null. */
  readonly httpLine: string | null;
  /** Frame length. */
  readonly bytes: number;
}

const START_LINE = /^([A-Z]+ \S+ HTTP\/\d\.\d|HTTP\/\d\.\d \d{3}( .*)?)$/;

/**
 * The rows of every IPv4 frame in `capture` (ARP is left out), in capture order.
 * `net` tells which nodes are switches, routers and hosts.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ping, twoLansTwoRouters } from "../net/mod.ts";
 * const { net, a } = twoLansTwoRouters({ seed: 1 });
 * const capture = net.capture([net.node("r1"), net.node("r2")], { direction: "out" });
 * ping(a, "10.0.2.20", { count: 1 });
 * net.run();
 * const request = encapsulationJourney(net, capture).filter((row) => row.dstIp === "10.0.2.20");
 * assert.deepEqual(request.map((row) => [row.node, row.ttl, row.layer]), [["r1", 63, "network"], ["r2", 62, "network"]]);
 * ```
 */
export function encapsulationJourney(net: Network, capture: Capture): JourneyRow[] {
  const rows: JourneyRow[] = [];
  const packets = new Map<string, number>();
  const hops = new Map<number, number>();
  capture.frames.forEach((frame, i) => {
    const where = capture.rows.rows[i];
    const data = frame.data;
    if (data.length < 34) return;
    const ethernet = new EthernetView(data);
    if (ethernet.etherType !== EtherType.Ipv4) return;
    const ip = new Ipv4View(data.subarray(14));
    const key = `${ip.source}>${ip.destination}#${ip.identification}/${ip.protocol}`;
    let packet = packets.get(key);
    if (packet === undefined) packets.set(key, packet = packets.size + 1);
    const hop = (hops.get(packet) ?? 0) + 1;
    hops.set(packet, hop);
    const transport = ip.payload;
    let srcPort: number | null = null, dstPort: number | null = null;
    let tcpSeq: number | null = null, tcpAck: number | null = null;
    let tcpFlags: string | null = null, httpLine: string | null = null;
    let payload = Math.max(0, transport.length - 8);
    if (transport.length >= 4) {
      srcPort = (transport[0] << 8) | transport[1];
      dstPort = (transport[2] << 8) | transport[3];
    }
    if (ip.protocol === IpProtocol.Tcp && transport.length >= 20) {
      const tcp = new TcpView(transport);
      tcpSeq = tcp.sequenceNumber;
      tcpAck = tcp.acknowledgmentNumber;
      tcpFlags = formatTcpFlags(tcpFlagsFromByte(tcp.flagsByte));
      const data = transport.subarray(Math.min(tcp.headerLength, transport.length));
      payload = data.length;
      const line = data.length > 0 ? new HttpView(data).startLine : "";
      if (START_LINE.test(line)) httpLine = line;
    } else if (ip.protocol !== IpProtocol.Udp) {
      srcPort = dstPort = null;
      payload = transport.length;
    }
    const kind = net.node(where.node).kind;
    const layer: JourneyLayer = kind === "switch"
      ? "link"
      : kind === "router" || (srcPort === null && ip.protocol !== IpProtocol.Tcp)
      ? "network"
      : httpLine !== null
      ? "application"
      : "transport";
    rows.push({
      packet,
      hop,
      t: frame.t,
      node: where.node,
      iface: where.iface,
      dir: where.dir === "in" ? "in" : "out",
      layer,
      srcMac: ethernet.source,
      dstMac: ethernet.destination,
      srcIp: ip.source,
      dstIp: ip.destination,
      ttl: ip.ttl,
      ipChecksum: ip.checksum,
      protocol: ip.protocol,
      srcPort,
      dstPort,
      tcpSeq,
      tcpAck,
      tcpFlags,
      payload,
      httpLine,
      bytes: data.length,
    });
  });
  return rows;
}
