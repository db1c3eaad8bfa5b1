/**
 * The classic libpcap capture file (tcpdump.org `pcap-savefile(5)`): how tcpdump and
 * Wireshark store frames. Not a protocol layer but the bridge from our simulated wires to
 * real tools: write frames with their simulated time, open the file in Wireshark or
 * `tshark -r`, and compare.
 *
 * Usage: `emitPcap([{timestampNs, data}, ...])` gives the file's bytes; `parsePcap(bytes)`
 * reads one (either byte order, microsecond or nanosecond magic). For a live capture,
 * write `emitPcapHeader()` once, then `emitPcapRecord(record)` per frame.
 * Time is an integer number of nanoseconds since the Unix epoch (simulated time starts at
 * 0, i.e. 1970-01-01); nothing here reads the clock.
 *
 * File header (24 bytes), then one record header (16 bytes) + data per frame; every field
 * is in the writer's byte order, which the magic number reveals:
 *
 *      0                   1                   2                   3
 *      0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *     +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   0 |   Magic: 0xa1b2c3d4 (µs timestamps) or 0xa1b23c4d (ns)        |
 *     +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   4 |     Major version (2)         |      Minor version (4)        |
 *     +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   8 |                   Reserved 1 (was thiszone)                   |
 *     +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  12 |                   Reserved 2 (was sigfigs)                    |
 *     +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  16 |                       Snapshot length                         |
 *     +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  20 | FCS len |R|F|0|         |          Link type (1 = Ethernet)   |
 *     +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 *     record: seconds (4) | µs or ns (4) | captured length (4) | original length (4) | data
 *
 * Bits 28–31 of the link-type word give the FCS length in 16-bit units when the F bit
 * (bit 26) is set: Ethernet frames captured with their 4-byte FCS say F=1, length 2.
 *
 * @module
 */

import { TruncatedError, WireError } from "./errors.ts";

/** Byte ranges of the file header fields, `[start, end)`. */
const FIELD = {
  magic: [0, 4],
  versionMajor: [4, 6],
  versionMinor: [6, 8],
  reserved1: [8, 12],
  reserved2: [12, 16],
  snapLength: [16, 20],
  linkType: [20, 24],
} as const;
/** Byte ranges of a record header's fields. */
const RECORD_FIELD = {
  seconds: [0, 4],
  fraction: [4, 8],
  capturedLength: [8, 12],
  originalLength: [12, 16],
} as const;

/**
 * Bytes in the file header.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(emitPcapHeader().length, PCAP_HEADER_LENGTH);
 * ```
 */
export const PCAP_HEADER_LENGTH = 24;
/**
 * Bytes in a record header.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(emitPcapRecord({ timestampNs: 0, data: new Uint8Array() }).length, PCAP_RECORD_HEADER_LENGTH);
 * ```
 */
export const PCAP_RECORD_HEADER_LENGTH = 16;
/**
 * Magic number of files with microsecond timestamps.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(PCAP_MAGIC_MICROSECONDS.toString(16), "a1b2c3d4");
 * ```
 */
export const PCAP_MAGIC_MICROSECONDS = 0xa1b2c3d4;
/**
 * Magic number of files with nanosecond timestamps.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(PCAP_MAGIC_NANOSECONDS.toString(16), "a1b23c4d");
 * ```
 */
export const PCAP_MAGIC_NANOSECONDS = 0xa1b23c4d;
/**
 * Link type of Ethernet (LINKTYPE_ETHERNET).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(parsePcap(emitPcap([])).linkType, LINKTYPE_ETHERNET);
 * ```
 */
export const LINKTYPE_ETHERNET = 1;

/**
 * One captured frame to write.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const record: PcapRecordInput = { timestampNs: 1_000_000_000, data: new Uint8Array(60) };
 * assert.equal(parsePcap(emitPcap([record])).records[0].timestampNs, 1_000_000_000n);
 * ```
 */
export interface PcapRecordInput {
  /** Capture time in integer nanoseconds since the Unix epoch. */
  readonly timestampNs: number | bigint;
  /** The frame's bytes. */
  readonly data: Uint8Array;
  /** Length of the frame on the wire. @default data.length */
  readonly originalLength?: number;
}

/**
 * One captured frame as read.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const record: PcapRecord = parsePcap(emitPcap([{ timestampNs: 5, data: new Uint8Array(3) }], { precision: "nanosecond" })).records[0];
 * assert.deepEqual([record.timestampNs, record.originalLength], [5n, 3]);
 * ```
 */
