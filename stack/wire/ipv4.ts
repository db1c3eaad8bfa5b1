/**
 * IPv4 packets (RFC 791): the network layer, which carries a datagram hop by hop from a
 * source address to a destination address. Above Ethernet (EtherType 0x0800); below ICMP,
 * UDP and TCP (the protocol field).
 *
 * Usage: `parseIpv4(bytes)` gives a repr and verifies the header checksum (a bad checksum
 * throws a `ChecksumError` that still carries the repr); `emitIpv4(repr)` writes a packet
 * with a fresh checksum; `decrementTtl(bytes)` is a router's forwarding step. Addresses
 * are dotted-quad text (`"10.0.0.1"`); `parseIpv4Cidr("10.0.0.0/24")` and
 * `ipv4CidrContains` answer "is this address in that network?".
 *
 * Header layout (RFC 791 §3.1):
 *
 *      0                   1                   2                   3
 *      0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *     +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *     |Version|  IHL  |   DSCP    |ECN|          Total Length         |
 *     +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *     |         Identification        |R|D|M|     Fragment Offset     |
 *     +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *     |  Time to Live |    Protocol   |         Header Checksum       |
 *     +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *     |                       Source Address                          |
 *     +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *     |                    Destination Address                        |
 *     +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *     |                    Options                    |    Padding    |
 *     +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * IHL counts 32-bit words (5–15, so 20–60 bytes). The old Type of Service byte is now
 * DSCP (RFC 2474) and ECN (RFC 3168). Flags: R reserved, D = don't fragment, M = more
 * fragments. The fragment offset counts 8-byte units. The checksum covers the header only.
 *
 * @module
 */

import { internetChecksum, onesComplementSum, updateChecksum } from "./checksum.ts";
import { ChecksumError, TruncatedError, WireError } from "./errors.ts";
import {
  allocate,
  checkUint,
  hex,
  pushField,
  readU16,
  type WireField,
  writeU16,
} from "./_bytes.ts";
import { type Ipv4Address, readIpv4Address, writeIpv4Address } from "./ipv4_address.ts";

export * from "./ipv4_address.ts";

/** Byte ranges of the header fields, `[start, end)`; several fields share a byte. */
const FIELD = {
  versionAndIhl: [0, 1],
  dscpAndEcn: [1, 2],
  totalLength: [2, 4],
  identification: [4, 6],
  flagsAndFragmentOffset: [6, 8],
  ttl: [8, 9],
  protocol: [9, 10],
  checksum: [10, 12],
  source: [12, 16],
  destination: [16, 20],
} as const;

/** The options of a header without options (shared: it has no bytes to change). */
const NO_OPTIONS = new Uint8Array(0);

/**
 * Bytes in an IPv4 header without options.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(IPV4_MIN_HEADER_LENGTH, 5 * 4); // IHL 5
 * ```
 */
export const IPV4_MIN_HEADER_LENGTH = 20;
/**
 * Bytes in an IPv4 header with the most options (IHL 15).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(IPV4_MAX_HEADER_LENGTH, 15 * 4); // IHL 15
 * ```
 */
export const IPV4_MAX_HEADER_LENGTH = 60;

/**
 * IP protocol numbers (IANA), named as in smoltcp `IpProtocol`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(IpProtocol.Tcp, 6);
 * ```
 */
export const IpProtocol = { Icmp: 1, Tcp: 6, Udp: 17 } as const;

/**
 * The display name of an IP protocol number.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(ipProtocolName(17), "UDP");
 * assert.equal(ipProtocolName(99), "99");
 * ```
 */
export function ipProtocolName(protocol: number): string {
  return protocol === 1
    ? "ICMP"
    : protocol === 6
    ? "TCP"
    : protocol === 17
    ? "UDP"
    : String(protocol);
}

// ---------------------------------------------------------------------------------------
// View

