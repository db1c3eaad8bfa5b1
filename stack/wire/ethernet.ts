/**
 * Ethernet II frames: the link layer, the outermost envelope of every frame in this course.
 * A frame carries a destination and a source MAC address and an EtherType naming what the
 * payload is (IPv4, ARP, …). Below it is the wire; above it ARP and IPv4.
 *
 * Usage: `parseEthernet(bytes)` gives a repr `{destination, source, etherType, payload}`;
 * `emitEthernet(repr)` writes one, padded to the 60-byte minimum; `new EthernetView(bytes)`
 * reads and writes fields in place.
 *
 * Frame layout (IEEE 802.3 §3.1.1, Ethernet II / DIX framing; preamble and SFD are not
 * stored in captures):
 *
 *      0                   1                   2                   3
 *      0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *     +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *     |                 Destination MAC address                       |
 *     +                               +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *     |                               |                               |
 *     +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+                               +
 *     |                     Source MAC address                        |
 *     +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *     |           EtherType           |  Payload (46–1500 bytes) ...  |
 *     +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *     |        Frame check sequence, CRC-32 (optional in captures)    |
 *     +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * The minimum frame is 64 bytes with the FCS, so 60 without: a sender pads short payloads
 * with zeros, and the receiver cannot tell padding from payload (IPv4's total length can).
 *
 * @module
 */

import { crc32 } from "./checksum.ts";
import { ChecksumError, TruncatedError, WireError } from "./errors.ts";
import {
  allocate,
  checkUint,
  hex,
  HEX_BYTE,
  pushField,
  readU16,
  type WireField,
  writeU16,
} from "./_bytes.ts";

/** Byte ranges of the header fields, `[start, end)`. */
const FIELD = {
  destination: [0, 6],
  source: [6, 12],
  etherType: [12, 14],
} as const;

/**
 * Bytes in an Ethernet II header.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(ETHERNET_HEADER_LENGTH, 6 + 6 + 2);
 * ```
 */
export const ETHERNET_HEADER_LENGTH = 14;
/**
 * Smallest frame on the wire without the FCS (64 with it), IEEE 802.3 §4.4.2.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(ETHERNET_MIN_FRAME_LENGTH + ETHERNET_FCS_LENGTH, 64);
 * ```
 */
export const ETHERNET_MIN_FRAME_LENGTH = 60;
/**
 * Largest payload of an untagged frame (the classic MTU), IEEE 802.3 §4.4.2.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(ETHERNET_MTU, 1500);
 * ```
 */
export const ETHERNET_MTU = 1500;
/**
 * Bytes of the frame check sequence.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(ETHERNET_FCS_LENGTH, 4);
 * ```
 */
export const ETHERNET_FCS_LENGTH = 4;

/**
 * EtherType values, named as in smoltcp `src/wire/ethernet.rs`. Values below 0x0600 are
 * not EtherTypes but IEEE 802.3 length fields.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(EtherType.Ipv4, 0x0800);
 * assert.equal(EtherType.Arp, 0x0806);
 * ```
 */
export const EtherType = {
  Ipv4: 0x0800,
  Arp: 0x0806,
  Ipv6: 0x86dd,
} as const;

/**
 * The display name of an EtherType: "IPv4", "ARP", "IPv6", or the hex value.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(etherTypeName(0x0806), "ARP");
 * assert.equal(etherTypeName(0x88cc), "0x88cc");
 * ```
 */
export function etherTypeName(etherType: number): string {
  switch (etherType) {
    case EtherType.Ipv4:
      return "IPv4";
    case EtherType.Arp:
      return "ARP";
    case EtherType.Ipv6:
      return "IPv6";
    default:
      return hex(etherType);
  }
}

/**
 * A MAC address in its canonical text form: six lowercase hex pairs joined by colons,
 * `"02:00:00:00:00:01"`. Reprs hold addresses as text so they print and compare plainly.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const address: MacAddress = "02:00:00:00:00:01";
 * assert.equal(formatMacAddress(parseMacAddress(address)), address);
 * ```
 */
export type MacAddress = string;

/**
 * The broadcast address: every station accepts it.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(MAC_BROADCAST, "ff:ff:ff:ff:ff:ff");
 * ```
 */
export const MAC_BROADCAST: MacAddress = "ff:ff:ff:ff:ff:ff";

// A simulation converts the same few addresses between text and bytes millions of times,
// at 100–200 ns a conversion; these bounded caches (emptied when full) make it a lookup.
const CACHE_LIMIT = 4096;
const MAC_TEXT_TO_NUMBER = new Map<string, number>();
const MAC_NUMBER_TO_TEXT = new Map<number, string>();

