/**
 * ARP, the Address Resolution Protocol (RFC 826): how a host that knows a neighbour's IPv4
 * address learns its MAC address. It rides directly in Ethernet (EtherType 0x0806), beside
 * IPv4 rather than above it. A request is broadcast ("who has 10.0.0.2? tell 10.0.0.1");
 * the owner answers with a unicast reply ("10.0.0.2 is at 02:00:00:00:00:02").
 *
 * Usage: `parseArp(ethernetRepr.payload)`, `emitArp(repr)`, `formatArp(repr)`. Only the
 * IPv4-over-Ethernet form is parsed (hardware type 1, protocol type 0x0800, lengths 6, 4);
 * `ArpView` reads any form.
 *
 * Packet layout (RFC 826 "Packet format", for Ethernet and IPv4):
 *
 *      0                   1                   2                   3
 *      0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *     +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *     |    Hardware type (1)          |    Protocol type (0x0800)     |
 *     +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *     | HW length (6) |Proto length(4)|  Operation (1 req, 2 reply)   |
 *     +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *     |                 Sender hardware address (MAC)                 |
 *     +                               +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *     |                               |  Sender protocol address (IP) |
 *     +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+                               +
 *     |                               |                               |
 *     +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+                               +
 *     |                 Target hardware address (MAC)                 |
 *     +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *     |                 Target protocol address (IP)                  |
 *     +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * @module
 */

import { TruncatedError, WireError } from "./errors.ts";
import { EtherType, formatMacAddress, type MacAddress, parseMacAddress } from "./ethernet.ts";
import { type Ipv4Address, readIpv4Address, writeIpv4Address } from "./ipv4_address.ts";
import {
  allocate,
  checkUint,
  hex,
  pushField,
  readU16,
  type WireField,
  writeU16,
} from "./_bytes.ts";

/** Byte ranges of the fields for IPv4 over Ethernet, `[start, end)`. */
const FIELD = {
  hardwareType: [0, 2],
  protocolType: [2, 4],
  hardwareLength: [4, 5],
  protocolLength: [5, 6],
  operation: [6, 8],
  senderMac: [8, 14],
  senderIp: [14, 18],
  targetMac: [18, 24],
  targetIp: [24, 28],
} as const;

/**
 * Bytes in an ARP packet for IPv4 over Ethernet.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(emitArp({ operation: 1, senderMac: "02:00:00:00:00:01", senderIp: "10.0.0.1", targetMac: "00:00:00:00:00:00", targetIp: "10.0.0.2" }).length, ARP_LENGTH);
 * ```
 */
export const ARP_LENGTH = 28;
/**
 * Hardware type of Ethernet (RFC 826 `ares_hrd$Ethernet`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(ARP_HARDWARE_ETHERNET, 1);
 * ```
 */
export const ARP_HARDWARE_ETHERNET = 1;

/**
 * ARP operation codes (RFC 826 `ares_op$REQUEST`, `ares_op$REPLY`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(ArpOperation.Request, 1);
 * assert.equal(ArpOperation.Reply, 2);
 * ```
 */
export const ArpOperation = { Request: 1, Reply: 2 } as const;

/**
 * A read/write view of an ARP packet. It checks nothing: fields past the end read as zero.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const view = new ArpView(new Uint8Array(28));
 * view.operation = ArpOperation.Reply;
 * view.senderIp = "10.0.0.2";
 * assert.equal(view.senderIp, "10.0.0.2");
 * assert.equal(view.bytes[7], 2);
 * ```
 */
export class ArpView {
  /** Wrap `bytes` (the packet starts at `bytes[0]`). */
  constructor(readonly bytes: Uint8Array) {}

  /** Hardware type (1 for Ethernet). */
  get hardwareType(): number {
    return readU16(this.bytes, FIELD.hardwareType[0]);
  }
  set hardwareType(value: number) {
    writeU16(this.bytes, FIELD.hardwareType[0], value);
  }

  /** Protocol type, an EtherType (0x0800 for IPv4). */
  get protocolType(): number {
    return readU16(this.bytes, FIELD.protocolType[0]);
  }
  set protocolType(value: number) {
    writeU16(this.bytes, FIELD.protocolType[0], value);
  }