/** Names of IPv4 option types (IANA "IP Option Numbers"), for dissection. */
const OPTION_NAME: Record<number, string> = {
  0: "End of Options List",
  1: "No Operation",
  7: "Record Route",
  68: "Timestamp",
  130: "Security",
  131: "Loose Source Route",
  137: "Strict Source Route",
  148: "Router Alert",
};

/**
 * A read/write view of an IPv4 packet over a `Uint8Array`. It checks nothing: fields
 * past the end read as zero and writes there are dropped.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const packet = emitIpv4({
 *   dscp: 0, ecn: 0, identification: 1, dontFragment: true, moreFragments: false,
 *   fragmentOffset: 0, ttl: 64, protocol: IpProtocol.Udp,
 *   source: "10.0.0.1", destination: "10.0.0.2", options: new Uint8Array(), payload: new Uint8Array(8),
 * });
 * const view = new Ipv4View(packet);
 * assert.equal(view.ttl, 64);
 * view.ttl = 1; // write a field in place ...
 * assert.equal(view.verifyChecksum(), false); // ... and the checksum no longer matches
 * view.fillChecksum();
 * assert.equal(view.verifyChecksum(), true);
 * ```
 */
export class Ipv4View {
  /** Wrap `bytes` (the header starts at `bytes[0]`). */
  constructor(readonly bytes: Uint8Array) {}

  /** Version, the high nibble of byte 0 (4 for IPv4). */
  get version(): number {
    return (this.bytes[0] ?? 0) >> 4;
  }
  set version(value: number) {
    this.bytes[0] = ((value & 0xf) << 4) | (this.bytes[0] & 0x0f);
  }

  /** Internet header length in 32-bit words, the low nibble of byte 0. */
  get ihl(): number {
    return (this.bytes[0] ?? 0) & 0x0f;
  }
  set ihl(value: number) {
    this.bytes[0] = (this.bytes[0] & 0xf0) | (value & 0x0f);
  }

  /** Header length in bytes: `ihl * 4`. */
  get headerLength(): number {
    return this.ihl * 4;
  }

  /** Differentiated services code point, the high 6 bits of byte 1. */
  get dscp(): number {
    return (this.bytes[1] ?? 0) >> 2;
  }
  set dscp(value: number) {
    this.bytes[1] = ((value & 0x3f) << 2) | (this.bytes[1] & 0x03);
  }

  /** Explicit congestion notification, the low 2 bits of byte 1. */
  get ecn(): number {
    return (this.bytes[1] ?? 0) & 0x03;
  }
  set ecn(value: number) {
    this.bytes[1] = (this.bytes[1] & 0xfc) | (value & 0x03);
  }

  /** Total length of the packet, header included (bytes 2–3). */
  get totalLength(): number {
    return readU16(this.bytes, FIELD.totalLength[0]);
  }
  set totalLength(value: number) {
    writeU16(this.bytes, FIELD.totalLength[0], value);
  }

  /** Identification, shared by the fragments of one datagram (bytes 4–5). */
  get identification(): number {
    return readU16(this.bytes, FIELD.identification[0]);
  }
  set identification(value: number) {
    writeU16(this.bytes, FIELD.identification[0], value);
  }

  /** The reserved flag (bit 0 of byte 6), must be zero. */
  get reservedFlag(): boolean {
    return (this.bytes[6] & 0x80) !== 0;
  }
  set reservedFlag(value: boolean) {
    this.bytes[6] = value ? this.bytes[6] | 0x80 : this.bytes[6] & 0x7f;
  }

  /** Don't fragment (DF, bit 1 of byte 6). */
  get dontFragment(): boolean {
    return (this.bytes[6] & 0x40) !== 0;
  }
  set dontFragment(value: boolean) {
    this.bytes[6] = value ? this.bytes[6] | 0x40 : this.bytes[6] & 0xbf;
  }

