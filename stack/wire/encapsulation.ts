/**
 * Encapsulation: an application message going down the stack. Each layer
 * treats everything handed down from above as opaque payload and puts its own
 * header in front (Ethernet also pads to the minimum frame); the receiver
 * peels them off in reverse order.
 *
 * ```
 *                      ┌──────────────────────────────┐
 *  application (HTTP)  │ GET / HTTP/1.1 …             │
 *                  ┌───┼──────────────────────────────┤
 *  transport (TCP) │hdr│ segment payload (≤ MSS)      │   one segment per MSS bytes
 *              ┌───┼───┼──────────────────────────────┤
 *  network (IP)│hdr│   │                              │   TTL, addresses, checksum
 *          ┌───┼───┼───┼──────────────────────────────┼───┐
 *  link    │hdr│   │   │                              │FCS│   MACs, EtherType (+ preamble, gap on the wire)
 *          └───┴───┴───┴──────────────────────────────┴───┘
 * ```
 *
 * Byte counts: Ethernet II header 14 B, FCS 4 B, minimum frame 64 B with FCS,
 * preamble + SFD 8 B and inter-frame gap 12 B on the wire (IEEE 802.3 §3.1.1,
 * §4.4.2); IPv4 header 20 B without options (RFC 791 §3.1); TCP header 20 B
 * without options (RFC 9293 §3.1); MSS = MTU − 40 for IPv4 (RFC 9293 §3.7.1).
 *
 * Bytes only: it emits real frames with `emitEthernet`/`emitIpv4`/`emitTcp`
 * and knows nothing of time or connections.
 *
 * @module
 */

import {
  emitEthernet,
  ETHERNET_FCS_LENGTH,
  ETHERNET_HEADER_LENGTH,
  ETHERNET_MIN_FRAME_LENGTH,
  EtherType,
} from "./ethernet.ts";
import { emitHttp, type HttpMessage } from "./http.ts";
import { emitIpv4, IpProtocol } from "./ipv4.ts";
import { emitTcp } from "./tcp.ts";
import { tcpFlags } from "./tcp_flags.ts";

/** IPv4 header without options (RFC 791 §3.1). */
export const IPV4_HEADER_LENGTH = 20;
/** TCP header without options (RFC 9293 §3.1). */
export const TCP_HEADER_LENGTH = 20;
/** Preamble (7 B) + start frame delimiter (1 B) + inter-frame gap (12 B), IEEE 802.3 §4.4.2. */
export const ETHERNET_WIRE_OVERHEAD = 20;

/** One endpoint of the encapsulated conversation. */
export interface Endpoint {
  mac: string;
  ip: string;
  port: number;
}

/** Options of {@linkcode encapsulate}. */
export interface EncapsulateOptions {
  /** @default {{ mac: "02:00:00:00:00:01", ip: "10.0.0.1", port: 43210 }} */
  source?: Endpoint;
  /** @default {{ mac: "02:00:00:00:00:02", ip: "10.0.1.2", port: 80 }} */
  destination?: Endpoint;
  /** Link MTU: the largest IP packet a frame carries. @default 1500 */
  mtu?: number;
  /** First sequence number of the data. @default 1000 */
  sequenceNumber?: number;
  /** Acknowledgment number carried by the segments. @default 5000 */
  acknowledgmentNumber?: number;
  /** TTL of the packets. @default 64 */
  ttl?: number;
}

/** What one layer added to one frame. */
export interface EncapsulationRow {
  /** Index of the frame (0-based): one per TCP segment. */
  frame: number;
  layer: "Ethernet" | "IPv4" | "TCP" | "HTTP";
  /** Header bytes this layer added (Ethernet: header + padding). */
  header: number;
  /** Bytes this layer carried as payload. */
  payload: number;
}

/** The frames an application message becomes, and who added which bytes. */
export interface Encapsulation {
  /** The application bytes. */
  message: Uint8Array;
  /** One Ethernet frame per TCP segment, without FCS. */
  frames: Uint8Array[];
  /** Tidy rows for charts: frame × layer → header and payload bytes. */
  rows: EncapsulationRow[];
  /** Maximum segment size used: MTU − IPv4 header − TCP header. */
  mss: number;
}

const DEFAULT_SOURCE: Endpoint = { mac: "02:00:00:00:00:01", ip: "10.0.0.1", port: 43210 };
const DEFAULT_DESTINATION: Endpoint = { mac: "02:00:00:00:00:02", ip: "10.0.1.2", port: 80 };

function checkMtu(mtu: number): void {
  if (!Number.isInteger(mtu) || mtu < 68 || mtu > 9000) {
    throw new RangeError(
      `Cannot encapsulate: mtu ${mtu} is outside 68…9000 bytes (RFC 791 requires at least 68); ` +
        `use 1500 for Ethernet`,
    );
  }
}

/**
 * Sends `message` down the stack: HTTP bytes → TCP segments of at most MSS
 * bytes → IPv4 packets → Ethernet frames, each a real, checksummed frame.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { encapsulate } from "./encapsulation.ts";
 * const request = { kind: "request", method: "GET", target: "/", version: "HTTP/1.1",
 *   headers: [["Host", "example.test"]], body: new Uint8Array() } as const;
 * const { frames, rows } = encapsulate(request);
 * assert.equal(frames.length, 1);
 * assert.deepEqual(rows.map((row) => row.layer), ["HTTP", "TCP", "IPv4", "Ethernet"]);
 * ```
 */
