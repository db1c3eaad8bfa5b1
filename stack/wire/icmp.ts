/**
 * ICMP for IPv4 (RFC 792): the Internet's control messages. Hosts and routers send them
 * inside IPv4 (protocol 1) to answer pings (echo request/reply) and to report trouble:
 * "time exceeded" when a TTL reaches zero (traceroute relies on it) and "destination
 * unreachable" when no route, host or port takes the packet. Error messages quote the
 * offending packet's IPv4 header and first 8 payload bytes, so the sender can tell which
 * of its packets failed.
 *
 * Usage: `parseIcmp(ipv4Repr.payload)` gives a repr tagged by `kind`; `emitIcmp(repr)`
 * writes one with its checksum.
 *
 * Message layout (RFC 792; every message starts with type, code and checksum):
 *
 *      0                   1                   2                   3
 *      0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *     +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *     |     Type      |     Code      |          Checksum             |
 *     +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *     |  echo: Identifier             |  echo: Sequence Number        |
 *     |  time exceeded: unused (zero)                                 |
 *     |  unreachable: unused          |  Next-hop MTU (RFC 1191)      |
 *     +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *     |  echo: Data ...   errors: Internet Header + 64 bits of the    |
 *     |                           original datagram ...               |
 *     +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * The checksum covers the whole ICMP message (no pseudo-header).
 *
 * @module
 */

import { internetChecksum } from "./checksum.ts";
import { ChecksumError, TruncatedError } from "./errors.ts";
import type { Ipv4Endpoints } from "./ipv4_address.ts";
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

/** Byte ranges of the fields, `[start, end)`. */
const FIELD = {
  type: [0, 1],
  code: [1, 2],
  checksum: [2, 4],
  rest: [4, 8],
  identifier: [4, 6],
  sequence: [6, 8],
  nextHopMtu: [6, 8],
} as const;

/**
 * Bytes in the fixed ICMP header (type, code, checksum, 4 more).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(emitIcmp({ kind: "echoRequest", identifier: 1, sequence: 1, data: new Uint8Array() }).length, ICMP_HEADER_LENGTH);
 * ```
 */
export const ICMP_HEADER_LENGTH = 8;

/**
 * ICMP type numbers (RFC 792).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(IcmpType.EchoRequest, 8);
 * ```
 */
export const IcmpType = {
  EchoReply: 0,
  DestinationUnreachable: 3,
  EchoRequest: 8,
  TimeExceeded: 11,
} as const;

/**
 * Codes of destination unreachable (RFC 792; 4 carries a next-hop MTU per RFC 1191).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(UnreachableCode.Port, 3);
 * ```
 */
export const UnreachableCode = {
  Net: 0,
  Host: 1,
  Protocol: 2,
  Port: 3,
  FragmentationNeeded: 4,
  SourceRouteFailed: 5,
} as const;

/**
 * Codes of time exceeded (RFC 792).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(TimeExceededCode.TtlExceeded, 0);
 * ```
 */
export const TimeExceededCode = { TtlExceeded: 0, ReassemblyTimeExceeded: 1 } as const;

const UNREACHABLE_TEXT = [
  "net",
  "host",
  "protocol",
  "port",
  "fragmentation needed",
  "source route failed",
];

/**
 * A read/write view of an ICMP message. It checks nothing: fields past the end read as zero.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const view = new IcmpView(emitIcmp({ kind: "echoRequest", identifier: 1, sequence: 1, data: new Uint8Array(4) }));
 * assert.equal(view.type, IcmpType.EchoRequest);
 * assert.ok(view.verifyChecksum());
 * view.sequence = 2;
 * assert.ok(!view.verifyChecksum());
 * ```
 */
export class IcmpView {
  /** Wrap `bytes` (the message starts at `bytes[0]`). */
  constructor(readonly bytes: Uint8Array) {}

  /** Message type, see {@link IcmpType}. */
  get type(): number {
    return this.bytes[0] ?? 0;
  }
  set type(value: number) {
    this.bytes[0] = value;
  }