  /** More fragments (MF, bit 2 of byte 6). */
  get moreFragments(): boolean {
    return (this.bytes[6] & 0x20) !== 0;
  }
  set moreFragments(value: boolean) {
    this.bytes[6] = value ? this.bytes[6] | 0x20 : this.bytes[6] & 0xdf;
  }

  /** Fragment offset in 8-byte units (low 13 bits of bytes 6–7). */
  get fragmentOffset(): number {
    return readU16(this.bytes, FIELD.flagsAndFragmentOffset[0]) & 0x1fff;
  }
  set fragmentOffset(value: number) {
    const word = readU16(this.bytes, FIELD.flagsAndFragmentOffset[0]);
    writeU16(this.bytes, FIELD.flagsAndFragmentOffset[0], (word & 0xe000) | (value & 0x1fff));
  }

  /** Time to live: hops left (byte 8). */
  get ttl(): number {
    return this.bytes[8] ?? 0;
  }
  set ttl(value: number) {
    this.bytes[8] = value;
  }

  /** Protocol of the payload, see {@link IpProtocol} (byte 9). */
  get protocol(): number {
    return this.bytes[9] ?? 0;
  }
  set protocol(value: number) {
    this.bytes[9] = value;
  }

  /** Header checksum as stored (bytes 10–11). */
  get checksum(): number {
    return readU16(this.bytes, FIELD.checksum[0]);
  }
  set checksum(value: number) {
    writeU16(this.bytes, FIELD.checksum[0], value);
  }

  /** Source address (bytes 12–15). */
  get source(): Ipv4Address {
    return readIpv4Address(this.bytes, FIELD.source[0]);
  }
  set source(value: Ipv4Address) {
    writeIpv4Address(this.bytes, FIELD.source[0], value);
  }

  /** Destination address (bytes 16–19). */
  get destination(): Ipv4Address {
    return readIpv4Address(this.bytes, FIELD.destination[0]);
  }
  set destination(value: Ipv4Address) {
    writeIpv4Address(this.bytes, FIELD.destination[0], value);
  }

  /** Option bytes between byte 20 and the header length (clipped to the buffer). */
  get options(): Uint8Array {
    return this.bytes.subarray(
      IPV4_MIN_HEADER_LENGTH,
      Math.max(IPV4_MIN_HEADER_LENGTH, this.headerLength),
    );
  }

  /** Bytes from the header length to the total length (clipped to the buffer). */
  get payload(): Uint8Array {
    return this.bytes.subarray(this.headerLength, Math.max(this.headerLength, this.totalLength));
  }

  /**
   * The checksum the header should carry: the complement of the sum of every header word
   * except the checksum field itself.
   */
  computeChecksum(): number {
    const end = Math.min(Math.max(this.headerLength, IPV4_MIN_HEADER_LENGTH), this.bytes.length);
    const before = onesComplementSum(this.bytes, { end: Math.min(FIELD.checksum[0], end) });
    return ~onesComplementSum(this.bytes, {
      start: Math.min(FIELD.checksum[1], end),
      end,
      initial: before,
    }) &
      0xffff;
  }

  /** Store {@link computeChecksum} in the checksum field. */
  fillChecksum(): void {
    this.checksum = this.computeChecksum();
  }

  /** Whether the stored checksum matches the header. */
  verifyChecksum(): boolean {
    return this.checksum === this.computeChecksum();
  }

