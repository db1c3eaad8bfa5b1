/**
 * UDP datagrams (RFC 768): the thinnest transport, adding only ports (which process on the
 * host) and a checksum to IPv4 (protocol 17). No connection, no order, no retransmission.
 *
 * Usage: `parseUdp(ipv4Repr.payload, {source, destination})` checks the checksum against
 * the IPv4 addresses (the pseudo-header) and gives `{sourcePort, destinationPort, payload}`;
 * `emitUdp(repr, {source, destination})` writes one.
 *
 * Header layout (RFC 768 "Format"):
 *
 *      0      7 8     15 16    23 24    31
 *     +--------+--------+--------+--------+
 *     |     Source      |   Destination   |
 *     |      Port       |      Port       |
 *     +--------+--------+--------+--------+
 *     |                 |                 |
 *     |     Length      |    Checksum     |
 *     +--------+--------+--------+--------+
 *     |          data octets ...
 *     +---------------- ...
 *
 * Length counts header and data. The checksum covers the pseudo-header (source and
 * destination address, protocol 17, UDP length), the header and the data. A computed
 * checksum of 0 is sent as 0xffff (the other one's complement zero), because a received 0
 * means "the sender computed no checksum".
 *
 * @module
 */

import { onesComplementSum, pseudoHeaderSum } from "./checksum.ts";
import { ChecksumError, TruncatedError, WireError } from "./errors.ts";
import { type Ipv4Endpoints, parseIpv4Address } from "./ipv4_address.ts";
import {
  allocate,
  checkUint,
  hex,
  pushField,
  readU16,
  type WireField,
  writeU16,
} from "./_bytes.ts";

/** Byte ranges of the header fields, `[start, end)`. */
const FIELD = {
  sourcePort: [0, 2],
  destinationPort: [2, 4],
  length: [4, 6],
  checksum: [6, 8],
} as const;

/**
 * Bytes in a UDP header.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(UDP_HEADER_LENGTH, 8);
 * ```
 */
export const UDP_HEADER_LENGTH = 8;
/** IP protocol number of UDP. */
const PROTOCOL_UDP = 17;

function needEndpoints(endpoints: Partial<Ipv4Endpoints>, what: string): Ipv4Endpoints {
  if (typeof endpoints.source !== "string" || typeof endpoints.destination !== "string") {
    throw new TypeError(
      `${what} needs the source and destination IPv4 addresses for the checksum pseudo-header ` +
        `(RFC 768); pass { source, destination }, or turn the checksum off.`,
    );
  }
  return endpoints as Ipv4Endpoints;
}

/** Folded sum of the pseudo-header and the first `length` bytes, checksum field as stored. */
function datagramSum(bytes: Uint8Array, endpoints: Ipv4Endpoints, length: number): number {
  const initial = pseudoHeaderSum({
    source: parseIpv4Address(endpoints.source),
    destination: parseIpv4Address(endpoints.destination),
    protocol: PROTOCOL_UDP,
    length,
  });
  return onesComplementSum(bytes, { end: length, initial });
}

/**
 * A read/write view of a UDP datagram. It checks nothing: fields past the end read as zero.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const endpoints = { source: "10.0.0.1", destination: "10.0.0.2" };
 * const bytes = emitUdp({ sourcePort: 5353, destinationPort: 53, payload: new Uint8Array(4) }, endpoints);
 * const view = new UdpView(bytes);
 * assert.equal(view.length, 12);
 * view.destinationPort = 54;
 * assert.ok(!view.verifyChecksum(endpoints));
 * view.fillChecksum(endpoints);
 * assert.ok(view.verifyChecksum(endpoints));
 * ```
 */
export class UdpView {
  /** Wrap `bytes` (the datagram starts at `bytes[0]`). */
  constructor(readonly bytes: Uint8Array) {}

  /** Source port. */
  get sourcePort(): number {
    return readU16(this.bytes, FIELD.sourcePort[0]);
  }
  set sourcePort(value: number) {
    writeU16(this.bytes, FIELD.sourcePort[0], value);
  }

  /** Destination port. */
  get destinationPort(): number {
    return readU16(this.bytes, FIELD.destinationPort[0]);
  }
  set destinationPort(value: number) {
    writeU16(this.bytes, FIELD.destinationPort[0], value);
  }

