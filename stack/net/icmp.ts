/**
 * ICMP (RFC 792) as the IP layer uses it: the error messages a node sends when it cannot
 * deliver a datagram, and the decoding of the datagram such an error quotes, so the
 * sender can tell which of its packets failed (ping and traceroute match on it, UDP
 * sockets on the quoted ports).
 *
 * ```
 *   an error about a datagram D:
 *   ┌──────────┬────────────┬─────────────────────────────┬────────────────────┐
 *   │ type     │ code       │ checksum │ unused / MTU     │ D's IP header + the │
 *   │ 3 or 11  │ why        │          │                  │ first 8 bytes of D  │
 *   └──────────┴────────────┴─────────────────────────────┴────────────────────┘
 * ```
 *
 * RFC 1122 §3.2.2 forbids errors about an ICMP error, a datagram to a broadcast address,
 * a non-first fragment, or one whose source does not name a single host; `icmpError()`
 * returns null for those.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseIcmp } from "../wire/icmp.ts";
 * import { emitIpv4 } from "../wire/ipv4.ts";
 * import { icmpError, quotedPacket } from "./icmp.ts";
 * const original = emitIpv4({ dscp: 0, ecn: 0, identification: 5, dontFragment: true, moreFragments: false,
 *   fragmentOffset: 0, ttl: 1, protocol: 17, source: "10.0.1.10", destination: "10.0.2.20",
 *   options: new Uint8Array(), payload: new Uint8Array([0x9c, 0x40, 0x82, 0x9a, 0, 8, 0, 0]) });
 * const error = parseIcmp(icmpError(original, { kind: "timeExceeded", code: 0 })!);
 * assert.equal(error.kind, "timeExceeded");
 * assert.deepEqual([quotedPacket(error.data)?.sourcePort, quotedPacket(error.data)?.destinationPort], [40000, 33434]);
 * ```
 *
 * @module
 */

import { emitIcmp, type IcmpRepr, IcmpType } from "../wire/icmp.ts";
import { IpProtocol, Ipv4View } from "../wire/ipv4.ts";
import { type Ipv4Address } from "../wire/ipv4_address.ts";
import { ICMP_ERROR_QUOTE } from "../iface/mod.ts";
import type { IpPacket } from "./ip.ts";

/**
 * The first bytes of the datagram an ICMP error quotes, decoded.
 *
 * @example
 * ```ts
 * const quoted: QuotedPacket = {
 *   source: "10.0.1.10", destination: "10.0.2.20", protocol: 17, ttl: 1, identification: 7,
 *   sourcePort: 40000, destinationPort: 33434, icmpIdentifier: null, icmpSequence: null,
 * };
 * ```
 */
export interface QuotedPacket {
  /** Original source. */
  readonly source: Ipv4Address;
  /** Original destination. */
  readonly destination: Ipv4Address;
  /** Original protocol. */
  readonly protocol: number;
  /** Original TTL as the error's sender saw it. */
  readonly ttl: number;
  /** Original identification. */
  readonly identification: number;
  /** UDP/TCP source port, or null. */
  readonly sourcePort: number | null;
  /** UDP/TCP destination port, or null. */
  readonly destinationPort: number | null;
  /** ICMP echo identifier, or null. */
  readonly icmpIdentifier: number | null;
  /** ICMP echo sequence, or null. */
  readonly icmpSequence: number | null;
}

/**
 * An ICMP message for `Host.onIcmp()` listeners (everything but echo requests).
 *
 * @example
 * ```ts
 * const listener = (message: IcmpMessage) => console.log(message.icmp.kind, message.quoted?.destination);
 * ```
 */
export interface IcmpMessage {
  /** The ICMP message. */
  readonly icmp: IcmpRepr;
  /** The IP packet that carried it. */
  readonly packet: IpPacket;
  /** For errors, the quoted original datagram; else null. */
  readonly quoted: QuotedPacket | null;
}