  /** The header fields with their byte ranges, for dissection; only fields that are present. */
  fields(): WireField[] {
    const rows: WireField[] = [];
    const n = this.bytes.length;
    pushField(rows, n, "version", FIELD.versionAndIhl, () => this.version);
    pushField(
      rows,
      n,
      "ihl",
      FIELD.versionAndIhl,
      () => `${this.ihl} (${this.headerLength} bytes)`,
    );
    pushField(rows, n, "dscp", FIELD.dscpAndEcn, () => this.dscp);
    pushField(rows, n, "ecn", FIELD.dscpAndEcn, () => this.ecn);
    pushField(rows, n, "totalLength", FIELD.totalLength, () => this.totalLength);
    pushField(rows, n, "identification", FIELD.identification, () => hex(this.identification));
    pushField(rows, n, "flags.reserved", [6, 7], () => this.reservedFlag);
    pushField(rows, n, "flags.dontFragment", [6, 7], () => this.dontFragment);
    pushField(rows, n, "flags.moreFragments", [6, 7], () => this.moreFragments);
    pushField(rows, n, "fragmentOffset", FIELD.flagsAndFragmentOffset, () => this.fragmentOffset);
    pushField(rows, n, "ttl", FIELD.ttl, () => this.ttl);
    pushField(
      rows,
      n,
      "protocol",
      FIELD.protocol,
      () => `${ipProtocolName(this.protocol)} (${this.protocol})`,
    );
    pushField(rows, n, "checksum", FIELD.checksum, () => hex(this.checksum));
    pushField(rows, n, "source", FIELD.source, () => this.source);
    pushField(rows, n, "destination", FIELD.destination, () => this.destination);
    // Options (RFC 791 §3.1): type, then (except EOL and NOP) a length covering type and length.
    const end = Math.min(this.headerLength, n);
    for (let at = IPV4_MIN_HEADER_LENGTH; at < end;) {
      const type = this.bytes[at];
      const size = type <= 1 ? 1 : this.bytes[at + 1] ?? 0;
      if (size < 1 || at + size > end) {
        rows.push({ field: "options", value: `malformed option ${type}`, start: at, end });
        break;
      }
      rows.push({
        field: "options",
        value: `${OPTION_NAME[type] ?? "Unknown"} (${type}), length ${size}`,
        start: at,
        end: at + size,
      });
      at += size;
      if (type === 0) {
        if (at < end) rows.push({ field: "options.padding", value: end - at, start: at, end });
        break;
      }
    }
    return rows;
  }
}

// ---------------------------------------------------------------------------------------
// Repr, parse, emit, format

/**
 * An IPv4 packet as plain data. Derived fields (version, IHL, total length, checksum) are left out.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const repr: Ipv4Repr = {
 *   dscp: 0, ecn: 0, identification: 1, dontFragment: true, moreFragments: false, fragmentOffset: 0,
 *   ttl: 64, protocol: IpProtocol.Udp, source: "10.0.0.1", destination: "10.0.0.2",
 *   options: new Uint8Array(), payload: new Uint8Array(8),
 * };
 * assert.deepEqual(parseIpv4(emitIpv4(repr)), repr);
 * ```
 */
export interface Ipv4Repr {
  /** Differentiated services code point, 0–63. */
  readonly dscp: number;
  /** Explicit congestion notification, 0–3. */
  readonly ecn: number;
  /** Identification, 0–65535. */
  readonly identification: number;
  /** DF flag: routers must drop rather than fragment. */
  readonly dontFragment: boolean;
  /** MF flag: more fragments follow. */
  readonly moreFragments: boolean;
  /** Fragment offset in 8-byte units, 0–8191 (byte offset = fragmentOffset × 8). */
  readonly fragmentOffset: number;
  /** Time to live, 0–255. */
  readonly ttl: number;
  /** Payload protocol, see {@link IpProtocol}. */
  readonly protocol: number;
  /** Source address. */
  readonly source: Ipv4Address;
  /** Destination address. */
  readonly destination: Ipv4Address;
  /** Raw option bytes, a multiple of 4, at most 40. */
  readonly options: Uint8Array;
  /** The payload: bytes from the header length to the total length. */
  readonly payload: Uint8Array;
}

/**
 * Options of {@link parseIpv4}.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const options: ParseIpv4Options = { verifyChecksum: false };
 * assert.equal(options.verifyChecksum, false);
 * ```
 */
