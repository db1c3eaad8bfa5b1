/**
 * The journey of packets through a network, as flat rows a notebook can table and plot.
 * Every node of `stack/net` shares a `NetContext` (the clock, the seeded randomness and
 * three traces), and writes to these traces as it works:
 *
 * - `journey`: one row per frame arriving at an interface (a *hop*): time, node, source
 *   and destination MAC, source and destination IP, TTL and IP header checksum. Read down
 *   the rows of one packet and watch the MACs change at every router while the IPs stay.
 * - `latency`: one row per IP packet delivered to its destination, its time split into
 *   transmission, propagation, queueing, resolution (waiting for ARP) and processing.
 * - `events`: what the nodes decided: drops and why, ARP, switch learning, ICMP sent.
 *
 * ```
 *   a ──▶ sw1 ──▶ r1 ──▶ r2 ──▶ sw2 ──▶ b        journey rows of one ping (packet 1):
 *   node  srcMac  dstMac  srcIp     dstIp     ttl
 *   sw1   a       r1      10.0.1.10 10.0.2.20 64    ← a switch forwards the frame unchanged
 *   r1    a       r1      10.0.1.10 10.0.2.20 64
 *   r2    r1      r2      10.0.1.10 10.0.2.20 63    ← each router: new MACs, TTL − 1
 *   sw2   r2      b       10.0.1.10 10.0.2.20 62
 *   b     r2      b       10.0.1.10 10.0.2.20 62
 * ```
 *
 * @example A hop row from a frame
 * ```ts
 * import assert from "node:assert/strict";
 * import { emitEthernet } from "../wire/ethernet.ts";
 * import { emitIpv4 } from "../wire/ipv4.ts";
 * import { newFrameMeta } from "../iface/mod.ts";
 * import { hopRow } from "./journey.ts";
 * const ip = emitIpv4({
 *   dscp: 0, ecn: 0, identification: 1, dontFragment: true, moreFragments: false, fragmentOffset: 0,
 *   ttl: 63, protocol: 1, source: "10.0.1.10", destination: "10.0.2.20", options: new Uint8Array(), payload: new Uint8Array(8),
 * });
 * const frame = emitEthernet({ destination: "02:00:00:00:00:02", source: "02:00:00:00:00:01", etherType: 0x0800, payload: ip });
 * const row = hopRow(frame, { t: 5, node: "r2", iface: "eth0", link: "r1-r2", meta: newFrameMeta(1, 0) });
 * assert.deepEqual([row.srcIp, row.ttl, row.srcMac], ["10.0.1.10", 63, "02:00:00:00:00:01"]);
 * ```
 *
 * @module
 */

import type { Random, Simulation, Time, Trace } from "../../src/sim/mod.ts";
import { ArpView } from "../wire/arp.ts";
import { EthernetView, EtherType, etherTypeName, type MacAddress } from "../wire/ethernet.ts";
import { IPV4_MIN_HEADER_LENGTH, Ipv4View } from "../wire/ipv4.ts";
import type { FrameMeta } from "../iface/mod.ts";

/**
 * One frame arriving at one interface.
 *
 * @example
 * ```ts
 * const row: HopRow = {
 *   t: 0, packet: 1, node: "r1", iface: "eth0", link: "sw1-r1", etherType: "IPv4", srcMac: "02:00:00:00:00:01",
 *   dstMac: "02:00:00:00:00:02", srcIp: "10.0.1.10", dstIp: "10.0.2.20", protocol: 1, ttl: 64, checksum: 0x1234, bytes: 98,
 * };
 * ```
 */
export interface HopRow {
  /** Arrival time, ns. */
  readonly t: Time;
  /** Id of the IP packet inside (0 for ARP). */
  readonly packet: number;
  /** Receiving node. */
  readonly node: string;
  /** Receiving interface. */
  readonly iface: string;
  /** Link the frame crossed. */
  readonly link: string;
  /** EtherType name, e.g. "IPv4", "ARP". */
  readonly etherType: string;
  /** Ethernet source MAC. */
  readonly srcMac: MacAddress;
  /** Ethernet destination MAC. */
  readonly dstMac: MacAddress;
  /** IPv4 source (ARP: sender IP), or null. */
  readonly srcIp: string | null;
  /** IPv4 destination (ARP: target IP), or null. */
  readonly dstIp: string | null;
  /** IP protocol number, or null. */
  readonly protocol: number | null;
  /** IPv4 TTL, or null. */
  readonly ttl: number | null;
  /** IPv4 header checksum as sent, or null. */
  readonly checksum: number | null;
  /** Frame length in bytes (without FCS). */
  readonly bytes: number;
}

/**
 * Where one delivered packet's time went, ns. `total = delivered − created` and the
 * parts add up to it.
 *
 * @example
 * ```ts
 * const row: LatencyRow = {
 *   packet: 1, t: 100, node: "b", source: "10.0.1.10", destination: "10.0.2.20", protocol: 1, hops: 4,
 *   transmission: 40, propagation: 20, queueing: 0, resolution: 0, processing: 40, total: 100,
 * };
 * ```
 */