export interface PcapRecord {
  /** Capture time in nanoseconds since the Unix epoch (a bigint: real captures exceed 2⁵³ ns). */
  readonly timestampNs: bigint;
  /** The captured bytes (maybe fewer than `originalLength`). */
  readonly data: Uint8Array;
  /** Length of the frame on the wire. */
  readonly originalLength: number;
}

/**
 * A whole capture file as read.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const file: PcapFile = parsePcap(emitPcap([]));
 * assert.deepEqual([file.version, file.records.length], [[2, 4], 0]);
 * ```
 */
export interface PcapFile {
  /** Timestamp resolution, from the magic number. */
  readonly precision: "microsecond" | "nanosecond";
  /** Byte order of the writer, from the magic number. */
  readonly byteOrder: "little" | "big";
  /** Major and minor version, normally 2.4. */
  readonly version: readonly [major: number, minor: number];
  /** Largest number of bytes captured per frame. */
  readonly snapLength: number;
  /** Link type (low 16 bits of the link-type word), 1 for Ethernet. */
  readonly linkType: number;
  /** Bytes of FCS at the end of each frame (0 if the F bit is clear). */
  readonly fcsLength: number;
  /** The frames in file order. */
  readonly records: readonly PcapRecord[];
}

/**
 * Options of {@link emitPcap} and {@link emitPcapHeader}.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const options: PcapOptions = { precision: "nanosecond", snapLength: 96 };
 * assert.equal(parsePcap(emitPcap([], options)).snapLength, 96);
 * ```
 */
export interface PcapOptions {
  /** Link type of every frame. @default 1 (Ethernet) */
  readonly linkType?: number;
  /** Frames longer than this are cut to it (their original length is kept). @default 262144 */
  readonly snapLength?: number;
  /** Timestamp resolution; "microsecond" writes magic 0xa1b2c3d4, "nanosecond" 0xa1b23c4d. @default "microsecond" */
  readonly precision?: "microsecond" | "nanosecond";
  /** Byte order to write in. @default "little" */
  readonly byteOrder?: "little" | "big";
  /** Bytes of FCS at the end of each frame (0 or 4 for Ethernet), written in bits 26–31. @default 0 */
  readonly fcsLength?: number;
}

function u32(bytes: Uint8Array, at: number, little: boolean): number {
  return little
    ? (bytes[at] | (bytes[at + 1] << 8) | (bytes[at + 2] << 16) | (bytes[at + 3] << 24)) >>> 0
    : ((bytes[at] << 24) | (bytes[at + 1] << 16) | (bytes[at + 2] << 8) | bytes[at + 3]) >>> 0;
}
function u16(bytes: Uint8Array, at: number, little: boolean): number {
  return little ? bytes[at] | (bytes[at + 1] << 8) : (bytes[at] << 8) | bytes[at + 1];
}
function put32(bytes: Uint8Array, at: number, value: number, little: boolean): void {
  for (let i = 0; i < 4; i++) bytes[at + (little ? i : 3 - i)] = value >>> (8 * i);
}
function put16(bytes: Uint8Array, at: number, value: number, little: boolean): void {
  bytes[at + (little ? 0 : 1)] = value;
  bytes[at + (little ? 1 : 0)] = value >>> 8;
}

function resolved(options: PcapOptions) {
  const linkType = options.linkType ?? LINKTYPE_ETHERNET;
  const snapLength = options.snapLength ?? 262144;
  const precision = options.precision ?? "microsecond";
  const byteOrder = options.byteOrder ?? "little";
  const fcsLength = options.fcsLength ?? 0;
  const check = (field: string, offset: number, value: number, max: number) => {
    if (!(Number.isInteger(value) && value >= 0 && value <= max)) {
      throw new WireError({
        layer: "pcap",
        field,
        offset,
        action: "emit",
        problem: `${field} ${value} is not an integer from 0 to ${max}`,
        fix: `Pass ${field} from 0 to ${max}.`,
      });
    }
  };
  check("linkType", FIELD.linkType[0], linkType, 0xffff);
  check("snapLength", FIELD.snapLength[0], snapLength, 0xffffffff);
  check("fcsLength", FIELD.linkType[0], fcsLength, 30);
  if (fcsLength % 2 !== 0) {
    throw new WireError({
      layer: "pcap",
      field: "fcsLength",
      offset: FIELD.linkType[0],
      action: "emit",
      problem: `fcsLength ${fcsLength} is odd; the header stores it in 16-bit units`,
      fix: "Pass 0 or 4 for Ethernet.",
    });
  }
  return { linkType, snapLength, precision, little: byteOrder === "little", fcsLength };
}

