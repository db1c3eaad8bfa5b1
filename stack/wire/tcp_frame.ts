/**
 * A whole Ethernet/IPv4/TCP frame in one caller-owned buffer: the zero-allocation path
 * beside `emitEthernet(emitIpv4(emitTcp(...)))` and `parseEthernet` → `parseIpv4` →
 * `parseTcp`, as smoltcp's `TcpRepr::emit` writes into a packet buffer it is lent.
 *
 * `writeTcpFrame(out, fields, offset)` writes the three headers, the options, the payload
 * and both checksums straight into `out` and returns the frame's length; no reprs, no
 * intermediate buffers, no copies per layer. `readTcpFrame(bytes, into)` validates the
 * lengths and both checksums and fills a plain, reusable {@link TcpFrameFields} object;
 * the payload is reported as a range of `bytes`, not copied. Both agree byte for byte with
 * the convenience API ({@link emitTcpFrame} is that API, fed the same fields), and bad
 * bytes give the same `WireError` (layer, field, byte offset) as the parsers would throw.
 * Use the convenience API to learn and inspect; use this one in a hot loop.
 *
 * Frame layout (headers drawn in ethernet.ts, ipv4.ts (RFC 791 §3.1) and tcp.ts
 * (RFC 9293 §3.1)); offsets from the start of the frame, IPv4 without options:
 *
 *     0        6        12   14                    34                   54+opts
 *     +--------+--------+----+---------------------+--------------------+---------+
 *     | dst MAC| src MAC|type|  IPv4 header (20)   | TCP header (20)    | payload |
 *     |        |        |0800| ...csum@24..25 ...  | ...csum@50..51 ... | + pad   |
 *     +--------+--------+----+---------------------+--------------------+---------+
 *                                                  |<- options, 0-40 -->|
 *
 * Options are fixed slots (`mss`, `windowScale`, `sackPermitted`, `timestamps`, SACK
 * blocks), as in smoltcp's `TcpRepr`, and are written in the layout of Linux's
 * `tcp_options_write()` (net/ipv4/tcp_output.c), NOP-aligned to 4 bytes:
 *
 *     mss            02 04 mm mm
 *     sackOK + TS    04 02 08 0a <TSval> <TSecr>      TS alone: 01 01 08 0a ...
 *     sackOK alone   01 01 04 02
 *     window scale   01 03 03 ss
 *     SACK blocks    01 01 05 (2+8n) <left right>×n
 *
 * Reading accepts any order, skips NOPs and unknown kinds, and stops at EOL.
 *
 * @module
 */

import {
  copyAndSum,
  internetChecksumRange,
  onesComplementSumRange,
  pseudoHeaderSumAt,
} from "./checksum.ts";
import { isWireError, WireError } from "./errors.ts";
import {
  emitEthernet,
  ETHERNET_MIN_FRAME_LENGTH,
  ETHERNET_MTU,
  EtherType,
  etherTypeName,
  formatMacAddress,
  parseEthernet,
  parseMacAddress,
} from "./ethernet.ts";
import {
  emitIpv4,
  formatIpv4Address,
  IpProtocol,
  ipProtocolName,
  IPV4_MIN_HEADER_LENGTH,
  parseIpv4,
} from "./ipv4.ts";
import {
  emitTcp,
  paddedTcpOptionsLength,
  parseTcp,
  TCP_MAX_OPTIONS_LENGTH,
  TCP_MIN_HEADER_LENGTH,
  tcpFlagsFromByte,
  type TcpOption,
} from "./tcp.ts";
import { checkUint, hex, readU16, readU32, writeU16, writeU32 } from "./_bytes.ts";

/** Where each layer starts, from the start of the frame (IPv4 without options). */
const ETHERNET_HEADER = 14;
const IPV4_AT = ETHERNET_HEADER;
const TCP_AT = IPV4_AT + IPV4_MIN_HEADER_LENGTH;
const MAC_MAX = 2 ** 48 - 1;
const EMPTY = new Uint8Array(0);

/**
 * Every field of an Ethernet/IPv4/TCP frame as a flat, mutable object: filled by
 * {@link readTcpFrame}, read by {@link writeTcpFrame}, and meant to be reused frame after
 * frame. Addresses are numbers (no text to format per frame); derived fields (lengths,
 * IHL, data offset, checksums, padding) are left out. Absent options are `-1` or `false`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { TcpFlag } from "./tcp.ts";
 * const fields: TcpFrameFields = createTcpFrameFields({ flags: TcpFlag.Syn, mss: 1460 });
 * assert.equal(fields.windowScale, -1); // no window scale option
 * assert.equal(fields.ttl, 64);
 * ```
 */