  /** Code, a sub-type. */
  get code(): number {
    return this.bytes[1] ?? 0;
  }
  set code(value: number) {
    this.bytes[1] = value;
  }

  /** Checksum as stored. */
  get checksum(): number {
    return readU16(this.bytes, FIELD.checksum[0]);
  }
  set checksum(value: number) {
    writeU16(this.bytes, FIELD.checksum[0], value);
  }

  /** The 4 bytes after the checksum, as one 32-bit number (their meaning depends on the type). */
  get rest(): number {
    return readU32(this.bytes, FIELD.rest[0]);
  }
  set rest(value: number) {
    writeU32(this.bytes, FIELD.rest[0], value);
  }

  /** Echo identifier (bytes 4–5). */
  get identifier(): number {
    return readU16(this.bytes, FIELD.identifier[0]);
  }
  set identifier(value: number) {
    writeU16(this.bytes, FIELD.identifier[0], value);
  }

  /** Echo sequence number (bytes 6–7). */
  get sequence(): number {
    return readU16(this.bytes, FIELD.sequence[0]);
  }
  set sequence(value: number) {
    writeU16(this.bytes, FIELD.sequence[0], value);
  }

  /** Next-hop MTU of "fragmentation needed" (bytes 6–7, RFC 1191). */
  get nextHopMtu(): number {
    return readU16(this.bytes, FIELD.nextHopMtu[0]);
  }
  set nextHopMtu(value: number) {
    writeU16(this.bytes, FIELD.nextHopMtu[0], value);
  }

  /** Bytes after the 8-byte header. */
  get data(): Uint8Array {
    return this.bytes.subarray(ICMP_HEADER_LENGTH);
  }

  /** The checksum the message should carry (computed with the field treated as zero). */
  computeChecksum(): number {
    const stored = this.checksum;
    this.checksum = 0;
    const value = internetChecksum(this.bytes);
    this.checksum = stored;
    return value;
  }

  /** Store {@link computeChecksum} in the checksum field. */
  fillChecksum(): void {
    this.checksum = 0;
    this.checksum = internetChecksum(this.bytes);
  }

  /** Whether the stored checksum matches the message. */
  verifyChecksum(): boolean {
    return this.bytes.length >= 4 && internetChecksum(this.bytes) === 0;
  }

  /** The fields with their byte ranges, for dissection; only fields that are present. */
  fields(): WireField[] {
    const rows: WireField[] = [];
    const n = this.bytes.length;
    pushField(rows, n, "type", FIELD.type, () => `${typeName(this.type)} (${this.type})`);
    pushField(rows, n, "code", FIELD.code, () => this.code);
    pushField(rows, n, "checksum", FIELD.checksum, () => hex(this.checksum));
    const type = this.type;
    if (type === IcmpType.EchoRequest || type === IcmpType.EchoReply) {
      pushField(rows, n, "identifier", FIELD.identifier, () => this.identifier);
      pushField(rows, n, "sequence", FIELD.sequence, () => this.sequence);
    } else if (type === IcmpType.DestinationUnreachable) {
      pushField(rows, n, "unused", [4, 6], () => hex(readU16(this.bytes, 4)));
      pushField(rows, n, "nextHopMtu", FIELD.nextHopMtu, () => this.nextHopMtu);
    } else {
      pushField(rows, n, "rest", FIELD.rest, () => hex(this.rest, 8));
    }
    if (n > ICMP_HEADER_LENGTH) {
      const quote = type === IcmpType.DestinationUnreachable || type === IcmpType.TimeExceeded;
      rows.push({
        field: quote ? "invokingPacket" : "data",
        value: `${n - ICMP_HEADER_LENGTH} bytes`,
        start: ICMP_HEADER_LENGTH,
        end: n,
      });
    }
    return rows;
  }
}

function typeName(type: number): string {
  switch (type) {
    case IcmpType.EchoReply:
      return "echo reply";
    case IcmpType.DestinationUnreachable:
      return "destination unreachable";
    case IcmpType.EchoRequest:
      return "echo request";
    case IcmpType.TimeExceeded:
      return "time exceeded";
    default:
      return "type";
  }
}