/**
 * The 24-byte file header.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const header = emitPcapHeader();
 * assert.deepEqual([...header.subarray(0, 4)], [0xd4, 0xc3, 0xb2, 0xa1]); // little-endian magic
 * assert.equal(header[20], 1); // Ethernet
 * ```
 */
export function emitPcapHeader(options: PcapOptions = {}): Uint8Array {
  const o = resolved(options);
  const bytes = new Uint8Array(PCAP_HEADER_LENGTH);
  put32(
    bytes,
    0,
    o.precision === "nanosecond" ? PCAP_MAGIC_NANOSECONDS : PCAP_MAGIC_MICROSECONDS,
    o.little,
  );
  put16(bytes, 4, 2, o.little);
  put16(bytes, 6, 4, o.little);
  put32(bytes, 16, o.snapLength, o.little);
  // Link-type word: FCS length in 16-bit units in bits 28–31, F flag in bit 26.
  const fcs = o.fcsLength > 0 ? ((o.fcsLength / 2) << 28) | (1 << 26) : 0;
  put32(bytes, 20, (fcs | o.linkType) >>> 0, o.little);
  return bytes;
}

/**
 * One record: 16-byte header and the (possibly snapped) data. `options` must match the
 * file header's.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const record = emitPcapRecord({ timestampNs: 1_500_000_000, data: new Uint8Array(60) });
 * assert.equal(record.length, 16 + 60);
 * assert.equal(record[0], 1); // 1 second ...
 * assert.equal(record[4] | (record[5] << 8) | (record[6] << 16), 500_000); // ... and 500000 µs
 * ```
 */
export function emitPcapRecord(record: PcapRecordInput, options: PcapOptions = {}): Uint8Array {
  const o = resolved(options);
  const ns = BigInt(record.timestampNs);
  if (ns < 0n || ns >= 2n ** 32n * 1_000_000_000n) {
    throw new WireError({
      layer: "pcap",
      field: "timestampNs",
      offset: RECORD_FIELD.seconds[0],
      action: "emit",
      problem: `timestamp ${ns} ns is outside 0 to 2^32 seconds`,
      fix: "Pass a non-negative integer time in nanoseconds since the Unix epoch, before 2106.",
    });
  }
  const seconds = Number(ns / 1_000_000_000n);
  const nanoseconds = Number(ns % 1_000_000_000n);
  const captured = Math.min(record.data.length, o.snapLength);
  const original = record.originalLength ?? record.data.length;
  if (!(Number.isInteger(original) && original >= captured && original <= 0xffffffff)) {
    throw new WireError({
      layer: "pcap",
      field: "originalLength",
      offset: RECORD_FIELD.originalLength[0],
      action: "emit",
      problem: `original length ${original} is below the ${captured} captured bytes`,
      fix: "Leave originalLength out, or give the frame's length on the wire.",
    });
  }
  const bytes = new Uint8Array(PCAP_RECORD_HEADER_LENGTH + captured);
  put32(bytes, 0, seconds, o.little);
  put32(
    bytes,
    4,
    o.precision === "nanosecond" ? nanoseconds : Math.floor(nanoseconds / 1000),
    o.little,
  );
  put32(bytes, 8, captured, o.little);
  put32(bytes, 12, original, o.little);
  bytes.set(record.data.subarray(0, captured), PCAP_RECORD_HEADER_LENGTH);
  return bytes;
}

/**
 * A whole capture file.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const file = emitPcap([
 *   { timestampNs: 0, data: new Uint8Array(60) },
 *   { timestampNs: 1_000, data: new Uint8Array(64) },
 * ]);
 * assert.equal(file.length, 24 + 16 + 60 + 16 + 64);
 * assert.equal(parsePcap(file).records[1].timestampNs, 1_000n);
 * ```
 */