  /** Bytes in a hardware address (6 for Ethernet). */
  get hardwareLength(): number {
    return this.bytes[4] ?? 0;
  }
  set hardwareLength(value: number) {
    this.bytes[4] = value;
  }

  /** Bytes in a protocol address (4 for IPv4). */
  get protocolLength(): number {
    return this.bytes[5] ?? 0;
  }
  set protocolLength(value: number) {
    this.bytes[5] = value;
  }

  /** Operation, see {@link ArpOperation}. */
  get operation(): number {
    return readU16(this.bytes, FIELD.operation[0]);
  }
  set operation(value: number) {
    writeU16(this.bytes, FIELD.operation[0], value);
  }

  /** Sender MAC address. */
  get senderMac(): MacAddress {
    return formatMacAddress(this.bytes, FIELD.senderMac[0]);
  }
  set senderMac(value: MacAddress) {
    this.bytes.set(parseMacAddress(value), FIELD.senderMac[0]);
  }

  /** Sender IPv4 address. */
  get senderIp(): Ipv4Address {
    return readIpv4Address(this.bytes, FIELD.senderIp[0]);
  }
  set senderIp(value: Ipv4Address) {
    writeIpv4Address(this.bytes, FIELD.senderIp[0], value);
  }

  /** Target MAC address (zero in a request: that is the question). */
  get targetMac(): MacAddress {
    return formatMacAddress(this.bytes, FIELD.targetMac[0]);
  }
  set targetMac(value: MacAddress) {
    this.bytes.set(parseMacAddress(value), FIELD.targetMac[0]);
  }

  /** Target IPv4 address. */
  get targetIp(): Ipv4Address {
    return readIpv4Address(this.bytes, FIELD.targetIp[0]);
  }
  set targetIp(value: Ipv4Address) {
    writeIpv4Address(this.bytes, FIELD.targetIp[0], value);
  }

  /** The fields with their byte ranges, for dissection; only fields that are present. */
  fields(): WireField[] {
    const rows: WireField[] = [];
    const n = this.bytes.length;
    pushField(rows, n, "hardwareType", FIELD.hardwareType, () => this.hardwareType);
    pushField(rows, n, "protocolType", FIELD.protocolType, () => hex(this.protocolType));
    pushField(rows, n, "hardwareLength", FIELD.hardwareLength, () => this.hardwareLength);
    pushField(rows, n, "protocolLength", FIELD.protocolLength, () => this.protocolLength);
    pushField(rows, n, "operation", FIELD.operation, () => operationName(this.operation));
    pushField(rows, n, "senderMac", FIELD.senderMac, () => this.senderMac);
    pushField(rows, n, "senderIp", FIELD.senderIp, () => this.senderIp);
    pushField(rows, n, "targetMac", FIELD.targetMac, () => this.targetMac);
    pushField(rows, n, "targetIp", FIELD.targetIp, () => this.targetIp);
    return rows;
  }
}

function operationName(operation: number): string {
  return operation === 1 ? "request (1)" : operation === 2 ? "reply (2)" : String(operation);
}

/**
 * An ARP packet for IPv4 over Ethernet, as plain data.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const request: ArpRepr = {
 *   operation: ArpOperation.Request,
 *   senderMac: "02:00:00:00:00:01", senderIp: "10.0.0.1",
 *   targetMac: "00:00:00:00:00:00", targetIp: "10.0.0.2",
 * };
 * assert.equal(formatArp(request), "ARP, Request who-has 10.0.0.2 tell 10.0.0.1, length 28");
 * ```
 */
export interface ArpRepr {
  /** Operation, see {@link ArpOperation}: 1 request, 2 reply. */
  readonly operation: number;
  /** MAC address of the sender. */
  readonly senderMac: MacAddress;
  /** IPv4 address of the sender. */
  readonly senderIp: Ipv4Address;
  /** MAC address of the target (00:00:00:00:00:00 in a request). */
  readonly targetMac: MacAddress;
  /** IPv4 address of the target (the address being asked about in a request). */
  readonly targetIp: Ipv4Address;
}

