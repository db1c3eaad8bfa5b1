/**
 * The contract between the IP layer and the transports above it (UDP here, TCP in
 * `stack/socket/tcp/`): what a protocol handler receives, and what sending returns.
 *
 * ```
 *   transport                    IP layer (Host)
 *   ─────────                    ───────────────
 *   host.onProtocol(17, handler) ingress: a packet for one of my addresses with protocol 17
 *      handler(packet: IpPacket) ◀── repr (header + payload view), bytes, iface, meta
 *   host.sendIp(dst, 17, bytes)  egress: route, ARP, frame; returns SendIpResult
 *   host.sourceAddressFor(dst)   the source a reply to dst would carry (for pseudo-headers)
 *   host.onIcmp(listener)        errors quoting my datagrams (see icmp.ts)
 * ```
 *
 * @example A transport on protocol 253 (RFC 3692, for experiments)
 * ```ts
 * import assert from "node:assert/strict";
 * import { network, type IpPacket } from "./mod.ts";
 * const net = network({ seed: 1 });
 * const a = net.addHost("a");
 * const b = net.addHost("b");
 * net.connect(a, b, { addresses: ["10.0.0.1/24", "10.0.0.2/24"] });
 * const got: IpPacket[] = [];
 * b.onProtocol(253, (packet) => got.push(packet));
 * const sent = a.sendIp("10.0.0.2", 253, new TextEncoder().encode("hi"));
 * net.run();
 * assert.ok(sent.ok);
 * assert.equal(new TextDecoder().decode(got[0].repr.payload), "hi");
 * ```
 *
 * @module
 */

import type { Ipv4Repr } from "../wire/ipv4.ts";
import type { Ipv4Address } from "../wire/ipv4_address.ts";
import type { FrameMeta, Interface } from "../iface/mod.ts";

/**
 * An IP packet handed to a protocol handler or to `forward()`.
 *
 * @example
 * ```ts
 * const handler = (packet: IpPacket) => console.log(packet.repr.source, packet.iface?.name);
 * ```
 */
export interface IpPacket {
  /** The parsed header; `repr.payload` is the protocol's bytes. */
  readonly repr: Ipv4Repr;
  /** The whole packet, header included, without Ethernet padding. */
  readonly bytes: Uint8Array;
  /** Interface it arrived on, or null for loopback. */
  readonly iface: Interface | null;
  /** Its latency accounting. */
  readonly meta: FrameMeta;
}

/**
 * A handler for one IP protocol number (the ingress dispatch table).
 *
 * @example
 * ```ts
 * const udpHandler: ProtocolHandler = (packet) => console.log(packet.repr.payload.length);
 * ```
 */
export type ProtocolHandler = (packet: IpPacket) => void;

/**
 * Options of {@linkcode Host.sendIp}.
 *
 * @example
 * ```ts
 * const options: SendIpOptions = { ttl: 1 };
 * ```
 */
export interface SendIpOptions {
  /**
   * Time to live.
   *
   * @default the host's `ttl` (64)
   */
  ttl?: number;
  /**
   * Source address.
   *
   * @default the outgoing interface's address
   */
  source?: Ipv4Address;
  /**
   * Set the don't-fragment flag.
   *
   * @default {true} (as Linux does with path MTU discovery)
   */
  dontFragment?: boolean;
}

/**
 * What `sendIp()` did: a status object, never an exception, for "cannot send".
 *
 * @example
 * ```ts
 * const result: SendIpResult = { ok: false, reason: "no-route", detail: "no route to 192.0.2.1" };
 * ```
 */
export type SendIpResult =
  | { readonly ok: true; readonly packet: number }
  | { readonly ok: false; readonly reason: "no-route"; readonly detail: string };