/**
 * Decode the datagram quoted by an ICMP error (IP header + first 8 bytes), or null when
 * too short.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { emitIpv4 } from "../wire/ipv4.ts";
 * import { emitUdp } from "../wire/udp.ts";
 * const endpoints = { source: "10.0.0.1", destination: "10.0.0.2" };
 * const udp = emitUdp({ sourcePort: 40000, destinationPort: 9, payload: new Uint8Array(4) }, endpoints);
 * const ip = emitIpv4({ dscp: 0, ecn: 0, identification: 1, dontFragment: true, moreFragments: false,
 *   fragmentOffset: 0, ttl: 1, protocol: 17, ...endpoints, options: new Uint8Array(), payload: udp });
 * assert.equal(quotedPacket(ip.subarray(0, 28))?.destinationPort, 9);
 * ```
 */
export function quotedPacket(data: Uint8Array): QuotedPacket | null {
  if (data.length < 20) return null;
  const view = new Ipv4View(data);
  const at = view.headerLength;
  const inner = data.subarray(at);
  const transport = (view.protocol === IpProtocol.Udp || view.protocol === IpProtocol.Tcp) &&
    inner.length >= 4;
  const echo = view.protocol === IpProtocol.Icmp && inner.length >= 8 &&
    (inner[0] === IcmpType.EchoRequest || inner[0] === IcmpType.EchoReply);
  return {
    source: view.source,
    destination: view.destination,
    protocol: view.protocol,
    ttl: view.ttl,
    identification: view.identification,
    sourcePort: transport ? (inner[0] << 8) | inner[1] : null,
    destinationPort: transport ? (inner[2] << 8) | inner[3] : null,
    icmpIdentifier: echo ? (inner[4] << 8) | inner[5] : null,
    icmpSequence: echo ? (inner[6] << 8) | inner[7] : null,
  };
}

// ICMP types that are errors: no error is ever sent about one (RFC 1122 §3.2.2).
const ICMP_ERROR_TYPES = new Set([3, 4, 5, 11, 12]);

/**
 * Which error to send: destination unreachable (type 3, code = why, see
 * `UnreachableCode`) or time exceeded (type 11, code 0 = TTL expired in transit).
 *
 * @example
 * ```ts
 * const error: IcmpErrorKind = { kind: "destinationUnreachable", code: 3 };
 * ```
 */
export interface IcmpErrorKind {
  /** The error type. */
  readonly kind: "destinationUnreachable" | "timeExceeded";
  /** Its code. */
  readonly code: number;
}

/**
 * The ICMP error message (owned bytes, checksum filled) about `original` (an IP packet),
 * quoting its header and first 8 bytes; or null where RFC 1122 §3.2.2 forbids one.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { emitIcmp } from "../wire/icmp.ts";
 * import { emitIpv4 } from "../wire/ipv4.ts";
 * const carrying = (payload: Uint8Array, destination = "10.0.0.2") => emitIpv4({ dscp: 0, ecn: 0, identification: 1,
 *   dontFragment: false, moreFragments: false, fragmentOffset: 0, ttl: 9, protocol: 1, source: "10.0.0.1",
 *   destination, options: new Uint8Array(), payload });
 * const echo = emitIcmp({ kind: "echoRequest", identifier: 1, sequence: 1, data: new Uint8Array(8) });
 * const anError = emitIcmp({ kind: "timeExceeded", code: 0, data: new Uint8Array(28) });
 * assert.equal(icmpError(carrying(echo), { kind: "timeExceeded", code: 0 })?.length, 8 + 20 + 8);
 * assert.equal(icmpError(carrying(anError), { kind: "timeExceeded", code: 0 }), null);
 * assert.equal(icmpError(carrying(echo, "255.255.255.255"), { kind: "timeExceeded", code: 0 }), null);
 * ```
 */
export function icmpError(original: Uint8Array, error: IcmpErrorKind): Uint8Array | null {
  const quoted = quotedPacket(original);
  if (quoted === null) return null;
  const view = new Ipv4View(original);
  const inner = original[view.headerLength];
  if (
    quoted.source === "0.0.0.0" || quoted.source === "255.255.255.255" ||
    quoted.destination === "255.255.255.255" || view.fragmentOffset !== 0 ||
    (quoted.protocol === IpProtocol.Icmp && ICMP_ERROR_TYPES.has(inner))
  ) return null;
  const data = original.subarray(0, view.headerLength + ICMP_ERROR_QUOTE);
  const message = error.kind === "timeExceeded"
    ? emitIcmp({ kind: "timeExceeded", code: error.code, data })
    : emitIcmp({ kind: "destinationUnreachable", code: error.code, nextHopMtu: 0, data });
  return message.slice();
}
