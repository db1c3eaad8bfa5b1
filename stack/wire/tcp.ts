/**
 * TCP segments (RFC 9293): the reliable byte stream. Ports pick the process, sequence and
 * acknowledgment numbers count bytes, flags open (SYN) and close (FIN, RST) connections,
 * the window paces the sender, and options (see `tcp_options.ts`) negotiate MSS, window
 * scaling, SACK and timestamps. Carried in IPv4 (protocol 6); carries HTTP.
 *
 * Usage: `parseTcp(ipv4Repr.payload, {source, destination})` checks the checksum against
 * the IPv4 addresses; `emitTcp(repr, {source, destination})` writes one;
 * `formatTcp(repr, {source, destination})` prints the tcpdump line.
 *
 * Header layout (RFC 9293 §3.1):
 *
 *      0                   1                   2                   3
 *      0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *     +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *     |          Source Port          |       Destination Port        |
 *     +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *     |                        Sequence Number                        |
 *     +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *     |                    Acknowledgment Number                      |
 *     +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *     |  Data |       |C|E|U|A|P|R|S|F|                               |
 *     | Offset| Rsrvd |W|C|R|C|S|S|Y|I|            Window             |
 *     |       |       |R|E|G|K|H|T|N|N|                               |
 *     +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *     |           Checksum            |         Urgent Pointer        |
 *     +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *     |                           [Options]                           |
 *     +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *     |                             Data ...                          |
 *     +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * Data offset counts 32-bit words (5–15). The checksum covers the pseudo-header (source,
 * destination, protocol 6, TCP length), the header and the data; TCP has no length field:
 * the segment is the rest of the IPv4 payload.
 *
 * @module
 */

import { onesComplementSum, pseudoHeaderSum } from "./checksum.ts";
import { ChecksumError, TruncatedError, WireError } from "./errors.ts";
import { type Ipv4Endpoints, parseIpv4Address } from "./ipv4_address.ts";
import {
  formatTcpFlags,
  TcpFlag,
  type TcpFlags,
  tcpFlagsByte,
  tcpFlagsFromByte,
} from "./tcp_flags.ts";
import {
  formatTcpOptions,
  paddedTcpOptionsLength,
  parseTcpOptions,
  type TcpOption,
  walkTcpOptions,
  writeTcpOptions,
} from "./tcp_options.ts";
import {
  allocate,
  checkUint,
  hex,
  pushField,
  readU16,
  readU32,
  type WireField,
  writeU16,
  writeU32,
} from "./_bytes.ts";

export * from "./tcp_flags.ts";
export * from "./tcp_options.ts";

/** Byte ranges of the header fields, `[start, end)`. */
const FIELD = {
  sourcePort: [0, 2],
  destinationPort: [2, 4],
  sequenceNumber: [4, 8],
  acknowledgmentNumber: [8, 12],
  dataOffsetAndReserved: [12, 13],
  flags: [13, 14],
  window: [14, 16],
  checksum: [16, 18],
  urgentPointer: [18, 20],
} as const;

/**
 * Bytes in a TCP header without options.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(TCP_MIN_HEADER_LENGTH, 5 * 4); // data offset 5
 * ```
 */
export const TCP_MIN_HEADER_LENGTH = 20;
/** IP protocol number of TCP. */
const PROTOCOL_TCP = 6;

function endpointSum(endpoints: Ipv4Endpoints, length: number): number {
  return pseudoHeaderSum({
    source: parseIpv4Address(endpoints.source),
    destination: parseIpv4Address(endpoints.destination),
    protocol: PROTOCOL_TCP,
    length,
  });
}

function needEndpoints(endpoints: Partial<Ipv4Endpoints>, what: string): Ipv4Endpoints {
  if (typeof endpoints.source !== "string" || typeof endpoints.destination !== "string") {
    throw new TypeError(
      `${what} needs the source and destination IPv4 addresses for the checksum pseudo-header ` +
        `(RFC 9293 §3.1); pass { source, destination }, or turn the checksum off.`,
    );
  }
  return endpoints as Ipv4Endpoints;
}