/**
 * An ICMP message as plain data, one shape per `kind`. `data` is the echo payload, or for
 * errors the quoted original packet (its IPv4 header and first 8 payload bytes).
 * Types without a shape of their own parse as `kind: "other"`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const ping: IcmpRepr = { kind: "echoRequest", identifier: 1, sequence: 7, data: new Uint8Array(8) };
 * const pong = parseIcmp(emitIcmp({ ...ping, kind: "echoReply" }));
 * assert.equal(pong.kind === "echoReply" && pong.sequence, 7);
 * ```
 */
export type IcmpRepr =
  | {
    readonly kind: "echoRequest" | "echoReply";
    /** Identifies the pinging process, 0–65535. */
    readonly identifier: number;
    /** Counts the pings, 0–65535. */
    readonly sequence: number;
    /** Echoed back unchanged by the replier. */
    readonly data: Uint8Array;
  }
  | {
    readonly kind: "destinationUnreachable";
    /** See {@link UnreachableCode}. */
    readonly code: number;
    /** Next-hop MTU for code 4 (RFC 1191), else 0. */
    readonly nextHopMtu: number;
    /** The quoted original packet. */
    readonly data: Uint8Array;
  }
  | {
    readonly kind: "timeExceeded";
    /** See {@link TimeExceededCode}. */
    readonly code: number;
    /** The quoted original packet. */
    readonly data: Uint8Array;
  }
  | {
    readonly kind: "other";
    /** Type number. */
    readonly type: number;
    /** Code number. */
    readonly code: number;
    /** Bytes 4–7 as one 32-bit number. */
    readonly rest: number;
    /** Bytes after the header. */
    readonly data: Uint8Array;
  };

/**
 * Options of {@link parseIcmp}.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const options: ParseIcmpOptions = { verifyChecksum: false };
 * const bytes = emitIcmp({ kind: "echoRequest", identifier: 1, sequence: 1, data: new Uint8Array() });
 * bytes[2] ^= 0xff; // break the checksum
 * assert.equal(parseIcmp(bytes, options).kind, "echoRequest");
 * ```
 */
export interface ParseIcmpOptions {
  /** Throw a {@link ChecksumError} when the checksum is wrong. @default true */
  readonly verifyChecksum?: boolean;
}

/**
 * Read an ICMP message (the whole IPv4 payload: ICMP has no length field).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * // The ICMP part of an echo request made with scapy (see icmp_test.ts).
 * const hex = "080036f500420001737461636b6c61622d70696e67212121";
 * const repr = parseIcmp(new Uint8Array(hex.match(/../g)!.map((b) => parseInt(b, 16))));
 * assert.equal(repr.kind, "echoRequest");
 * if (repr.kind === "echoRequest") assert.equal(repr.identifier, 0x42);
 * ```
 */
export function parseIcmp(bytes: Uint8Array, options: ParseIcmpOptions = {}): IcmpRepr {
  if (bytes.length < ICMP_HEADER_LENGTH) {
    throw new TruncatedError({
      layer: "ICMP",
      field: "header",
      offset: 0,
      needed: 8,
      available: bytes.length,
    });
  }
  const view = new IcmpView(bytes);
  const type = view.type;
  const code = view.code;
  const data = view.data;
  let repr: IcmpRepr;
  if ((type === IcmpType.EchoRequest || type === IcmpType.EchoReply) && code === 0) {
    const kind = type === IcmpType.EchoRequest ? "echoRequest" : "echoReply";
    repr = { kind, identifier: view.identifier, sequence: view.sequence, data };
  } else if (type === IcmpType.DestinationUnreachable && readU16(bytes, 4) === 0) {
    repr = { kind: "destinationUnreachable", code, nextHopMtu: view.nextHopMtu, data };
  } else if (type === IcmpType.TimeExceeded && view.rest === 0) {
    repr = { kind: "timeExceeded", code, data };
  } else {
    repr = { kind: "other", type, code, rest: view.rest, data };
  }
  if ((options.verifyChecksum ?? true) && internetChecksum(bytes) !== 0) {
    throw new ChecksumError({
      layer: "ICMP",
      field: "checksum",
      offset: FIELD.checksum[0],
      found: view.checksum,
      expected: view.computeChecksum(),
      repr,
      view,
    });
  }
  return repr;
}