export interface LatencyRow {
  /** Packet id. */
  readonly packet: number;
  /** Delivery time, ns. */
  readonly t: Time;
  /** Destination node. */
  readonly node: string;
  /** IPv4 source. */
  readonly source: string;
  /** IPv4 destination. */
  readonly destination: string;
  /** IP protocol number. */
  readonly protocol: number;
  /** Links crossed. */
  readonly hops: number;
  /** Σ bits / bandwidth over the links. */
  readonly transmission: Time;
  /** Σ link delays. */
  readonly propagation: Time;
  /** Waiting in link queues. */
  readonly queueing: Time;
  /** Waiting for ARP. */
  readonly resolution: Time;
  /** Inside nodes. */
  readonly processing: Time;
  /** Delivered − created. */
  readonly total: Time;
}

/**
 * Something a node decided: a drop and its reason, an ARP step, a switch learning a MAC,
 * an ICMP error sent.
 *
 * @example
 * ```ts
 * const row: EventRow = { t: 0, node: "r1", layer: "ip", event: "ttl-expired", detail: "10.0.1.10 > 10.0.2.20", packet: 3 };
 * ```
 */
export interface EventRow {
  /** Time, ns. */
  readonly t: Time;
  /** Node (or link) name. */
  readonly node: string;
  /** "link", "arp", "switch", "ip", "icmp", "udp". */
  readonly layer: string;
  /** What happened, e.g. "loss", "queue-full", "ttl-expired", "no-route", "flood". */
  readonly event: string;
  /** Free text: addresses, ports, reason. */
  readonly detail: string;
  /** Packet id concerned (0 if none). */
  readonly packet: number;
}

/**
 * What every node and link of one network shares.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { network } from "./topology.ts";
 * const context: NetContext = network({ seed: 1 });
 * assert.equal(context.nextPacketId(), 1);
 * ```
 */
export interface NetContext {
  /** The clock and event loop. */
  readonly sim: Simulation;
  /** The root of all chance; components fork it by name. */
  readonly random: Random;
  /** Hop rows (see the module comment); null when journey recording is off. */
  readonly journey: Trace<HopRow> | null;
  /** Latency rows of delivered packets. */
  readonly latency: Trace<LatencyRow>;
  /** Decisions and drops. */
  readonly events: Trace<EventRow>;
  /** A fresh packet id: 1, 2, 3, … */
  nextPacketId(): number;
  /** A fresh locally administered MAC: 02:00:00:00:00:01, … */
  nextMac(): MacAddress;
}

/**
 * Options of {@linkcode hopRow}: where and when the frame arrived.
 *
 * @example
 * ```ts
 * import { newFrameMeta } from "../iface/mod.ts";
 * const where: HopPlace = { t: 0, node: "b", iface: "eth0", link: "sw2-b", meta: newFrameMeta(0, 0) };
 * ```
 */
export interface HopPlace {
  /** Arrival time. */
  readonly t: Time;
  /** Receiving node. */
  readonly node: string;
  /** Receiving interface. */
  readonly iface: string;
  /** Link crossed. */
  readonly link: string;
  /** The frame's meta (for the packet id). */
  readonly meta: FrameMeta;
}

/**
 * The journey row of one frame at one place. Reads headers through views, so even a
 * corrupted frame gives a row.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { newFrameMeta } from "../iface/mod.ts";
 * const row = hopRow(new Uint8Array(60), { t: 0, node: "x", iface: "eth0", link: "l", meta: newFrameMeta(0, 0) });
 * assert.equal(row.srcIp, null);
 * ```
 */
export function hopRow(frame: Uint8Array, place: HopPlace): HopRow {
  const ethernet = new EthernetView(frame);
  const etherType = ethernet.etherType;
  const payload = frame.subarray(14);
  let srcIp: string | null = null;
  let dstIp: string | null = null;
  let protocol: number | null = null;
  let ttl: number | null = null;
  let checksum: number | null = null;
  if (etherType === EtherType.Ipv4 && payload.length >= IPV4_MIN_HEADER_LENGTH) {
    const ip = new Ipv4View(payload);
    srcIp = ip.source;
    dstIp = ip.destination;
    protocol = ip.protocol;
    ttl = ip.ttl;
    checksum = ip.checksum;
  } else if (etherType === EtherType.Arp && payload.length >= 28) {
    const arp = new ArpView(payload);
    srcIp = arp.senderIp;
    dstIp = arp.targetIp;
  }
  return {
    t: place.t,
    packet: place.meta.packet,
    node: place.node,
    iface: place.iface,
    link: place.link,
    etherType: etherTypeName(etherType),
    srcMac: ethernet.source,
    dstMac: ethernet.destination,
    srcIp,
    dstIp,
    protocol,
    ttl,
    checksum,
    bytes: frame.length,
  };
}