/**
 * A read/write view of a TCP segment. It checks nothing: fields past the end read as zero.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { tcpFlags } from "./tcp_flags.ts";
 * const endpoints = { source: "10.0.0.1", destination: "10.0.1.2" };
 * const segment = emitTcp({
 *   sourcePort: 43210, destinationPort: 80, sequenceNumber: 1000, acknowledgmentNumber: 0,
 *   flags: tcpFlags({ syn: true }), window: 65535, urgentPointer: 0,
 *   options: [{ kind: "mss", value: 1460 }], payload: new Uint8Array(),
 * }, endpoints);
 * const view = new TcpView(segment);
 * assert.equal(view.dataOffset, 6);
 * assert.ok(view.syn && !view.ack);
 * view.ack = true;
 * assert.equal(view.bytes[13], 0x12);
 * assert.ok(!view.verifyChecksum(endpoints));
 * ```
 */
export class TcpView {
  /** Wrap `bytes` (the segment starts at `bytes[0]`). */
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

  /** Sequence number of the first data byte (or of the SYN). */
  get sequenceNumber(): number {
    return readU32(this.bytes, FIELD.sequenceNumber[0]);
  }
  set sequenceNumber(value: number) {
    writeU32(this.bytes, FIELD.sequenceNumber[0], value);
  }

  /** Next sequence number the sender expects to receive (when ACK is set). */
  get acknowledgmentNumber(): number {
    return readU32(this.bytes, FIELD.acknowledgmentNumber[0]);
  }
  set acknowledgmentNumber(value: number) {
    writeU32(this.bytes, FIELD.acknowledgmentNumber[0], value);
  }

  /** Header length in 32-bit words (high nibble of byte 12). */
  get dataOffset(): number {
    return (this.bytes[12] ?? 0) >> 4;
  }
  set dataOffset(value: number) {
    this.bytes[12] = ((value & 0xf) << 4) | (this.bytes[12] & 0x0f);
  }

  /** Header length in bytes: `dataOffset * 4`. */
  get headerLength(): number {
    return this.dataOffset * 4;
  }

  /** The 4 reserved bits (low nibble of byte 12), zero when sent. */
  get reserved(): number {
    return (this.bytes[12] ?? 0) & 0x0f;
  }
  set reserved(value: number) {
    this.bytes[12] = (this.bytes[12] & 0xf0) | (value & 0x0f);
  }

  /** The flags byte (byte 13), see {@link TcpFlag}. */
  get flagsByte(): number {
    return this.bytes[13] ?? 0;
  }
  set flagsByte(value: number) {
    this.bytes[13] = value;
  }

  /** FIN flag. */
  get fin(): boolean {
    return (this.flagsByte & TcpFlag.Fin) !== 0;
  }
  set fin(value: boolean) {
    this.#flag(TcpFlag.Fin, value);
  }
  /** SYN flag. */
  get syn(): boolean {
    return (this.flagsByte & TcpFlag.Syn) !== 0;
  }
  set syn(value: boolean) {
    this.#flag(TcpFlag.Syn, value);
  }
  /** RST flag. */
  get rst(): boolean {
    return (this.flagsByte & TcpFlag.Rst) !== 0;
  }
  set rst(value: boolean) {
    this.#flag(TcpFlag.Rst, value);
  }
  /** PSH flag. */
  get psh(): boolean {
    return (this.flagsByte & TcpFlag.Psh) !== 0;
  }
  set psh(value: boolean) {
    this.#flag(TcpFlag.Psh, value);
  }
  /** ACK flag. */
  get ack(): boolean {
    return (this.flagsByte & TcpFlag.Ack) !== 0;
  }
  set ack(value: boolean) {
    this.#flag(TcpFlag.Ack, value);
  }
  /** URG flag. */
  get urg(): boolean {
    return (this.flagsByte & TcpFlag.Urg) !== 0;
  }
  set urg(value: boolean) {
    this.#flag(TcpFlag.Urg, value);
  }
  /** ECE flag. */
  get ece(): boolean {
    return (this.flagsByte & TcpFlag.Ece) !== 0;
  }
  set ece(value: boolean) {
    this.#flag(TcpFlag.Ece, value);
  }
  /** CWR flag. */
  get cwr(): boolean {
    return (this.flagsByte & TcpFlag.Cwr) !== 0;
  }
  set cwr(value: boolean) {
    this.#flag(TcpFlag.Cwr, value);
  }