export interface ParseIpv4Options {
  /** Throw a {@link ChecksumError} when the header checksum is wrong. @default true */
  readonly verifyChecksum?: boolean;
}

function ipv4Error(field: string, offset: number, problem: string, fix: string): WireError {
  return new WireError({ layer: "IPv4", field, offset, problem, fix });
}

/**
 * Read an IPv4 packet. Checks, in order: 20 bytes present, version 4, IHL ≥ 5, the whole
 * header present, total length ≥ header length, total length present, checksum. Bytes
 * past the total length (Ethernet padding) are ignored.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ChecksumError } from "./errors.ts";
 * // An ICMP echo request made with scapy (see ipv4_test.ts), without its Ethernet header.
 * const hex = "4500002c123440004001149b0a0000010a000002080036f500420001737461636b6c61622d70696e67212121";
 * const bytes = new Uint8Array(hex.match(/../g)!.map((b) => parseInt(b, 16)));
 * const repr = parseIpv4(bytes);
 * assert.equal(repr.source, "10.0.0.1");
 * assert.equal(repr.protocol, IpProtocol.Icmp);
 * assert.equal(repr.payload.length, 24);
 * bytes[8] = 1; // change the TTL without fixing the checksum
 * assert.throws(() => parseIpv4(bytes), ChecksumError);
 * assert.equal(parseIpv4(bytes, { verifyChecksum: false }).ttl, 1);
 * ```
 */
export function parseIpv4(bytes: Uint8Array, options: ParseIpv4Options = {}): Ipv4Repr {
  if (bytes.length < IPV4_MIN_HEADER_LENGTH) {
    throw new TruncatedError({
      layer: "IPv4",
      field: "header",
      offset: 0,
      needed: 20,
      available: bytes.length,
    });
  }
  const view = new Ipv4View(bytes);
  if (view.version !== 4) {
    throw ipv4Error(
      "version",
      0,
      `version ${view.version} is not 4`,
      "This parser reads IPv4 only; check the EtherType (0x0800) or the first byte (0x45).",
    );
  }
  const headerLength = view.headerLength;
  if (headerLength < IPV4_MIN_HEADER_LENGTH) {
    throw ipv4Error(
      "ihl",
      0,
      `IHL ${view.ihl} (${headerLength} bytes) is shorter than the 20-byte minimum header`,
      "IHL counts 32-bit words and must be 5 to 15.",
    );
  }
  if (headerLength > bytes.length) {
    throw new TruncatedError({
      layer: "IPv4",
      field: "options",
      offset: IPV4_MIN_HEADER_LENGTH,
      needed: headerLength,
      available: bytes.length,
      problem:
        `IHL ${view.ihl} announces a ${headerLength}-byte header but only ${bytes.length} bytes are present`,
    });
  }
  const totalLength = view.totalLength;
  if (totalLength < headerLength) {
    throw ipv4Error(
      "totalLength",
      FIELD.totalLength[0],
      `total length ${totalLength} is shorter than the ${headerLength}-byte header`,
      "Check the IHL and total length fields.",
    );
  }
  if (totalLength > bytes.length) {
    throw new TruncatedError({
      layer: "IPv4",
      field: "totalLength",
      offset: FIELD.totalLength[0],
      needed: totalLength,
      available: bytes.length,
      problem: `total length ${totalLength} is longer than the ${bytes.length} bytes present`,
    });
  }
  const repr: Ipv4Repr = {
    dscp: view.dscp,
    ecn: view.ecn,
    identification: view.identification,
    dontFragment: view.dontFragment,
    moreFragments: view.moreFragments,
    fragmentOffset: view.fragmentOffset,
    ttl: view.ttl,
    protocol: view.protocol,
    source: view.source,
    destination: view.destination,
    options: headerLength === IPV4_MIN_HEADER_LENGTH
      ? NO_OPTIONS
      : bytes.subarray(IPV4_MIN_HEADER_LENGTH, headerLength),
    payload: bytes.subarray(headerLength, totalLength),
  };
  if (options.verifyChecksum ?? true) {
    // Intact headers sum to 0xffff including the checksum field, so the checksum of them is 0.
    if (internetChecksum(bytes, { end: headerLength }) !== 0) {
      throw new ChecksumError({
        layer: "IPv4",
        field: "checksum",
        offset: FIELD.checksum[0],
        found: view.checksum,
        expected: view.computeChecksum(),
        repr,
        view,
      });
    }
  }
  return repr;
}