export interface TcpFrameFields {
  /** Destination MAC address as a 48-bit number (see {@link macAddressToNumber}). */
  destinationMac: number;
  /** Source MAC address as a 48-bit number. */
  sourceMac: number;
  /** IPv4 DSCP, 0–63. */
  dscp: number;
  /** IPv4 ECN, 0–3. */
  ecn: number;
  /** IPv4 identification, 0–65535. */
  identification: number;
  /** IPv4 DF flag. */
  dontFragment: boolean;
  /** IPv4 MF flag. */
  moreFragments: boolean;
  /** IPv4 fragment offset in 8-byte units, 0–8191. */
  fragmentOffset: number;
  /** IPv4 time to live, 0–255. */
  ttl: number;
  /** IPv4 source address as a 32-bit number (see `parseIpv4Address`). */
  source: number;
  /** IPv4 destination address as a 32-bit number. */
  destination: number;
  /** TCP source port, 0–65535. */
  sourcePort: number;
  /** TCP destination port, 0–65535. */
  destinationPort: number;
  /** TCP sequence number, 0–2³²−1. */
  sequenceNumber: number;
  /** TCP acknowledgment number, 0–2³²−1. */
  acknowledgmentNumber: number;
  /** TCP flags byte: an OR of `TcpFlag` bits (`tcpFlagsByte` converts a flags object). */
  flags: number;
  /** TCP receive window, 0–65535. */
  window: number;
  /** TCP urgent pointer, 0–65535. */
  urgentPointer: number;
  /** Maximum segment size option, 0–65535, or -1 for none. */
  mss: number;
  /** Window scale option (shift count), 0–255, or -1 for none. */
  windowScale: number;
  /** SACK-permitted option. */
  sackPermitted: boolean;
  /** Timestamps option present. */
  timestamps: boolean;
  /** TSval of the timestamps option, 0–2³²−1. */
  timestampValue: number;
  /** TSecr of the timestamps option, 0–2³²−1. */
  timestampEchoReply: number;
  /** Number of SACK blocks, 0–4 (0: no SACK option). */
  sackBlockCount: number;
  /** SACK blocks as `[left0, right0, left1, right1, …]`, 8 entries (4 blocks). */
  readonly sackBlocks: Uint32Array;
  /** Buffer holding the payload; after reading, the frame's own bytes. */
  payload: Uint8Array;
  /** First payload byte in `payload`. */
  payloadOffset: number;
  /** Payload length in bytes. */
  payloadLength: number;
}

/**
 * A fresh {@link TcpFrameFields}: everything 0 or absent, TTL 64, DF set, empty payload,
 * then `initial` on top. Make one per loop, not one per frame.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const fields = createTcpFrameFields({ sourcePort: 43210, destinationPort: 80 });
 * assert.equal(fields.destinationPort, 80);
 * assert.equal(fields.sackBlocks.length, 8);
 * ```
 */
export function createTcpFrameFields(initial: Partial<TcpFrameFields> = {}): TcpFrameFields {
  const fields: TcpFrameFields = {
    destinationMac: 0,
    sourceMac: 0,
    dscp: 0,
    ecn: 0,
    identification: 0,
    dontFragment: true,
    moreFragments: false,
    fragmentOffset: 0,
    ttl: 64,
    source: 0,
    destination: 0,
    sourcePort: 0,
    destinationPort: 0,
    sequenceNumber: 0,
    acknowledgmentNumber: 0,
    flags: 0,
    window: 0,
    urgentPointer: 0,
    mss: -1,
    windowScale: -1,
    sackPermitted: false,
    timestamps: false,
    timestampValue: 0,
    timestampEchoReply: 0,
    sackBlockCount: 0,
    sackBlocks: new Uint32Array(8),
    payload: EMPTY,
    payloadOffset: 0,
    payloadLength: 0,
  };
  const { sackBlocks, ...rest } = initial;
  Object.assign(fields, rest);
  if (sackBlocks) fields.sackBlocks.set(sackBlocks);
  return fields;
}

/**
 * A MAC address's text as the 48-bit number {@link TcpFrameFields} holds.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(macAddressToNumber("02:00:00:00:00:01"), 0x020000000001);
 * ```
 */
