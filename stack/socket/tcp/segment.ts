/**
 * A TCP segment on its way between endpoints: the wire repr (`stack/wire/tcp.ts`) plus
 * the IPv4 source and destination the pseudo-header needs. Endpoints hand these to an
 * injected `send(segment)` and take them in through `segmentArrives()`; a network
 * wraps them in IPv4 later, a test pipe just delays them.
 *
 * Also here: SEG.LEN (RFC 9293 §3.4, SYN and FIN count as one byte each) and the reset
 * a closed port answers with (RFC 9293 §3.10.7.1): how "connection refused" happens.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { tcpFlags } from "@stack/wire/mod.ts";
 * import { resetFor, type TcpSegment } from "./segment.ts";
 * const syn: TcpSegment = {
 *   source: "10.0.0.1", destination: "10.0.0.2",
 *   repr: { sourcePort: 49152, destinationPort: 81, sequenceNumber: 100, acknowledgmentNumber: 0,
 *     flags: tcpFlags({ syn: true }), window: 65535, urgentPointer: 0, options: [], payload: new Uint8Array() },
 * };
 * const rst = resetFor(syn)!;
 * assert.deepEqual([rst.repr.sequenceNumber, rst.repr.acknowledgmentNumber], [0, 101]);
 * assert.ok(rst.repr.flags.rst && rst.repr.flags.ack);
 * ```
 *
 * @module
 */

import { emitTcp, formatTcp, tcpFlags, type TcpRepr } from "@stack/wire/mod.ts";
import { seqAdd } from "./sequence.ts";

/**
 * A segment in flight: TCP repr and the IPv4 addresses it travels between.
 *
 * @example
 * ```ts
 * import { tcpFlags } from "@stack/wire/mod.ts";
 * import type { TcpSegment } from "./segment.ts";
 * const segment: TcpSegment = {
 *   source: "10.0.0.1", destination: "10.0.0.2",
 *   repr: { sourcePort: 1, destinationPort: 2, sequenceNumber: 0, acknowledgmentNumber: 0,
 *     flags: tcpFlags({ rst: true }), window: 0, urgentPointer: 0, options: [], payload: new Uint8Array() },
 * };
 * ```
 */
export interface TcpSegment {
  /** IPv4 address of the sender, dotted quad. */
  readonly source: string;
  /** IPv4 address of the receiver, dotted quad. */
  readonly destination: string;
  /** The TCP header fields and payload. */
  readonly repr: TcpRepr;
  /**
   * The sender's running count of segments, for traces only: it pairs a sent row with
   * its received row (`diagram.ts`). Not on the wire; a network that re-parses bytes
   * drops it.
   */
  readonly id?: number;
}

/**
 * SEG.LEN: the sequence space a segment occupies, payload bytes plus one for SYN and one
 * for FIN (RFC 9293 §3.4).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { tcpFlags } from "@stack/wire/mod.ts";
 * import { segmentLength } from "./segment.ts";
 * const repr = { sourcePort: 1, destinationPort: 2, sequenceNumber: 0, acknowledgmentNumber: 0,
 *   flags: tcpFlags({ syn: true, fin: true }), window: 0, urgentPointer: 0, options: [], payload: new Uint8Array(3) };
 * assert.equal(segmentLength(repr), 5);
 * ```
 */
export function segmentLength(repr: TcpRepr): number {
  return repr.payload.length + (repr.flags.syn ? 1 : 0) + (repr.flags.fin ? 1 : 0);
}

/**
 * The reset a TCP with no connection for `segment` sends back (RFC 9293 §3.10.7.1), or
 * null when `segment` is itself a reset ("An incoming segment containing a RST is
 * discarded"):
 *
 * ```
 *   ACK bit off:  <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>
 *   ACK bit on:   <SEQ=SEG.ACK><CTL=RST>
 * ```
 *
 * The first form is what a SYN to a closed port gets: the client's connect() fails with
 * "connection refused".
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { tcpFlags } from "@stack/wire/mod.ts";
 * import { resetFor } from "./segment.ts";
 * const stray = { source: "10.0.0.1", destination: "10.0.0.2", repr: {
 *   sourcePort: 5000, destinationPort: 80, sequenceNumber: 7, acknowledgmentNumber: 4242,
 *   flags: tcpFlags({ ack: true }), window: 100, urgentPointer: 0, options: [], payload: new Uint8Array(10) } };
 * const rst = resetFor(stray)!;
 * assert.equal(rst.repr.sequenceNumber, 4242);
 * assert.ok(rst.repr.flags.rst && !rst.repr.flags.ack);
 * assert.deepEqual([rst.source, rst.repr.destinationPort], ["10.0.0.2", 5000]);
 * ```
 */
export function resetFor(segment: TcpSegment): TcpSegment | null {
  const { repr } = segment;
  if (repr.flags.rst) return null;
  const ackOn = repr.flags.ack;
  return {
    source: segment.destination,
    destination: segment.source,
    repr: {
      sourcePort: repr.destinationPort,
      destinationPort: repr.sourcePort,
      sequenceNumber: ackOn ? repr.acknowledgmentNumber : 0,
      acknowledgmentNumber: ackOn ? 0 : seqAdd(repr.sequenceNumber, segmentLength(repr)),
      flags: tcpFlags({ rst: true, ack: !ackOn }),
      window: 0,
      urgentPointer: 0,
      options: [],
      payload: new Uint8Array(0),
    },
  };
}

/**
 * tcpdump's line for a segment, e.g. `IP 10.0.0.1.49152 > 10.0.0.2.80: Flags [S], …`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { tcpFlags } from "@stack/wire/mod.ts";
 * import { formatSegment } from "./segment.ts";
 * const line = formatSegment({ source: "10.0.0.1", destination: "10.0.0.2", repr: {
 *   sourcePort: 49152, destinationPort: 80, sequenceNumber: 1, acknowledgmentNumber: 0,
 *   flags: tcpFlags({ syn: true }), window: 65535, urgentPointer: 0, options: [], payload: new Uint8Array() } });
 * assert.equal(line, "IP 10.0.0.1.49152 > 10.0.0.2.80: Flags [S], seq 1, win 65535, length 0");
 * ```
 */
export function formatSegment(segment: TcpSegment): string {
  return formatTcp(segment.repr, segment);
}

/**
 * The segment's bytes as IPv4 would carry them, checksum filled in (a copy, safe to keep).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseTcp, tcpFlags } from "@stack/wire/mod.ts";
 * import { encodeSegment } from "./segment.ts";
 * const segment = { source: "10.0.0.1", destination: "10.0.0.2", repr: {
 *   sourcePort: 1, destinationPort: 2, sequenceNumber: 3, acknowledgmentNumber: 0,
 *   flags: tcpFlags({ syn: true }), window: 9, urgentPointer: 0, options: [], payload: new Uint8Array() } };
 * const bytes = encodeSegment(segment);
 * assert.equal(bytes.length, 20);
 * assert.equal(parseTcp(bytes, segment).sequenceNumber, 3);
 * ```
 */
export function encodeSegment(segment: TcpSegment): Uint8Array {
  return emitTcp(segment.repr, segment).slice();
}