  /** Length of header plus data. */
  get length(): number {
    return readU16(this.bytes, FIELD.length[0]);
  }
  set length(value: number) {
    writeU16(this.bytes, FIELD.length[0], value);
  }

  /** Checksum as stored (0: none). */
  get checksum(): number {
    return readU16(this.bytes, FIELD.checksum[0]);
  }
  set checksum(value: number) {
    writeU16(this.bytes, FIELD.checksum[0], value);
  }

  /** Bytes from the header to the length field (clipped to the buffer). */
  get payload(): Uint8Array {
    return this.bytes.subarray(UDP_HEADER_LENGTH, Math.max(UDP_HEADER_LENGTH, this.length));
  }

  /** The checksum the datagram should carry (a computed 0 is written as 0xffff). */
  computeChecksum(endpoints: Ipv4Endpoints): number {
    const stored = this.checksum;
    this.checksum = 0; // the checksum is computed with its own field zero
    const sum = datagramSum(this.bytes, endpoints, Math.min(this.length, this.bytes.length));
    this.checksum = stored;
    const value = ~sum & 0xffff;
    return value === 0 ? 0xffff : value;
  }

  /** Store {@link computeChecksum} in the checksum field. */
  fillChecksum(endpoints: Ipv4Endpoints): void {
    this.checksum = this.computeChecksum(endpoints);
  }

  /** Whether the checksum matches; a stored 0 ("no checksum") always does. */
  verifyChecksum(endpoints: Ipv4Endpoints): boolean {
    if (this.checksum === 0) return true;
    return datagramSum(this.bytes, endpoints, Math.min(this.length, this.bytes.length)) === 0xffff;
  }

  /** The header fields with their byte ranges, for dissection; only fields that are present. */
  fields(): WireField[] {
    const rows: WireField[] = [];
    const n = this.bytes.length;
    pushField(rows, n, "sourcePort", FIELD.sourcePort, () => this.sourcePort);
    pushField(rows, n, "destinationPort", FIELD.destinationPort, () => this.destinationPort);
    pushField(rows, n, "length", FIELD.length, () => this.length);
    pushField(rows, n, "checksum", FIELD.checksum, () => hex(this.checksum));
    return rows;
  }
}

/**
 * A UDP datagram as plain data (length and checksum are derived).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const repr: UdpRepr = { sourcePort: 5353, destinationPort: 53, payload: new Uint8Array(4) };
 * assert.deepEqual(parseUdp(emitUdp(repr, { checksum: false })), repr);
 * ```
 */
export interface UdpRepr {
  /** Source port, 0–65535. */
  readonly sourcePort: number;
  /** Destination port, 0–65535. */
  readonly destinationPort: number;
  /** The data. */
  readonly payload: Uint8Array;
}

/**
 * Options of {@link parseUdp}: the IPv4 addresses, and whether to check the checksum.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const options: ParseUdpOptions = { verifyChecksum: false };
 * const bytes = emitUdp({ sourcePort: 1, destinationPort: 2, payload: new Uint8Array() }, { checksum: false });
 * assert.equal(parseUdp(bytes, options).destinationPort, 2);
 * ```
 */
export interface ParseUdpOptions extends Partial<Ipv4Endpoints> {
  /** Throw a {@link ChecksumError} when a non-zero checksum is wrong; needs `source` and `destination`. @default true */
  readonly verifyChecksum?: boolean;
}

/**
 * Read a UDP datagram. Bytes past the length field are ignored.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * // The UDP part of a datagram made with scapy (see udp_test.ts).
 * const hex = "14e9003500120dc668656c6c6f2c20756470";
 * const bytes = new Uint8Array(hex.match(/../g)!.map((b) => parseInt(b, 16)));
 * const repr = parseUdp(bytes, { source: "10.0.0.1", destination: "10.0.0.2" });
 * assert.equal(repr.destinationPort, 53);
 * assert.equal(new TextDecoder().decode(repr.payload), "hello, udp");
 * ```
 */