export function macAddressToNumber(text: string): number {
  const bytes = parseMacAddress(text);
  return readU16(bytes, 0) * 0x100000000 + readU32(bytes, 2);
}

/**
 * The text of a 48-bit MAC address number.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(macAddressFromNumber(0x020000000001), "02:00:00:00:00:01");
 * ```
 */
export function macAddressFromNumber(value: number): string {
  const bytes = new Uint8Array(6);
  writeMacNumber(bytes, 0, value);
  return formatMacAddress(bytes);
}

function writeMacNumber(bytes: Uint8Array, at: number, value: number): void {
  // value = high 16 bits × 2^32 + low 32 bits (exact in a double below 2^53).
  const high = (value / 0x100000000) | 0;
  writeU16(bytes, at, high);
  writeU32(bytes, at + 2, value - high * 0x100000000);
}

/**
 * The option list {@link writeTcpFrame} writes for these fields, in its Linux layout (see
 * the module comment), as `emitTcp` takes it.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const fields = createTcpFrameFields({ timestamps: true, timestampValue: 7 });
 * assert.deepEqual(tcpFrameOptions(fields), [
 *   { kind: "nop" }, { kind: "nop" }, { kind: "timestamps", value: 7, echoReply: 0 },
 * ]);
 * ```
 */
export function tcpFrameOptions(fields: TcpFrameFields): TcpOption[] {
  const list: TcpOption[] = [];
  if (fields.mss !== -1) list.push({ kind: "mss", value: fields.mss });
  if (fields.timestamps) {
    if (fields.sackPermitted) list.push({ kind: "sackPermitted" });
    else list.push({ kind: "nop" }, { kind: "nop" });
    list.push({
      kind: "timestamps",
      value: fields.timestampValue,
      echoReply: fields.timestampEchoReply,
    });
  } else if (fields.sackPermitted) {
    list.push({ kind: "nop" }, { kind: "nop" }, { kind: "sackPermitted" });
  }
  if (fields.windowScale !== -1) {
    list.push({ kind: "nop" }, { kind: "windowScale", shift: fields.windowScale });
  }
  if (fields.sackBlockCount > 0) {
    const blocks = [];
    for (let i = 0; i < fields.sackBlockCount; i++) {
      blocks.push({ left: fields.sackBlocks[2 * i], right: fields.sackBlocks[2 * i + 1] });
    }
    list.push({ kind: "nop" }, { kind: "nop" }, { kind: "sack", blocks });
  }
  return list;
}

/**
 * The same frame through the convenience API, `emitEthernet(emitIpv4(emitTcp(...)))`:
 * the reference {@link writeTcpFrame} matches byte for byte (allocates; for tests and
 * for learning).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const fields = createTcpFrameFields({ sourcePort: 1, destinationPort: 2, mss: 1460 });
 * const out = new Uint8Array(1514);
 * const length = writeTcpFrame(out, fields);
 * assert.deepEqual(out.subarray(0, length), emitTcpFrame(fields));
 * ```
 */
export function emitTcpFrame(fields: TcpFrameFields): Uint8Array {
  const source = formatIpv4Address(fields.source);
  const destination = formatIpv4Address(fields.destination);
  const segment = emitTcp({
    sourcePort: fields.sourcePort,
    destinationPort: fields.destinationPort,
    sequenceNumber: fields.sequenceNumber,
    acknowledgmentNumber: fields.acknowledgmentNumber,
    flags: tcpFlagsFromByte(fields.flags),
    window: fields.window,
    urgentPointer: fields.urgentPointer,
    options: tcpFrameOptions(fields),
    payload: fields.payload.subarray(
      fields.payloadOffset,
      fields.payloadOffset + fields.payloadLength,
    ),
  }, { source, destination });
  const packet = emitIpv4({
    dscp: fields.dscp,
    ecn: fields.ecn,
    identification: fields.identification,
    dontFragment: fields.dontFragment,
    moreFragments: fields.moreFragments,
    fragmentOffset: fields.fragmentOffset,
    ttl: fields.ttl,
    protocol: IpProtocol.Tcp,
    source,
    destination,
    options: EMPTY,
    payload: segment,
  });
  return emitEthernet({
    destination: macAddressFromNumber(fields.destinationMac),
    source: macAddressFromNumber(fields.sourceMac),
    etherType: EtherType.Ipv4,
    payload: packet,
  });
}

function emitError(
  layer: "Ethernet" | "IPv4" | "TCP",
  field: string,
  offset: number,
  problem: string,
  fix: string,
): WireError {
  return new WireError({ layer, field, offset, action: "emit", problem, fix });
}