/**
 * Options of {@link emitIpv4}.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const options: EmitIpv4Options = { checksum: false };
 * const packet = emitIpv4({
 *   dscp: 0, ecn: 0, identification: 1, dontFragment: false, moreFragments: false, fragmentOffset: 0,
 *   ttl: 64, protocol: 17, source: "10.0.0.1", destination: "10.0.0.2", options: new Uint8Array(), payload: new Uint8Array(),
 * }, options);
 * assert.equal(new Ipv4View(packet).checksum, 0);
 * ```
 */
export interface EmitIpv4Options {
  /** Compute the header checksum; `false` leaves it 0 (to build a bad packet on purpose). @default true */
  readonly checksum?: boolean;
}

/**
 * Write an IPv4 packet: version 4, IHL and total length from the options and payload,
 * and the header checksum.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const repr = {
 *   dscp: 0, ecn: 0, identification: 0x1234, dontFragment: true, moreFragments: false,
 *   fragmentOffset: 0, ttl: 64, protocol: IpProtocol.Icmp,
 *   source: "10.0.0.1", destination: "10.0.0.2", options: new Uint8Array(), payload: new Uint8Array(24),
 * };
 * const packet = emitIpv4(repr);
 * assert.equal(packet.length, 44);
 * assert.deepEqual(parseIpv4(packet), repr);
 * ```
 */
export function emitIpv4(repr: Ipv4Repr, options: EmitIpv4Options = {}): Uint8Array {
  checkUint("IPv4", "dscp", 1, repr.dscp, 63);
  checkUint("IPv4", "ecn", 1, repr.ecn, 3);
  checkUint("IPv4", "identification", 4, repr.identification, 0xffff);
  checkUint("IPv4", "fragmentOffset", 6, repr.fragmentOffset, 0x1fff);
  checkUint("IPv4", "ttl", 8, repr.ttl, 255);
  checkUint("IPv4", "protocol", 9, repr.protocol, 255);
  const optionLength = repr.options.length;
  if (optionLength % 4 !== 0 || optionLength > IPV4_MAX_HEADER_LENGTH - IPV4_MIN_HEADER_LENGTH) {
    throw new WireError({
      layer: "IPv4",
      field: "options",
      offset: IPV4_MIN_HEADER_LENGTH,
      action: "emit",
      problem: `options of ${optionLength} bytes are not a multiple of 4 up to 40`,
      fix: "Pad the options with zero (End of Options List) bytes to a 4-byte boundary.",
    });
  }
  const headerLength = IPV4_MIN_HEADER_LENGTH + optionLength;
  const totalLength = headerLength + repr.payload.length;
  if (totalLength > 0xffff) {
    throw new WireError({
      layer: "IPv4",
      field: "totalLength",
      offset: FIELD.totalLength[0],
      action: "emit",
      problem: `total length ${totalLength} is above 65535`,
      fix: "Send less payload in one packet.",
    });
  }
  const bytes = allocate(totalLength);
  bytes[0] = 0x40 | (headerLength >> 2);
  bytes[1] = (repr.dscp << 2) | repr.ecn;
  writeU16(bytes, 2, totalLength);
  writeU16(bytes, 4, repr.identification);
  writeU16(
    bytes,
    6,
    (repr.dontFragment ? 0x4000 : 0) | (repr.moreFragments ? 0x2000 : 0) | repr.fragmentOffset,
  );
  bytes[8] = repr.ttl;
  bytes[9] = repr.protocol;
  writeIpv4Address(bytes, FIELD.source[0], repr.source);
  writeIpv4Address(bytes, FIELD.destination[0], repr.destination);
  bytes.set(repr.options, IPV4_MIN_HEADER_LENGTH);
  if (options.checksum ?? true) {
    writeU16(bytes, FIELD.checksum[0], internetChecksum(bytes, { end: headerLength }));
  }
  bytes.set(repr.payload, headerLength);
  return bytes;
}