export function encapsulate(
  message: HttpMessage | Uint8Array,
  options: EncapsulateOptions = {},
): Encapsulation {
  const source = options.source ?? DEFAULT_SOURCE;
  const destination = options.destination ?? DEFAULT_DESTINATION;
  const mtu = options.mtu ?? 1500;
  checkMtu(mtu);
  const bytes = message instanceof Uint8Array ? message : emitHttp(message).slice();
  const mss = mtu - IPV4_HEADER_LENGTH - TCP_HEADER_LENGTH;
  const frames: Uint8Array[] = [];
  const rows: EncapsulationRow[] = [];
  let sequence = options.sequenceNumber ?? 1000;
  const segments = Math.max(1, Math.ceil(bytes.length / mss));
  for (let index = 0; index < segments; index++) {
    const data = bytes.subarray(index * mss, Math.min(bytes.length, (index + 1) * mss));
    const last = index === segments - 1;
    const segment = emitTcp({
      sourcePort: source.port,
      destinationPort: destination.port,
      sequenceNumber: sequence >>> 0,
      acknowledgmentNumber: options.acknowledgmentNumber ?? 5000,
      flags: tcpFlags({ ack: true, psh: last }),
      window: 65535,
      urgentPointer: 0,
      options: [],
      payload: data,
    }, { source: source.ip, destination: destination.ip }).slice();
    const packet = emitIpv4({
      dscp: 0,
      ecn: 0,
      identification: (index + 1) & 0xffff,
      dontFragment: true,
      moreFragments: false,
      fragmentOffset: 0,
      ttl: options.ttl ?? 64,
      protocol: IpProtocol.Tcp,
      source: source.ip,
      destination: destination.ip,
      options: new Uint8Array(),
      payload: segment,
    }).slice();
    const frame = emitEthernet({
      destination: destination.mac,
      source: source.mac,
      etherType: EtherType.Ipv4,
      payload: packet,
    }).slice();
    frames.push(frame);
    rows.push(
      { frame: index, layer: "HTTP", header: 0, payload: data.length },
      { frame: index, layer: "TCP", header: segment.length - data.length, payload: data.length },
      {
        frame: index,
        layer: "IPv4",
        header: packet.length - segment.length,
        payload: segment.length,
      },
      {
        frame: index,
        layer: "Ethernet",
        header: frame.length - packet.length,
        payload: packet.length,
      },
    );
    sequence += data.length;
  }
  return { message: bytes, frames, rows, mss };
}

/** Options of {@linkcode overhead}. */
export interface OverheadOptions {
  /** @default 1500 */
  mtu?: number;
  /** Count what Ethernet adds on the wire too: FCS, preamble, SFD and inter-frame gap. @default true */
  wire?: boolean;
}

/** Bytes each layer costs to carry `payload` application bytes. */
export interface OverheadRow {
  payload: number;
  layer: "application" | "TCP" | "IPv4" | "Ethernet";
  bytes: number;
  /** Frames needed (one TCP segment each). */
  frames: number;
}

/**
 * For each payload size, how many bytes each layer adds: past one MSS the
 * message needs another segment, and every layer pays its header again.
 *
 * Per frame: Ethernet = 14 + padding to 60 (+ 4 FCS + 20 preamble/SFD/gap on
 * the wire), IPv4 = 20, TCP = 20; segments = ⌈payload / (MTU − 40)⌉.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { overhead } from "./encapsulation.ts";
 * const rows = overhead([1460, 1461]);
 * assert.deepEqual(rows.filter((r) => r.layer === "TCP").map((r) => r.bytes), [20, 40]);
 * ```
 */
export function overhead(
  payloads: readonly number[],
  options: OverheadOptions = {},
): OverheadRow[] {
  const mtu = options.mtu ?? 1500;
  checkMtu(mtu);
  const mss = mtu - IPV4_HEADER_LENGTH - TCP_HEADER_LENGTH;
  const wire = options.wire ?? true;
  const rows: OverheadRow[] = [];
  for (const payload of payloads) {
    if (!Number.isInteger(payload) || payload < 0) {
      throw new RangeError(
        `Cannot compute overhead: payload ${payload} must be a whole number of bytes ≥ 0`,
      );
    }
    const frames = Math.max(1, Math.ceil(payload / mss));
    let ethernet = 0;
    for (let frame = 0; frame < frames; frame++) {
      const data = Math.min(mss, payload - frame * mss);
      const unpadded = ETHERNET_HEADER_LENGTH + IPV4_HEADER_LENGTH + TCP_HEADER_LENGTH +
        Math.max(0, data);
      const padding = Math.max(0, ETHERNET_MIN_FRAME_LENGTH - unpadded);
      ethernet += ETHERNET_HEADER_LENGTH + padding +
        (wire ? ETHERNET_FCS_LENGTH + ETHERNET_WIRE_OVERHEAD : 0);
    }
    rows.push(
      { payload, layer: "application", bytes: payload, frames },
      { payload, layer: "TCP", bytes: TCP_HEADER_LENGTH * frames, frames },
      { payload, layer: "IPv4", bytes: IPV4_HEADER_LENGTH * frames, frames },
      { payload, layer: "Ethernet", bytes: ethernet, frames },
    );
  }
  return rows;
}