/** Bytes of the options in the Linux layout (a multiple of 4, unchecked against 40). */
function optionsLength(fields: TcpFrameFields): number {
  return (fields.mss !== -1 ? 4 : 0) +
    (fields.timestamps ? 12 : fields.sackPermitted ? 4 : 0) +
    (fields.windowScale !== -1 ? 4 : 0) +
    (fields.sackBlockCount > 0 ? 4 + 8 * fields.sackBlockCount : 0);
}

/**
 * The cheap test of every range {@link checkFields} checks, with bit masks: `(v & 0xffff)
 * === v` holds only for integers from 0 to 65535 (NaN, fractions and negatives change
 * under the mask), `(v >>> 0) === v` only for 32-bit unsigned integers.
 */
function fieldsInRange(f: TcpFrameFields, optionBytes: number): boolean {
  return (f.sourcePort & 0xffff) === f.sourcePort &&
    (f.destinationPort & 0xffff) === f.destinationPort &&
    f.sequenceNumber >>> 0 === f.sequenceNumber &&
    f.acknowledgmentNumber >>> 0 === f.acknowledgmentNumber &&
    (f.window & 0xffff) === f.window && (f.urgentPointer & 0xffff) === f.urgentPointer &&
    (f.flags & 0xff) === f.flags && (f.sackBlockCount & 7) === f.sackBlockCount &&
    f.sackBlockCount <= 4 && optionBytes <= TCP_MAX_OPTIONS_LENGTH &&
    (f.mss === -1 || (f.mss & 0xffff) === f.mss) &&
    (f.windowScale === -1 || (f.windowScale & 0xff) === f.windowScale) &&
    (!f.timestamps ||
      (f.timestampValue >>> 0 === f.timestampValue &&
        f.timestampEchoReply >>> 0 === f.timestampEchoReply)) &&
    f.payloadOffset >>> 0 === f.payloadOffset && f.payloadLength >>> 0 === f.payloadLength &&
    f.payloadOffset + f.payloadLength <= f.payload.length &&
    (f.dscp & 0x3f) === f.dscp && (f.ecn & 3) === f.ecn &&
    (f.identification & 0xffff) === f.identification &&
    (f.fragmentOffset & 0x1fff) === f.fragmentOffset && (f.ttl & 0xff) === f.ttl &&
    f.source >>> 0 === f.source && f.destination >>> 0 === f.destination &&
    f.destinationMac >= 0 && f.destinationMac <= MAC_MAX &&
    Math.floor(f.destinationMac) === f.destinationMac &&
    f.sourceMac >= 0 && f.sourceMac <= MAC_MAX && Math.floor(f.sourceMac) === f.sourceMac;
}

/** Check the fields in the order the emit chain does (TCP, then IPv4, then Ethernet). */
function checkFields(fields: TcpFrameFields, optionBytes: number): void {
  checkUint("TCP", "sourcePort", 0, fields.sourcePort, 0xffff);
  checkUint("TCP", "destinationPort", 2, fields.destinationPort, 0xffff);
  checkUint("TCP", "sequenceNumber", 4, fields.sequenceNumber, 0xffffffff);
  checkUint("TCP", "acknowledgmentNumber", 8, fields.acknowledgmentNumber, 0xffffffff);
  checkUint("TCP", "window", 14, fields.window, 0xffff);
  checkUint("TCP", "urgentPointer", 18, fields.urgentPointer, 0xffff);
  checkUint("TCP", "flags", 13, fields.flags, 0xff);
  checkUint("TCP", "options.sack", TCP_MIN_HEADER_LENGTH, fields.sackBlockCount, 4);
  // Too many options: let paddedTcpOptionsLength throw its own error (the emitTcp one).
  if (optionBytes > TCP_MAX_OPTIONS_LENGTH) paddedTcpOptionsLength(tcpFrameOptions(fields));
  let at = TCP_MIN_HEADER_LENGTH;
  if (fields.mss !== -1) {
    checkUint("TCP", "options.mss", at, fields.mss, 0xffff);
    at += 4;
  }
  if (fields.timestamps) {
    checkUint("TCP", "options.timestamps.value", at + 4, fields.timestampValue, 0xffffffff);
    checkUint("TCP", "options.timestamps.echoReply", at + 8, fields.timestampEchoReply, 0xffffffff);
    at += 12;
  } else if (fields.sackPermitted) at += 4;
  if (fields.windowScale !== -1) {
    checkUint("TCP", "options.windowScale", at + 1, fields.windowScale, 255);
  }
  const { payload, payloadOffset, payloadLength } = fields;
  if (
    !(Number.isInteger(payloadOffset) && Number.isInteger(payloadLength) && payloadOffset >= 0 &&
      payloadLength >= 0 && payloadOffset + payloadLength <= payload.length)
  ) {
    throw emitError(
      "TCP",
      "payload",
      TCP_MIN_HEADER_LENGTH + optionBytes,
      `payload range offset ${payloadOffset}, length ${payloadLength} is not inside the ` +
        `${payload.length}-byte payload buffer`,
      "Set payloadOffset and payloadLength to a range of payload.",
    );
  }
  checkUint("IPv4", "dscp", 1, fields.dscp, 63);
  checkUint("IPv4", "ecn", 1, fields.ecn, 3);
  checkUint("IPv4", "identification", 4, fields.identification, 0xffff);
  checkUint("IPv4", "fragmentOffset", 6, fields.fragmentOffset, 0x1fff);
  checkUint("IPv4", "ttl", 8, fields.ttl, 255);
  checkUint("IPv4", "source", 12, fields.source, 0xffffffff);
  checkUint("IPv4", "destination", 16, fields.destination, 0xffffffff);
  checkUint("Ethernet", "destination", 0, fields.destinationMac, MAC_MAX);
  checkUint("Ethernet", "source", 6, fields.sourceMac, MAC_MAX);
}