export function emitPcap(
  records: readonly PcapRecordInput[],
  options: PcapOptions = {},
): Uint8Array {
  const parts = [
    emitPcapHeader(options),
    ...records.map((record) => emitPcapRecord(record, options)),
  ];
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/**
 * Read a capture file: magic 0xa1b2c3d4 or 0xa1b23c4d, in either byte order. Record data
 * are views into `bytes`. Throws {@link WireError} for an unknown magic and
 * {@link TruncatedError} for a cut-off header or record.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const bytes = emitPcap([{ timestampNs: 2_000_000_123, data: new Uint8Array([1, 2, 3]) }], {
 *   precision: "nanosecond",
 *   byteOrder: "big",
 * });
 * const file = parsePcap(bytes);
 * assert.equal(file.byteOrder, "big");
 * assert.equal(file.records[0].timestampNs, 2_000_000_123n);
 * assert.deepEqual([...file.records[0].data], [1, 2, 3]);
 * ```
 */
export function parsePcap(bytes: Uint8Array): PcapFile {
  if (bytes.length < PCAP_HEADER_LENGTH) {
    throw new TruncatedError({
      layer: "pcap",
      field: "header",
      offset: 0,
      needed: 24,
      available: bytes.length,
    });
  }
  let little: boolean;
  let precision: PcapFile["precision"];
  const magicBig = u32(bytes, 0, false);
  const magicLittle = u32(bytes, 0, true);
  if (magicBig === PCAP_MAGIC_MICROSECONDS || magicBig === PCAP_MAGIC_NANOSECONDS) {
    little = false;
    precision = magicBig === PCAP_MAGIC_NANOSECONDS ? "nanosecond" : "microsecond";
  } else if (magicLittle === PCAP_MAGIC_MICROSECONDS || magicLittle === PCAP_MAGIC_NANOSECONDS) {
    little = true;
    precision = magicLittle === PCAP_MAGIC_NANOSECONDS ? "nanosecond" : "microsecond";
  } else {
    throw new WireError({
      layer: "pcap",
      field: "magic",
      offset: 0,
      problem: `magic 0x${magicBig.toString(16).padStart(8, "0")} is not a pcap magic number`,
      fix:
        "Expect a1b2c3d4 or a1b23c4d in either byte order; pcapng files (0a0d0d0a) need converting with editcap -F pcap.",
    });
  }
  const linkWord = u32(bytes, FIELD.linkType[0], little);
  const fcsLength = (linkWord & (1 << 26)) !== 0 ? ((linkWord >>> 28) & 0xf) * 2 : 0;
  const records: PcapRecord[] = [];
  const unit = precision === "nanosecond" ? 1n : 1000n;
  for (let at = PCAP_HEADER_LENGTH; at < bytes.length;) {
    const index = records.length;
    if (at + PCAP_RECORD_HEADER_LENGTH > bytes.length) {
      throw new TruncatedError({
        layer: "pcap",
        field: `records[${index}].header`,
        offset: at,
        needed: PCAP_RECORD_HEADER_LENGTH,
        available: bytes.length - at,
      });
    }
    const captured = u32(bytes, at + RECORD_FIELD.capturedLength[0], little);
    const start = at + PCAP_RECORD_HEADER_LENGTH;
    if (start + captured > bytes.length) {
      throw new TruncatedError({
        layer: "pcap",
        field: `records[${index}].capturedLength`,
        offset: at + RECORD_FIELD.capturedLength[0],
        needed: captured,
        available: bytes.length - start,
        problem: `record ${index} announces ${captured} captured bytes but only ${
          bytes.length - start
        } remain`,
      });
    }
    const seconds = BigInt(u32(bytes, at, little));
    const fraction = BigInt(u32(bytes, at + RECORD_FIELD.fraction[0], little));
    records.push({
      timestampNs: seconds * 1_000_000_000n + fraction * unit,
      data: bytes.subarray(start, start + captured),
      originalLength: u32(bytes, at + RECORD_FIELD.originalLength[0], little),
    });
    at = start + captured;
  }
  return {
    precision,
    byteOrder: little ? "little" : "big",
    version: [u16(bytes, FIELD.versionMajor[0], little), u16(bytes, FIELD.versionMinor[0], little)],
    snapLength: u32(bytes, FIELD.snapLength[0], little),
    linkType: linkWord & 0xffff,
    fcsLength,
    records,
  };
}

/**
 * A one-line summary of a capture, like `capinfos` would start.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const file = parsePcap(emitPcap([{ timestampNs: 0, data: new Uint8Array(60) }]));
 * assert.equal(formatPcap(file), "pcap 2.4, linktype 1 (Ethernet), microsecond timestamps, snaplen 262144, 1 record, 60 bytes");
 * ```
 */
export function formatPcap(file: PcapFile): string {
  const name = file.linkType === LINKTYPE_ETHERNET ? " (Ethernet)" : "";
  const bytes = file.records.reduce((sum, record) => sum + record.data.length, 0);
  const fcs = file.fcsLength > 0 ? `, ${file.fcsLength}-byte FCS` : "";
  return `pcap ${file.version[0]}.${file.version[1]}, linktype ${file.linkType}${name}${fcs}, ` +
    `${file.precision} timestamps, snaplen ${file.snapLength}, ${file.records.length} record` +
    `${file.records.length === 1 ? "" : "s"}, ${bytes} bytes`;
}