function hexDigit(code: number): number {
  if (code >= 48 && code <= 57) return code - 48; // 0-9
  if (code >= 97 && code <= 102) return code - 87; // a-f
  if (code >= 65 && code <= 70) return code - 55; // A-F
  return -1;
}

/**
 * Write the address text as 6 bytes into `target` at `offset`. Accepts `:` or `-`
 * separators and either case; throws a `SyntaxError` naming the bad character otherwise.
 */
function writeMac(text: string, target: Uint8Array, offset: number): void {
  let value = MAC_TEXT_TO_NUMBER.get(text);
  if (value === undefined) {
    value = macTextValue(text);
    if (MAC_TEXT_TO_NUMBER.size >= CACHE_LIMIT) MAC_TEXT_TO_NUMBER.clear();
    MAC_TEXT_TO_NUMBER.set(text, value);
  }
  // value = high 16 bits × 2^32 + low 32 bits (48 bits fit a double exactly).
  const high = Math.floor(value / 0x100000000);
  const low = value >>> 0;
  target[offset] = high >>> 8;
  target[offset + 1] = high;
  target[offset + 2] = low >>> 24;
  target[offset + 3] = low >>> 16;
  target[offset + 4] = low >>> 8;
  target[offset + 5] = low;
}

/** The 48-bit value of MAC text, or a SyntaxError naming the bad byte. */
function macTextValue(text: string): number {
  if (typeof text !== "string" || text.length !== 17) {
    throw new SyntaxError(
      `Cannot parse MAC address ${
        JSON.stringify(text)
      }: expected 17 characters like "02:00:00:00:00:01".`,
    );
  }
  let value = 0;
  for (let i = 0; i < 6; i++) {
    const high = hexDigit(text.charCodeAt(i * 3));
    const low = hexDigit(text.charCodeAt(i * 3 + 1));
    const separator = i < 5 ? text.charCodeAt(i * 3 + 2) : 58;
    if (high < 0 || low < 0 || (separator !== 58 && separator !== 45)) {
      throw new SyntaxError(
        `Cannot parse MAC address ${JSON.stringify(text)}: byte ${i + 1} ` +
          `${JSON.stringify(text.slice(i * 3, i * 3 + 3))} is not two hex digits and a ":". ` +
          `Write it like "02:00:00:00:00:01".`,
      );
    }
    value = value * 256 + ((high << 4) | low);
  }
  return value;
}

/**
 * The 6 bytes of a MAC address written as text.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.deepEqual(parseMacAddress("02:00:00:00:00:01"), new Uint8Array([2, 0, 0, 0, 0, 1]));
 * assert.throws(() => parseMacAddress("02:00:00:00:00"), SyntaxError);
 * ```
 */
export function parseMacAddress(text: string): Uint8Array {
  const bytes = new Uint8Array(6);
  writeMac(text, bytes, 0);
  return bytes;
}

/**
 * The canonical text of the 6 bytes at `offset`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(formatMacAddress(new Uint8Array([2, 0, 0, 0, 0, 0xab])), "02:00:00:00:00:ab");
 * ```
 */
export function formatMacAddress(bytes: Uint8Array, offset = 0): MacAddress {
  // `| 0` turns a byte past the end (undefined) into 0.
  const b0 = bytes[offset] | 0, b1 = bytes[offset + 1] | 0, b2 = bytes[offset + 2] | 0;
  const b3 = bytes[offset + 3] | 0, b4 = bytes[offset + 4] | 0, b5 = bytes[offset + 5] | 0;
  const key = ((b0 << 8) | b1) * 0x100000000 + (((b2 << 24) | (b3 << 16) | (b4 << 8) | b5) >>> 0);
  let text = MAC_NUMBER_TO_TEXT.get(key);
  if (text === undefined) {
    text = HEX_BYTE[b0] + ":" + HEX_BYTE[b1] + ":" + HEX_BYTE[b2] + ":" + HEX_BYTE[b3] + ":" +
      HEX_BYTE[b4] + ":" + HEX_BYTE[b5];
    if (MAC_NUMBER_TO_TEXT.size >= CACHE_LIMIT) MAC_NUMBER_TO_TEXT.clear();
    MAC_NUMBER_TO_TEXT.set(key, text);
  }
  return text;
}