/**
 * Write an Ethernet/IPv4/TCP frame for `fields` into `out` from byte `offset`: headers,
 * options, payload, zero padding to the 60-byte minimum frame, the IPv4 header checksum
 * and the TCP checksum (over the pseudo-header, header and payload). Returns the frame's
 * length. Allocates nothing (a partial `payload` range inside `out`'s own buffer costs
 * one view). Throws the `WireError` the emit functions would for a bad field, and a
 * `WireError` if the frame does not fit `out`.
 *
 *     IPv4 checksum = ~(sum of header words, checksum field 0)
 *     TCP checksum  = ~(pseudo-header sum +' sum of segment words, checksum field 0)
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseIpv4Address } from "./ipv4.ts";
 * import { TcpFlag } from "./tcp.ts";
 * const out = new Uint8Array(1514);
 * const fields = createTcpFrameFields({
 *   destinationMac: macAddressToNumber("02:00:00:00:00:02"),
 *   sourceMac: macAddressToNumber("02:00:00:00:00:01"),
 *   source: parseIpv4Address("10.0.0.1"), destination: parseIpv4Address("10.0.1.2"),
 *   sourcePort: 43210, destinationPort: 80, sequenceNumber: 1000,
 *   flags: TcpFlag.Syn, window: 65535, mss: 1460,
 * });
 * const length = writeTcpFrame(out, fields);
 * assert.equal(length, 60); // 14 + 20 + 20 + 4 (MSS) = 58, padded to 60
 * const into = createTcpFrameFields();
 * assert.equal(readTcpFrame(out.subarray(0, length), into), true);
 * assert.equal(into.mss, 1460);
 * ```
 */