export function parseUdp(bytes: Uint8Array, options: ParseUdpOptions = {}): UdpRepr {
  if (bytes.length < UDP_HEADER_LENGTH) {
    throw new TruncatedError({
      layer: "UDP",
      field: "header",
      offset: 0,
      needed: 8,
      available: bytes.length,
    });
  }
  const view = new UdpView(bytes);
  const length = view.length;
  if (length < UDP_HEADER_LENGTH) {
    throw new WireError({
      layer: "UDP",
      field: "length",
      offset: FIELD.length[0],
      problem: `length ${length} is shorter than the 8-byte header`,
      fix: "The length field counts the header and the data.",
    });
  }
  if (length > bytes.length) {
    throw new TruncatedError({
      layer: "UDP",
      field: "length",
      offset: FIELD.length[0],
      needed: length,
      available: bytes.length,
      problem: `length ${length} is longer than the ${bytes.length} bytes present`,
    });
  }
  const repr: UdpRepr = {
    sourcePort: view.sourcePort,
    destinationPort: view.destinationPort,
    payload: bytes.subarray(UDP_HEADER_LENGTH, length),
  };
  if ((options.verifyChecksum ?? true) && view.checksum !== 0) {
    const endpoints = needEndpoints(options, "parseUdp");
    if (datagramSum(bytes, endpoints, length) !== 0xffff) {
      throw new ChecksumError({
        layer: "UDP",
        field: "checksum",
        offset: FIELD.checksum[0],
        found: view.checksum,
        expected: view.computeChecksum(endpoints),
        repr,
        view,
      });
    }
  }
  return repr;
}

/**
 * Options of {@link emitUdp}: the IPv4 addresses, and whether to compute the checksum.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const options: EmitUdpOptions = { source: "10.0.0.1", destination: "10.0.0.2" };
 * const bytes = emitUdp({ sourcePort: 1, destinationPort: 2, payload: new Uint8Array() }, options);
 * assert.notEqual(new UdpView(bytes).checksum, 0);
 * ```
 */
export interface EmitUdpOptions extends Partial<Ipv4Endpoints> {
  /** Compute the checksum (needs `source` and `destination`); `false` sends 0, "no checksum". @default true */
  readonly checksum?: boolean;
}

/**
 * Write a UDP datagram.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const endpoints = { source: "10.0.0.1", destination: "10.0.0.2" };
 * const repr = { sourcePort: 5353, destinationPort: 53, payload: new TextEncoder().encode("hello, udp") };
 * const bytes = emitUdp(repr, endpoints);
 * assert.equal(new UdpView(bytes).checksum, 0x0dc6); // as scapy computed it
 * assert.deepEqual(parseUdp(bytes, endpoints), repr);
 * ```
 */
export function emitUdp(repr: UdpRepr, options: EmitUdpOptions = {}): Uint8Array {
  checkUint("UDP", "sourcePort", 0, repr.sourcePort, 0xffff);
  checkUint("UDP", "destinationPort", 2, repr.destinationPort, 0xffff);
  const length = UDP_HEADER_LENGTH + repr.payload.length;
  checkUint("UDP", "length", 4, length, 0xffff);
  const bytes = allocate(length);
  writeU16(bytes, FIELD.sourcePort[0], repr.sourcePort);
  writeU16(bytes, FIELD.destinationPort[0], repr.destinationPort);
  writeU16(bytes, FIELD.length[0], length);
  bytes.set(repr.payload, UDP_HEADER_LENGTH);
  if (options.checksum ?? true) {
    const value = ~datagramSum(bytes, needEndpoints(options, "emitUdp"), length) & 0xffff;
    writeU16(bytes, FIELD.checksum[0], value === 0 ? 0xffff : value);
  }
  return bytes;
}

/**
 * tcpdump-style line; given the IPv4 addresses (default: none) it starts `IP a.port > b.port`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const repr = { sourcePort: 5353, destinationPort: 53, payload: new Uint8Array(10) };
 * assert.equal(
 *   formatUdp(repr, { source: "10.0.0.1", destination: "10.0.0.2" }),
 *   "IP 10.0.0.1.5353 > 10.0.0.2.53: UDP, length 10",
 * );
 * assert.equal(formatUdp(repr), "5353 > 53: UDP, length 10");
 * ```
 */
export function formatUdp(repr: UdpRepr, addresses: Partial<Ipv4Endpoints> = {}): string {
  const ends = addresses.source && addresses.destination
    ? `IP ${addresses.source}.${repr.sourcePort} > ${addresses.destination}.${repr.destinationPort}`
    : `${repr.sourcePort} > ${repr.destinationPort}`;
  return `${ends}: UDP, length ${repr.payload.length}`;
}