  #flag(bit: number, value: boolean): void {
    this.flagsByte = value ? this.flagsByte | bit : this.flagsByte & ~bit;
  }

  /** Receive window in bytes (before window scaling). */
  get window(): number {
    return readU16(this.bytes, FIELD.window[0]);
  }
  set window(value: number) {
    writeU16(this.bytes, FIELD.window[0], value);
  }

  /** Checksum as stored. */
  get checksum(): number {
    return readU16(this.bytes, FIELD.checksum[0]);
  }
  set checksum(value: number) {
    writeU16(this.bytes, FIELD.checksum[0], value);
  }

  /** Urgent pointer: offset from the sequence number to the end of urgent data (when URG is set). */
  get urgentPointer(): number {
    return readU16(this.bytes, FIELD.urgentPointer[0]);
  }
  set urgentPointer(value: number) {
    writeU16(this.bytes, FIELD.urgentPointer[0], value);
  }

  /** Option bytes, from byte 20 to the data offset (clipped to the buffer). */
  get options(): Uint8Array {
    return this.bytes.subarray(
      TCP_MIN_HEADER_LENGTH,
      Math.max(TCP_MIN_HEADER_LENGTH, this.headerLength),
    );
  }

  /** Data after the header. */
  get payload(): Uint8Array {
    return this.bytes.subarray(Math.max(TCP_MIN_HEADER_LENGTH, this.headerLength));
  }

  /** The checksum the segment should carry, for these IPv4 addresses. */
  computeChecksum(endpoints: Ipv4Endpoints): number {
    const stored = this.checksum;
    this.checksum = 0; // the checksum is computed with its own field zero
    const sum = onesComplementSum(this.bytes, {
      initial: endpointSum(endpoints, this.bytes.length),
    });
    this.checksum = stored;
    return ~sum & 0xffff;
  }

  /** Store {@link computeChecksum} in the checksum field. */
  fillChecksum(endpoints: Ipv4Endpoints): void {
    this.checksum = this.computeChecksum(endpoints);
  }

  /** Whether the stored checksum matches. */
  verifyChecksum(endpoints: Ipv4Endpoints): boolean {
    return onesComplementSum(this.bytes, { initial: endpointSum(endpoints, this.bytes.length) }) ===
      0xffff;
  }

  /** The header fields with their byte ranges, for dissection; only fields that are present. */
  fields(): WireField[] {
    const rows: WireField[] = [];
    const n = this.bytes.length;
    pushField(rows, n, "sourcePort", FIELD.sourcePort, () => this.sourcePort);
    pushField(rows, n, "destinationPort", FIELD.destinationPort, () => this.destinationPort);
    pushField(rows, n, "sequenceNumber", FIELD.sequenceNumber, () => this.sequenceNumber);
    pushField(
      rows,
      n,
      "acknowledgmentNumber",
      FIELD.acknowledgmentNumber,
      () => this.acknowledgmentNumber,
    );
    pushField(
      rows,
      n,
      "dataOffset",
      FIELD.dataOffsetAndReserved,
      () => `${this.dataOffset} (${this.headerLength} bytes)`,
    );
    pushField(rows, n, "reserved", FIELD.dataOffsetAndReserved, () => this.reserved);
    for (const name of ["cwr", "ece", "urg", "ack", "psh", "rst", "syn", "fin"] as const) {
      pushField(rows, n, `flags.${name}`, FIELD.flags, () => this[name]);
    }
    pushField(rows, n, "window", FIELD.window, () => this.window);
    pushField(rows, n, "checksum", FIELD.checksum, () => hex(this.checksum));
    pushField(rows, n, "urgentPointer", FIELD.urgentPointer, () => this.urgentPointer);
    const end = Math.min(this.headerLength, n);
    if (end > TCP_MIN_HEADER_LENGTH) {
      let done = TCP_MIN_HEADER_LENGTH;
      try {
        walkTcpOptions(this.bytes.subarray(TCP_MIN_HEADER_LENGTH, end), (option, start, stop) => {
          rows.push({
            field: `options.${option.kind}`,
            value: formatTcpOptions([option]),
            start: TCP_MIN_HEADER_LENGTH + start,
            end: TCP_MIN_HEADER_LENGTH + stop,
          });
          done = TCP_MIN_HEADER_LENGTH + stop;
        });
      } catch (error) {
        if (!(error instanceof WireError)) throw error;
        rows.push({ field: "options.malformed", value: `${end - done} bytes`, start: done, end });
        done = end;
      }
      if (done < end) {
        rows.push({ field: "options.padding", value: `${end - done} bytes`, start: done, end });
      }
    }
    return rows;
  }
}