export function writeTcpFrame(out: Uint8Array, fields: TcpFrameFields, offset = 0): number {
  const optionBytes = optionsLength(fields);
  if (!fieldsInRange(fields, optionBytes)) checkFields(fields, optionBytes); // throws the why
  const tcpLength = TCP_MIN_HEADER_LENGTH + optionBytes + fields.payloadLength;
  const totalLength = IPV4_MIN_HEADER_LENGTH + tcpLength;
  if (totalLength > 0xffff) {
    throw emitError(
      "IPv4",
      "totalLength",
      2,
      `total length ${totalLength} is above 65535`,
      "Send less payload in one packet.",
    );
  }
  if (totalLength > ETHERNET_MTU) {
    throw emitError(
      "Ethernet",
      "payload",
      ETHERNET_HEADER,
      `payload of ${totalLength} bytes is larger than the ${ETHERNET_MTU}-byte MTU`,
      "Fragment the IPv4 packet, or pass a larger mtu for jumbo frames.",
    );
  }
  const used = ETHERNET_HEADER + totalLength;
  const frameLength = used > ETHERNET_MIN_FRAME_LENGTH ? used : ETHERNET_MIN_FRAME_LENGTH;
  if (!(Number.isInteger(offset) && offset >= 0 && offset + frameLength <= out.length)) {
    throw emitError(
      "Ethernet",
      "frame",
      0,
      `a ${frameLength}-byte frame at offset ${offset} does not fit the ${out.length}-byte buffer`,
      "Pass a larger buffer (1514 bytes holds any frame) or a smaller offset.",
    );
  }
  // The payload first: it may sit in `out` itself (a frame forwarded in place), where
  // the headers are about to go. Its part of the TCP checksum is summed as it is copied.
  const payloadAt = offset + TCP_AT + TCP_MIN_HEADER_LENGTH + optionBytes;
  const payloadSum = copyPayload(
    out,
    payloadAt,
    fields.payload,
    fields.payloadOffset,
    fields.payloadLength,
  );
  // Ethernet
  writeMacNumber(out, offset, fields.destinationMac);
  writeMacNumber(out, offset + 6, fields.sourceMac);
  out[offset + 12] = 0x08; // EtherType 0x0800: IPv4
  out[offset + 13] = 0x00;
  // IPv4
  const ip = offset + IPV4_AT;
  out[ip] = 0x45; // version 4, IHL 5
  out[ip + 1] = (fields.dscp << 2) | fields.ecn;
  writeU16(out, ip + 2, totalLength);
  writeU16(out, ip + 4, fields.identification);
  writeU16(
    out,
    ip + 6,
    (fields.dontFragment ? 0x4000 : 0) | (fields.moreFragments ? 0x2000 : 0) |
      fields.fragmentOffset,
  );
  out[ip + 8] = fields.ttl;
  out[ip + 9] = IpProtocol.Tcp;
  out[ip + 10] = 0;
  out[ip + 11] = 0;
  writeU32(out, ip + 12, fields.source);
  writeU32(out, ip + 16, fields.destination);
  writeU16(out, ip + 10, internetChecksumRange(out, ip, ip + IPV4_MIN_HEADER_LENGTH));
  // TCP
  const tcp = offset + TCP_AT;
  writeU16(out, tcp, fields.sourcePort);
  writeU16(out, tcp + 2, fields.destinationPort);
  writeU32(out, tcp + 4, fields.sequenceNumber);
  writeU32(out, tcp + 8, fields.acknowledgmentNumber);
  out[tcp + 12] = ((TCP_MIN_HEADER_LENGTH + optionBytes) >> 2) << 4;
  out[tcp + 13] = fields.flags;
  writeU16(out, tcp + 14, fields.window);
  out[tcp + 16] = 0;
  out[tcp + 17] = 0;
  writeU16(out, tcp + 18, fields.urgentPointer);
  writeOptions(out, tcp + TCP_MIN_HEADER_LENGTH, fields);
  let at = payloadAt + fields.payloadLength;
  for (const end = offset + frameLength; at < end; at++) out[at] = 0; // padding
  // TCP checksum = ~(pseudo-header +' header words +' payload words), checksum field 0.
  const sum = onesComplementSumRange(
    out,
    tcp,
    payloadAt,
    pseudoHeaderSumAt(out, ip, tcpLength) + payloadSum,
  );
  writeU16(out, tcp + 16, ~sum & 0xffff);
  return frameLength;
}

/** Write the options in the Linux layout from `at`. */
function writeOptions(out: Uint8Array, at: number, fields: TcpFrameFields): void {
  if (fields.mss !== -1) {
    out[at] = 2;
    out[at + 1] = 4;
    writeU16(out, at + 2, fields.mss);
    at += 4;
  }
  if (fields.timestamps) {
    out[at] = fields.sackPermitted ? 4 : 1;
    out[at + 1] = fields.sackPermitted ? 2 : 1;
    out[at + 2] = 8;
    out[at + 3] = 10;
    writeU32(out, at + 4, fields.timestampValue);
    writeU32(out, at + 8, fields.timestampEchoReply);
    at += 12;
  } else if (fields.sackPermitted) {
    out[at] = 1;
    out[at + 1] = 1;
    out[at + 2] = 4;
    out[at + 3] = 2;
    at += 4;
  }
  if (fields.windowScale !== -1) {
    out[at] = 1;
    out[at + 1] = 3;
    out[at + 2] = 3;
    out[at + 3] = fields.windowScale;
    at += 4;
  }
  const count = fields.sackBlockCount;
  if (count > 0) {
    out[at] = 1;
    out[at + 1] = 1;
    out[at + 2] = 5;
    out[at + 3] = 2 + 8 * count;
    at += 4;
    for (let i = 0; i < 2 * count; i++, at += 4) writeU32(out, at, fields.sackBlocks[i]);
  }
}