/**
 * A read/write view of an Ethernet II frame over a `Uint8Array`. It checks nothing, so it
 * works on malformed or short bytes too: fields past the end read as zero and writes
 * there are dropped. `parseEthernet` checks the length.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const frame = new Uint8Array(60);
 * const view = new EthernetView(frame);
 * view.destination = "ff:ff:ff:ff:ff:ff";
 * view.source = "02:00:00:00:00:01";
 * view.etherType = EtherType.Arp;
 * assert.equal(view.etherType, 0x0806);
 * assert.equal(frame[12], 0x08);
 * assert.equal(view.payload.length, 46);
 * ```
 */
export class EthernetView {
  /** Wrap `bytes` (the frame starts at `bytes[0]`). */
  constructor(readonly bytes: Uint8Array) {}

  /** Destination MAC address (bytes 0–5). */
  get destination(): MacAddress {
    return formatMacAddress(this.bytes, FIELD.destination[0]);
  }
  set destination(value: MacAddress) {
    writeMac(value, this.bytes, FIELD.destination[0]);
  }

  /** Source MAC address (bytes 6–11). */
  get source(): MacAddress {
    return formatMacAddress(this.bytes, FIELD.source[0]);
  }
  set source(value: MacAddress) {
    writeMac(value, this.bytes, FIELD.source[0]);
  }

  /** EtherType (bytes 12–13). */
  get etherType(): number {
    return readU16(this.bytes, FIELD.etherType[0]);
  }
  set etherType(value: number) {
    writeU16(this.bytes, FIELD.etherType[0], value);
  }

  /** Everything after the header (padding and any FCS included). */
  get payload(): Uint8Array {
    return this.bytes.subarray(ETHERNET_HEADER_LENGTH);
  }

  /** The header fields with their byte ranges, for dissection; only fields that are present. */
  fields(): WireField[] {
    const rows: WireField[] = [];
    const n = this.bytes.length;
    pushField(rows, n, "destination", FIELD.destination, () => this.destination);
    pushField(rows, n, "source", FIELD.source, () => this.source);
    pushField(
      rows,
      n,
      "etherType",
      FIELD.etherType,
      () => `${etherTypeName(this.etherType)} (${hex(this.etherType)})`,
    );
    return rows;
  }
}

/**
 * An Ethernet II frame as plain data.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const repr: EthernetRepr = {
 *   destination: MAC_BROADCAST, source: "02:00:00:00:00:01", etherType: EtherType.Arp, payload: new Uint8Array(46),
 * };
 * assert.deepEqual(parseEthernet(emitEthernet(repr)), repr);
 * ```
 */
export interface EthernetRepr {
  /** Destination MAC address. */
  readonly destination: MacAddress;
  /** Source MAC address. */
  readonly source: MacAddress;
  /** What the payload is, see {@link EtherType}. */
  readonly etherType: number;
  /** The payload; after parsing, any padding is still part of it. */
  readonly payload: Uint8Array;
}

/**
 * Options of {@link parseEthernet}.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const options: ParseEthernetOptions = { fcs: true };
 * const frame = emitEthernet({ destination: MAC_BROADCAST, source: "02:00:00:00:00:01", etherType: 0x0806, payload: new Uint8Array(46) }, { fcs: true });
 * assert.equal(parseEthernet(frame, options).payload.length, 46);
 * ```
 */
export interface ParseEthernetOptions {
  /** The last 4 bytes are a frame check sequence: verify it and leave it out of the payload. @default false */
  readonly fcs?: boolean;
}

/**
 * Read an Ethernet II frame. Throws {@link TruncatedError} below 14 bytes (18 with `fcs`)
 * and {@link ChecksumError} when `fcs` is set and the CRC-32 disagrees.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * // An ARP request made with scapy (see ethernet_test.ts).
 * const hex = "ffffffffffff020000000001080600010800060400010200000000010a0000010000000000000a000002";
 * const frame = new Uint8Array(hex.match(/../g)!.map((b) => parseInt(b, 16)));
 * const repr = parseEthernet(frame);
 * assert.equal(repr.destination, MAC_BROADCAST);
 * assert.equal(repr.source, "02:00:00:00:00:01");
 * assert.equal(repr.etherType, EtherType.Arp);
 * assert.equal(repr.payload.length, 28);
 * ```
 */