/**
 * Write an ICMP message with its checksum.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const repr = { kind: "timeExceeded", code: TimeExceededCode.TtlExceeded, data: new Uint8Array(28) } as const;
 * const bytes = emitIcmp(repr);
 * assert.equal(bytes[0], IcmpType.TimeExceeded);
 * assert.deepEqual(parseIcmp(bytes), repr);
 * ```
 */
export function emitIcmp(repr: IcmpRepr): Uint8Array {
  const bytes = allocate(ICMP_HEADER_LENGTH + repr.data.length);
  const view = new IcmpView(bytes);
  switch (repr.kind) {
    case "echoRequest":
    case "echoReply":
      checkUint("ICMP", "identifier", 4, repr.identifier, 0xffff);
      checkUint("ICMP", "sequence", 6, repr.sequence, 0xffff);
      view.type = repr.kind === "echoRequest" ? IcmpType.EchoRequest : IcmpType.EchoReply;
      view.identifier = repr.identifier;
      view.sequence = repr.sequence;
      break;
    case "destinationUnreachable":
      checkUint("ICMP", "code", 1, repr.code, 255);
      checkUint("ICMP", "nextHopMtu", 6, repr.nextHopMtu, 0xffff);
      view.type = IcmpType.DestinationUnreachable;
      view.code = repr.code;
      view.nextHopMtu = repr.nextHopMtu;
      break;
    case "timeExceeded":
      checkUint("ICMP", "code", 1, repr.code, 255);
      view.type = IcmpType.TimeExceeded;
      view.code = repr.code;
      break;
    case "other":
      checkUint("ICMP", "type", 0, repr.type, 255);
      checkUint("ICMP", "code", 1, repr.code, 255);
      checkUint("ICMP", "rest", 4, repr.rest, 0xffffffff);
      view.type = repr.type;
      view.code = repr.code;
      view.rest = repr.rest;
      break;
  }
  bytes.set(repr.data, ICMP_HEADER_LENGTH);
  view.fillChecksum();
  return bytes;
}

/**
 * tcpdump-style text of the ICMP part, e.g. `ICMP echo request, id 66, seq 1, length 24`.
 * Given both IPv4 addresses (default: none), the line starts `IP source > destination: `.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const repr = { kind: "echoRequest", identifier: 66, sequence: 1, data: new Uint8Array(16) } as const;
 * assert.equal(
 *   formatIcmp(repr, { source: "10.0.0.1", destination: "10.0.0.2" }),
 *   "IP 10.0.0.1 > 10.0.0.2: ICMP echo request, id 66, seq 1, length 24",
 * );
 * ```
 */
export function formatIcmp(repr: IcmpRepr, addresses: Partial<Ipv4Endpoints> = {}): string {
  const length = ICMP_HEADER_LENGTH + repr.data.length;
  let text: string;
  switch (repr.kind) {
    case "echoRequest":
    case "echoReply":
      text =
        `ICMP echo ${repr.kind === "echoRequest" ? "request" : "reply"}, id ${repr.identifier}, ` +
        `seq ${repr.sequence}`;
      break;
    case "destinationUnreachable": {
      const what = UNREACHABLE_TEXT[repr.code] ?? `code ${repr.code}`;
      const mtu = repr.code === UnreachableCode.FragmentationNeeded
        ? ` (mtu ${repr.nextHopMtu})`
        : "";
      text = `ICMP ${what} unreachable${mtu}`;
      break;
    }
    case "timeExceeded":
      text = `ICMP time exceeded ${repr.code === 0 ? "in-transit" : "in-reassembly"}`;
      break;
    case "other":
      text = `ICMP type ${repr.type}, code ${repr.code}`;
      break;
  }
  const prefix = addresses.source && addresses.destination
    ? `IP ${addresses.source} > ${addresses.destination}: `
    : "";
  return `${prefix}${text}, length ${length}`;
}