/** Copy the payload into `out` at `at`; returns its one's complement sum. */
function copyPayload(
  out: Uint8Array,
  at: number,
  payload: Uint8Array,
  start: number,
  length: number,
): number {
  if (payload.buffer !== out.buffer) return copyAndSum(payload, start, out, at, length);
  // Same buffer: `set` copies correctly even when the ranges overlap (it costs a view).
  out.set(payload.subarray(start, start + length), at);
  return onesComplementSumRange(out, at, at + length);
}

/**
 * The error the convenience parsers give for this frame (they run only once the fast
 * checks have failed, so errors are theirs by construction).
 */
function parserError(bytes: Uint8Array, offset: number): WireError {
  const frame = offset === 0 ? bytes : bytes.subarray(offset);
  try {
    const ip = parseIpv4(parseEthernet(frame).payload);
    parseTcp(ip.payload, ip);
  } catch (error) {
    if (isWireError(error) && error instanceof WireError) return error;
    throw error;
  }
  return new WireError({
    layer: "TCP",
    field: "frame",
    offset: 0,
    problem: "readTcpFrame rejected a frame that parseTcp accepts",
    fix: "This is a bug in tcp_frame.ts; please report the frame's bytes.",
  });
}

/**
 * Read the Ethernet/IPv4/TCP frame that fills `bytes` from byte `offset` into `into`,
 * checking what the parsers check (lengths, IPv4 version and IHL, data offset, options,
 * both checksums) plus EtherType IPv4 and protocol TCP. Returns `true`, or the
 * `WireError` (`TruncatedError`, `ChecksumError`, …) `parseEthernet` → `parseIpv4` →
 * `parseTcp` would throw; it never throws for bad bytes. On failure `into` may be partly
 * overwritten. Allocates nothing on success: `into.payload` is `bytes` itself, with
 * `payloadOffset`/`payloadLength` marking the data. IPv4 options are skipped (and not kept).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ChecksumError } from "./errors.ts";
 * const fields = createTcpFrameFields({ sourcePort: 1, destinationPort: 2, payload: new Uint8Array([104, 105]), payloadLength: 2 });
 * const frame = new Uint8Array(60);
 * writeTcpFrame(frame, fields);
 * const into = createTcpFrameFields();
 * assert.equal(readTcpFrame(frame, into), true);
 * assert.deepEqual(into.payload.subarray(into.payloadOffset, into.payloadOffset + into.payloadLength), new Uint8Array([104, 105]));
 * frame[54] ^= 1; // flip a payload bit
 * const error = readTcpFrame(frame, into);
 * assert.ok(error instanceof ChecksumError && error.layer === "TCP" && error.offset === 16);
 * ```
 */