export function parseEthernet(bytes: Uint8Array, options: ParseEthernetOptions = {}): EthernetRepr {
  const fcs = options.fcs ?? false;
  const needed = ETHERNET_HEADER_LENGTH + (fcs ? ETHERNET_FCS_LENGTH : 0);
  if (bytes.length < needed) {
    throw new TruncatedError({
      layer: "Ethernet",
      field: "header",
      offset: 0,
      needed,
      available: bytes.length,
    });
  }
  const view = new EthernetView(bytes);
  const end = fcs ? bytes.length - ETHERNET_FCS_LENGTH : bytes.length;
  const repr: EthernetRepr = {
    destination: view.destination,
    source: view.source,
    etherType: view.etherType,
    payload: bytes.subarray(ETHERNET_HEADER_LENGTH, end),
  };
  if (fcs) {
    const found = readFcs(bytes, end);
    const expected = crc32(bytes, { end });
    if (found !== expected) {
      throw new ChecksumError({
        layer: "Ethernet",
        field: "fcs",
        offset: end,
        found,
        expected,
        repr,
        view,
      });
    }
  }
  return repr;
}

function readFcs(bytes: Uint8Array, at: number): number {
  // The FCS goes out least significant byte first (IEEE 802.3 §3.2.9).
  return (bytes[at] | (bytes[at + 1] << 8) | (bytes[at + 2] << 16) | (bytes[at + 3] << 24)) >>> 0;
}

/**
 * Options of {@link emitEthernet}.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const options: EmitEthernetOptions = { pad: false };
 * const frame = emitEthernet({ destination: MAC_BROADCAST, source: "02:00:00:00:00:01", etherType: 0x0806, payload: new Uint8Array(28) }, options);
 * assert.equal(frame.length, 42);
 * ```
 */
export interface EmitEthernetOptions {
  /** Pad with zero bytes up to the 60-byte minimum frame. @default true */
  readonly pad?: boolean;
  /** Append the 4-byte CRC-32 frame check sequence. @default false */
  readonly fcs?: boolean;
  /** Largest payload accepted, in bytes. @default 1500 */
  readonly mtu?: number;
}

/**
 * Write an Ethernet II frame: header, payload, zero padding to 60 bytes, optional FCS.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const frame = emitEthernet({
 *   destination: MAC_BROADCAST,
 *   source: "02:00:00:00:00:01",
 *   etherType: EtherType.Arp,
 *   payload: new Uint8Array(28),
 * });
 * assert.equal(frame.length, 60); // 14 + 28, padded to the minimum
 * assert.equal(emitEthernet(parseEthernet(frame), { fcs: true }).length, 64);
 * ```
 */
export function emitEthernet(repr: EthernetRepr, options: EmitEthernetOptions = {}): Uint8Array {
  const pad = options.pad ?? true;
  const fcs = options.fcs ?? false;
  const mtu = options.mtu ?? ETHERNET_MTU;
  checkUint("Ethernet", "etherType", FIELD.etherType[0], repr.etherType, 0xffff);
  if (repr.payload.length > mtu) {
    throw new WireError({
      layer: "Ethernet",
      field: "payload",
      offset: ETHERNET_HEADER_LENGTH,
      action: "emit",
      problem: `payload of ${repr.payload.length} bytes is larger than the ${mtu}-byte MTU`,
      fix: "Fragment the IPv4 packet, or pass a larger mtu for jumbo frames.",
    });
  }
  const used = ETHERNET_HEADER_LENGTH + repr.payload.length;
  const length = pad ? Math.max(used, ETHERNET_MIN_FRAME_LENGTH) : used;
  const frame = allocate(length + (fcs ? ETHERNET_FCS_LENGTH : 0));
  writeMac(repr.destination, frame, FIELD.destination[0]);
  writeMac(repr.source, frame, FIELD.source[0]);
  writeU16(frame, FIELD.etherType[0], repr.etherType);
  frame.set(repr.payload, ETHERNET_HEADER_LENGTH);
  if (fcs) {
    const value = crc32(frame, { end: length });
    frame[length] = value;
    frame[length + 1] = value >>> 8;
    frame[length + 2] = value >>> 16;
    frame[length + 3] = value >>> 24;
  }
  return frame;
}

/**
 * tcpdump-style one line (as `tcpdump -e` prints the link layer).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const line = formatEthernet({
 *   destination: "02:00:00:00:00:02",
 *   source: "02:00:00:00:00:01",
 *   etherType: EtherType.Ipv4,
 *   payload: new Uint8Array(60),
 * });
 * assert.equal(line, "02:00:00:00:00:01 > 02:00:00:00:00:02, ethertype IPv4 (0x0800), length 74");
 * ```
 */
export function formatEthernet(repr: EthernetRepr): string {
  const length = ETHERNET_HEADER_LENGTH + repr.payload.length;
  const type = repr.etherType < 0x0600
    ? `802.3 length ${repr.etherType}`
    : `ethertype ${etherTypeName(repr.etherType)} (${hex(repr.etherType)})`;
  return `${repr.source} > ${repr.destination}, ${type}, length ${length}`;
}