/**
 * A router's forwarding step: decrement the TTL in place and patch the header checksum
 * with the RFC 1624 incremental update instead of recomputing it. TTL and protocol share
 * the 16-bit word at bytes 8–9, so m = ttl·256 + protocol and m' = (ttl − 1)·256 + protocol.
 * Returns the new TTL; a router that sees 0 sends ICMP time exceeded. Throws
 * {@link WireError} if the TTL is already 0 or the header is short.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const packet = emitIpv4({
 *   dscp: 0, ecn: 0, identification: 7, dontFragment: false, moreFragments: false,
 *   fragmentOffset: 0, ttl: 2, protocol: IpProtocol.Udp,
 *   source: "10.0.0.1", destination: "10.0.2.9", options: new Uint8Array(), payload: new Uint8Array(8),
 * });
 * assert.equal(decrementTtl(packet), 1);
 * assert.equal(new Ipv4View(packet).verifyChecksum(), true);
 * ```
 */
export function decrementTtl(packet: Uint8Array): number {
  if (packet.length < IPV4_MIN_HEADER_LENGTH) {
    throw new TruncatedError({
      layer: "IPv4",
      field: "header",
      offset: 0,
      needed: 20,
      available: packet.length,
    });
  }
  const view = new Ipv4View(packet);
  const ttl = view.ttl;
  if (ttl === 0) {
    throw ipv4Error(
      "ttl",
      FIELD.ttl[0],
      "TTL is already 0",
      "Drop the packet and send ICMP time exceeded instead.",
    );
  }
  const from = (ttl << 8) | view.protocol;
  view.ttl = ttl - 1;
  view.checksum = updateChecksum(view.checksum, { from, to: from - 0x100 });
  return ttl - 1;
}

/**
 * tcpdump `-v` style line for the IP header alone.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const line = formatIpv4({
 *   dscp: 0, ecn: 0, identification: 0x1234, dontFragment: true, moreFragments: false,
 *   fragmentOffset: 0, ttl: 64, protocol: IpProtocol.Icmp,
 *   source: "10.0.0.1", destination: "10.0.0.2", options: new Uint8Array(), payload: new Uint8Array(24),
 * });
 * assert.equal(
 *   line,
 *   "IP (tos 0x0, ttl 64, id 4660, offset 0, flags [DF], proto ICMP (1), length 44) 10.0.0.1 > 10.0.0.2",
 * );
 * ```
 */
export function formatIpv4(repr: Ipv4Repr): string {
  const flags = [repr.dontFragment ? "DF" : "", repr.moreFragments ? "+" : ""].filter(Boolean).join(
    "",
  );
  const tos = ((repr.dscp << 2) | repr.ecn).toString(16);
  const options = repr.options.length > 0 ? `, options (${repr.options.length} bytes)` : "";
  const length = IPV4_MIN_HEADER_LENGTH + repr.options.length + repr.payload.length;
  return `IP (tos 0x${tos}, ttl ${repr.ttl}, id ${repr.identification}, offset ${
    repr.fragmentOffset * 8
  }, ` +
    `flags [${flags || "none"}], proto ${ipProtocolName(repr.protocol)} (${repr.protocol}), ` +
    `length ${length}${options}) ${repr.source} > ${repr.destination}`;
}