export function readTcpFrame(
  bytes: Uint8Array,
  into: TcpFrameFields,
  offset = 0,
): true | WireError {
  const n = bytes.length;
  if (!(Number.isInteger(offset) && offset >= 0 && offset <= n)) {
    return new WireError({
      layer: "Ethernet",
      field: "header",
      offset: 0,
      problem: `frame offset ${offset} is outside the ${n}-byte buffer`,
      fix: "Pass an offset from 0 to bytes.length.",
    });
  }
  if (n - offset < ETHERNET_HEADER) return parserError(bytes, offset);
  const etherType = readU16(bytes, offset + 12);
  if (etherType !== EtherType.Ipv4) {
    return new WireError({
      layer: "Ethernet",
      field: "etherType",
      offset: 12,
      problem: `EtherType ${etherTypeName(etherType)} (${hex(etherType)}) is not IPv4 (0x0800)`,
      fix: "readTcpFrame reads Ethernet/IPv4/TCP frames only; use dissect() for others.",
    });
  }
  // IPv4: the checks of parseIpv4, in its order.
  const ip = offset + IPV4_AT;
  const ipAvailable = n - ip;
  if (ipAvailable < IPV4_MIN_HEADER_LENGTH || bytes[ip] >> 4 !== 4) {
    return parserError(bytes, offset);
  }
  const ipHeaderLength = (bytes[ip] & 0x0f) << 2;
  const totalLength = readU16(bytes, ip + 2);
  if (
    ipHeaderLength < IPV4_MIN_HEADER_LENGTH || ipHeaderLength > ipAvailable ||
    totalLength < ipHeaderLength || totalLength > ipAvailable ||
    internetChecksumRange(bytes, ip, ip + ipHeaderLength) !== 0
  ) return parserError(bytes, offset);
  const protocol = bytes[ip + 9];
  if (protocol !== IpProtocol.Tcp) {
    return new WireError({
      layer: "IPv4",
      field: "protocol",
      offset: 9,
      problem: `protocol ${ipProtocolName(protocol)} (${protocol}) is not TCP (6)`,
      fix: "readTcpFrame reads TCP only; use parseIpv4() and the parser of that protocol.",
    });
  }
  // TCP: the checks of parseTcp and parseTcpOptions, in their order.
  const tcp = ip + ipHeaderLength;
  const tcpLength = totalLength - ipHeaderLength;
  const tcpHeaderLength = (bytes[tcp + 12] >> 4) << 2;
  if (
    tcpLength < TCP_MIN_HEADER_LENGTH || tcpHeaderLength < TCP_MIN_HEADER_LENGTH ||
    tcpHeaderLength > tcpLength ||
    !readOptions(bytes, tcp + TCP_MIN_HEADER_LENGTH, tcp + tcpHeaderLength, into) ||
    internetChecksumRange(bytes, tcp, tcp + tcpLength, pseudoHeaderSumAt(bytes, ip, tcpLength)) !==
      0
  ) return parserError(bytes, offset);
  into.destinationMac = readU16(bytes, offset) * 0x100000000 + readU32(bytes, offset + 2);
  into.sourceMac = readU16(bytes, offset + 6) * 0x100000000 + readU32(bytes, offset + 8);
  into.dscp = bytes[ip + 1] >> 2;
  into.ecn = bytes[ip + 1] & 0x03;
  into.identification = readU16(bytes, ip + 4);
  into.dontFragment = (bytes[ip + 6] & 0x40) !== 0;
  into.moreFragments = (bytes[ip + 6] & 0x20) !== 0;
  into.fragmentOffset = readU16(bytes, ip + 6) & 0x1fff;
  into.ttl = bytes[ip + 8];
  into.source = readU32(bytes, ip + 12);
  into.destination = readU32(bytes, ip + 16);
  into.sourcePort = readU16(bytes, tcp);
  into.destinationPort = readU16(bytes, tcp + 2);
  into.sequenceNumber = readU32(bytes, tcp + 4);
  into.acknowledgmentNumber = readU32(bytes, tcp + 8);
  into.flags = bytes[tcp + 13];
  into.window = readU16(bytes, tcp + 14);
  into.urgentPointer = readU16(bytes, tcp + 18);
  into.payload = bytes;
  into.payloadOffset = tcp + tcpHeaderLength;
  into.payloadLength = tcpLength - tcpHeaderLength;
  return true;
}

/**
 * Fill the option slots of `into` from `bytes[at, end)`; false for a malformed option
 * (the same rules as `parseTcpOptions` in tcp_options.ts). Later duplicates win.
 */
function readOptions(bytes: Uint8Array, at: number, end: number, into: TcpFrameFields): boolean {
  into.mss = -1;
  into.windowScale = -1;
  into.sackPermitted = false;
  into.timestamps = false;
  into.timestampValue = 0;
  into.timestampEchoReply = 0;
  into.sackBlockCount = 0;
  while (at < end) {
    const kind = bytes[at];
    if (kind === 0) break; // End of Option List: the rest is padding
    if (kind === 1) {
      at += 1; // No-Operation
      continue;
    }
    if (at + 1 >= end) return false;
    const length = bytes[at + 1];
    if (length < 2 || at + length > end) return false;
    switch (kind) {
      case 2:
        if (length !== 4) return false;
        into.mss = readU16(bytes, at + 2);
        break;
      case 3:
        if (length !== 3) return false;
        into.windowScale = bytes[at + 2];
        break;
      case 4:
        if (length !== 2) return false;
        into.sackPermitted = true;
        break;
      case 5: {
        if ((length - 2) % 8 !== 0 || length === 2) return false;
        const count = (length - 2) >> 3;
        for (let i = 0; i < 2 * count; i++) into.sackBlocks[i] = readU32(bytes, at + 2 + 4 * i);
        into.sackBlockCount = count;
        break;
      }
      case 8:
        if (length !== 10) return false;
        into.timestamps = true;
        into.timestampValue = readU32(bytes, at + 2);
        into.timestampEchoReply = readU32(bytes, at + 6);
        break;
    }
    at += length;
  }
  return true;
}