/**
 * A TCP segment as plain data (data offset and checksum are derived).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { tcpFlags } from "./tcp_flags.ts";
 * const repr: TcpRepr = {
 *   sourcePort: 43210, destinationPort: 80, sequenceNumber: 1000, acknowledgmentNumber: 0,
 *   flags: tcpFlags({ syn: true }), window: 65535, urgentPointer: 0,
 *   options: [{ kind: "mss", value: 1460 }], payload: new Uint8Array(),
 * };
 * const endpoints = { source: "10.0.0.1", destination: "10.0.1.2" };
 * assert.deepEqual(parseTcp(emitTcp(repr, endpoints), endpoints), repr);
 * ```
 */
export interface TcpRepr {
  /** Source port, 0–65535. */
  readonly sourcePort: number;
  /** Destination port, 0–65535. */
  readonly destinationPort: number;
  /** Sequence number, 0–2³²−1. */
  readonly sequenceNumber: number;
  /** Acknowledgment number, 0–2³²−1 (meaningful when `flags.ack`). */
  readonly acknowledgmentNumber: number;
  /** The eight flags. */
  readonly flags: TcpFlags;
  /** Receive window, 0–65535. */
  readonly window: number;
  /** Urgent pointer, 0–65535 (meaningful when `flags.urg`). */
  readonly urgentPointer: number;
  /** Options in wire order; after parsing, a trailing `eol` marks padding. */
  readonly options: readonly TcpOption[];
  /** The data. */
  readonly payload: Uint8Array;
}

/**
 * Options of {@link parseTcp}: the IPv4 addresses, and whether to check the checksum.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const options: ParseTcpOptions = { source: "10.0.0.1", destination: "10.0.1.2" };
 * assert.equal(options.verifyChecksum ?? true, true);
 * ```
 */
export interface ParseTcpOptions extends Partial<Ipv4Endpoints> {
  /** Throw a {@link ChecksumError} when the checksum is wrong; needs `source` and `destination`. @default true */
  readonly verifyChecksum?: boolean;
}

/**
 * Read a TCP segment (the whole IPv4 payload).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * // The TCP part of a SYN made with scapy (see tcp_test.ts).
 * const hex = "a8ca0050000003e800000000a002ffff55c20000020405b40402080a000030390000000001030307";
 * const bytes = new Uint8Array(hex.match(/../g)!.map((b) => parseInt(b, 16)));
 * const repr = parseTcp(bytes, { source: "10.0.0.1", destination: "10.0.1.2" });
 * assert.equal(repr.sequenceNumber, 1000);
 * assert.ok(repr.flags.syn);
 * assert.equal(repr.options.length, 5);
 * ```
 */