function expect(
  view: ArpView,
  field: keyof typeof FIELD,
  found: number,
  wanted: number,
  what: string,
) {
  if (found !== wanted) {
    throw new WireError({
      layer: "ARP",
      field,
      offset: FIELD[field][0],
      problem: `${what} ${found} is not ${wanted}`,
      fix: "Only IPv4 over Ethernet is parsed (hardware type 1, protocol type 0x0800, " +
        "lengths 6 and 4); read other forms with ArpView.",
    });
  }
  return view;
}

/**
 * Read an ARP packet for IPv4 over Ethernet; trailing bytes (Ethernet padding) are ignored.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * // Payload of an ARP request made with scapy (see arp_test.ts).
 * const hex = "00010800060400010200000000010a0000010000000000000a000002";
 * const repr = parseArp(new Uint8Array(hex.match(/../g)!.map((b) => parseInt(b, 16))));
 * assert.equal(repr.operation, ArpOperation.Request);
 * assert.equal(formatArp(repr), "ARP, Request who-has 10.0.0.2 tell 10.0.0.1, length 28");
 * ```
 */
export function parseArp(bytes: Uint8Array): ArpRepr {
  if (bytes.length < FIELD.operation[1]) {
    throw new TruncatedError({
      layer: "ARP",
      field: "header",
      offset: 0,
      needed: 8,
      available: bytes.length,
    });
  }
  const view = new ArpView(bytes);
  expect(view, "hardwareType", view.hardwareType, ARP_HARDWARE_ETHERNET, "hardware type");
  expect(view, "protocolType", view.protocolType, EtherType.Ipv4, "protocol type");
  expect(view, "hardwareLength", view.hardwareLength, 6, "hardware address length");
  expect(view, "protocolLength", view.protocolLength, 4, "protocol address length");
  if (bytes.length < ARP_LENGTH) {
    throw new TruncatedError({
      layer: "ARP",
      field: "addresses",
      offset: FIELD.senderMac[0],
      needed: ARP_LENGTH,
      available: bytes.length,
    });
  }
  return {
    operation: view.operation,
    senderMac: view.senderMac,
    senderIp: view.senderIp,
    targetMac: view.targetMac,
    targetIp: view.targetIp,
  };
}

/**
 * Write a 28-byte ARP packet for IPv4 over Ethernet.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const repr = {
 *   operation: ArpOperation.Reply,
 *   senderMac: "02:00:00:00:00:02", senderIp: "10.0.0.2",
 *   targetMac: "02:00:00:00:00:01", targetIp: "10.0.0.1",
 * };
 * const bytes = emitArp(repr);
 * assert.equal(bytes.length, 28);
 * assert.deepEqual(parseArp(bytes), repr);
 * ```
 */
export function emitArp(repr: ArpRepr): Uint8Array {
  checkUint("ARP", "operation", FIELD.operation[0], repr.operation, 0xffff);
  const bytes = allocate(ARP_LENGTH);
  const view = new ArpView(bytes);
  view.hardwareType = ARP_HARDWARE_ETHERNET;
  view.protocolType = EtherType.Ipv4;
  view.hardwareLength = 6;
  view.protocolLength = 4;
  view.operation = repr.operation;
  view.senderMac = repr.senderMac;
  view.senderIp = repr.senderIp;
  view.targetMac = repr.targetMac;
  view.targetIp = repr.targetIp;
  return bytes;
}

/**
 * tcpdump-style one line.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const line = formatArp({
 *   operation: ArpOperation.Reply,
 *   senderMac: "02:00:00:00:00:02", senderIp: "10.0.0.2",
 *   targetMac: "02:00:00:00:00:01", targetIp: "10.0.0.1",
 * });
 * assert.equal(line, "ARP, Reply 10.0.0.2 is-at 02:00:00:00:00:02, length 28");
 * ```
 */
export function formatArp(repr: ArpRepr): string {
  switch (repr.operation) {
    case ArpOperation.Request:
      return `ARP, Request who-has ${repr.targetIp} tell ${repr.senderIp}, length ${ARP_LENGTH}`;
    case ArpOperation.Reply:
      return `ARP, Reply ${repr.senderIp} is-at ${repr.senderMac}, length ${ARP_LENGTH}`;
    default:
      return `ARP, operation ${repr.operation}, sender ${repr.senderIp} (${repr.senderMac}), ` +
        `target ${repr.targetIp} (${repr.targetMac}), length ${ARP_LENGTH}`;
  }
}