export function parseTcp(bytes: Uint8Array, options: ParseTcpOptions = {}): TcpRepr {
  if (bytes.length < TCP_MIN_HEADER_LENGTH) {
    throw new TruncatedError({
      layer: "TCP",
      field: "header",
      offset: 0,
      needed: 20,
      available: bytes.length,
    });
  }
  const view = new TcpView(bytes);
  const headerLength = view.headerLength;
  if (headerLength < TCP_MIN_HEADER_LENGTH) {
    throw new WireError({
      layer: "TCP",
      field: "dataOffset",
      offset: FIELD.dataOffsetAndReserved[0],
      problem:
        `data offset ${view.dataOffset} (${headerLength} bytes) is shorter than the 20-byte minimum header`,
      fix: "The data offset counts 32-bit words and must be 5 to 15.",
    });
  }
  if (headerLength > bytes.length) {
    throw new TruncatedError({
      layer: "TCP",
      field: "dataOffset",
      offset: FIELD.dataOffsetAndReserved[0],
      needed: headerLength,
      available: bytes.length,
      problem: `data offset ${view.dataOffset} announces a ${headerLength}-byte header but only ` +
        `${bytes.length} bytes are present`,
    });
  }
  const repr: TcpRepr = {
    sourcePort: view.sourcePort,
    destinationPort: view.destinationPort,
    sequenceNumber: view.sequenceNumber,
    acknowledgmentNumber: view.acknowledgmentNumber,
    flags: tcpFlagsFromByte(view.flagsByte),
    window: view.window,
    urgentPointer: view.urgentPointer,
    options: headerLength > TCP_MIN_HEADER_LENGTH
      ? parseTcpOptions(bytes, { offset: 0, start: TCP_MIN_HEADER_LENGTH, end: headerLength })
      : [],
    payload: bytes.subarray(headerLength),
  };
  if (options.verifyChecksum ?? true) {
    const endpoints = needEndpoints(options, "parseTcp");
    if (onesComplementSum(bytes, { initial: endpointSum(endpoints, bytes.length) }) !== 0xffff) {
      throw new ChecksumError({
        layer: "TCP",
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
 * Options of {@link emitTcp}: the IPv4 addresses, and whether to compute the checksum.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { tcpFlags } from "./tcp_flags.ts";
 * const options: EmitTcpOptions = { checksum: false };
 * const segment = emitTcp({
 *   sourcePort: 1, destinationPort: 2, sequenceNumber: 0, acknowledgmentNumber: 0, flags: tcpFlags({ rst: true }),
 *   window: 0, urgentPointer: 0, options: [], payload: new Uint8Array(),
 * }, options);
 * assert.equal(new TcpView(segment).checksum, 0);
 * ```
 */
export interface EmitTcpOptions extends Partial<Ipv4Endpoints> {
  /** Compute the checksum (needs `source` and `destination`); `false` leaves it 0. @default true */
  readonly checksum?: boolean;
}

/**
 * Write a TCP segment: header, options padded to 4 bytes, data, checksum.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { tcpFlags } from "./tcp_flags.ts";
 * const endpoints = { source: "10.0.0.1", destination: "10.0.1.2" };
 * const repr = {
 *   sourcePort: 43210, destinationPort: 80, sequenceNumber: 1001, acknowledgmentNumber: 5001,
 *   flags: tcpFlags({ psh: true, ack: true }), window: 502, urgentPointer: 0,
 *   options: [], payload: new TextEncoder().encode("GET / HTTP/1.1\r\n\r\n"),
 * };
 * const segment = emitTcp(repr, endpoints);
 * assert.equal(segment.length, 20 + 18);
 * assert.deepEqual(parseTcp(segment, endpoints), repr);
 * ```
 */
export function emitTcp(repr: TcpRepr, options: EmitTcpOptions = {}): Uint8Array {
  checkUint("TCP", "sourcePort", 0, repr.sourcePort, 0xffff);
  checkUint("TCP", "destinationPort", 2, repr.destinationPort, 0xffff);
  checkUint("TCP", "sequenceNumber", 4, repr.sequenceNumber, 0xffffffff);
  checkUint("TCP", "acknowledgmentNumber", 8, repr.acknowledgmentNumber, 0xffffffff);
  checkUint("TCP", "window", 14, repr.window, 0xffff);
  checkUint("TCP", "urgentPointer", 18, repr.urgentPointer, 0xffff);
  const optionsLength = repr.options.length > 0 ? paddedTcpOptionsLength(repr.options) : 0;
  const headerLength = TCP_MIN_HEADER_LENGTH + optionsLength;
  const bytes = allocate(headerLength + repr.payload.length);
  writeU16(bytes, 0, repr.sourcePort);
  writeU16(bytes, 2, repr.destinationPort);
  writeU32(bytes, 4, repr.sequenceNumber);
  writeU32(bytes, 8, repr.acknowledgmentNumber);
  bytes[12] = (headerLength >> 2) << 4;
  bytes[13] = tcpFlagsByte(repr.flags);
  writeU16(bytes, 14, repr.window);
  writeU16(bytes, 18, repr.urgentPointer);
  if (optionsLength > 0) writeTcpOptions(repr.options, bytes, TCP_MIN_HEADER_LENGTH);
  bytes.set(repr.payload, headerLength);
  if (options.checksum ?? true) {
    const sum = onesComplementSum(bytes, {
      initial: endpointSum(needEndpoints(options, "emitTcp"), bytes.length),
    });
    writeU16(bytes, FIELD.checksum[0], ~sum & 0xffff);
  }
  return bytes;
}

/**
 * tcpdump-style line (absolute sequence numbers, as `tcpdump -S`); given the IPv4
 * addresses (default: none) it starts `IP a.port > b.port`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { tcpFlags } from "./tcp_flags.ts";
 * const line = formatTcp({
 *   sourcePort: 43210, destinationPort: 80, sequenceNumber: 1000, acknowledgmentNumber: 0,
 *   flags: tcpFlags({ syn: true }), window: 65535, urgentPointer: 0,
 *   options: [{ kind: "mss", value: 1460 }], payload: new Uint8Array(),
 * }, { source: "10.0.0.1", destination: "10.0.1.2" });
 * assert.equal(line, "IP 10.0.0.1.43210 > 10.0.1.2.80: Flags [S], seq 1000, win 65535, options [mss 1460], length 0");
 * ```
 */
export function formatTcp(repr: TcpRepr, addresses: Partial<Ipv4Endpoints> = {}): string {
  const ends = addresses.source && addresses.destination
    ? `IP ${addresses.source}.${repr.sourcePort} > ${addresses.destination}.${repr.destinationPort}`
    : `${repr.sourcePort} > ${repr.destinationPort}`;
  const length = repr.payload.length;
  const seq = length > 0
    ? `${repr.sequenceNumber}:${(repr.sequenceNumber + length) % 2 ** 32}`
    : `${repr.sequenceNumber}`;
  const parts = [`Flags [${formatTcpFlags(repr.flags)}]`, `seq ${seq}`];
  if (repr.flags.ack) parts.push(`ack ${repr.acknowledgmentNumber}`);
  parts.push(`win ${repr.window}`);
  if (repr.flags.urg) parts.push(`urg ${repr.urgentPointer}`);
  if (repr.options.length > 0) parts.push(`options [${formatTcpOptions(repr.options)}]`);
  parts.push(`length ${length}`);
  return `${ends}: ${parts.join(", ")}`;
}
