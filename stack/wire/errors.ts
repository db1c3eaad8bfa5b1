/**
 * Typed errors of the wire layer.
 *
 * Every parser in `stack/wire/` reports bad bytes with one of these errors, never a bare
 * `RangeError` from an out-of-bounds read. Each error names the **layer** ("IPv4"), the
 * **field** ("totalLength") and the **byte offset** of that field from the start of the
 * layer's bytes, so a hexdump can point at the culprit. The message says what failed, the
 * value found, and what to check:
 *
 *     Cannot parse IPv4 header: total length 12 is shorter than the 20-byte header
 *     (byte offset 2). Check the IHL and total length fields.
 *
 * Family: {@link WireError} (a `RangeError`) for binary headers, with {@link TruncatedError}
 * (too few bytes) and {@link ChecksumError} (bytes intact but the checksum disagrees, the
 * parsed repr and the view ride along so the packet can still be inspected), and
 * {@link HttpSyntaxError} (a `SyntaxError`) for the text of HTTP messages.
 * {@link isWireError} accepts any of them.
 *
 * @module
 */

/**
 * The protocol layers of `stack/wire/`, as they appear in errors and dissections.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const layer: WireLayer = "IPv4";
 * assert.equal(new WireError({ layer, field: "ttl", offset: 8, problem: "p" }).layer, "IPv4");
 * ```
 */
export type WireLayer =
  | "Ethernet"
  | "ARP"
  | "IPv4"
  | "ICMP"
  | "UDP"
  | "TCP"
  | "HTTP"
  | "pcap"
  | "checksum";

/**
 * What the failing code was doing: reading bytes (`parse`) or writing them (`emit`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const action: WireAction = "emit";
 * assert.match(new WireError({ layer: "UDP", field: "length", offset: 4, problem: "p", action }).message, /^Cannot emit/);
 * ```
 */
export type WireAction = "parse" | "emit";

const SUBJECT: Record<WireLayer, string> = {
  Ethernet: "Ethernet frame",
  ARP: "ARP packet",
  IPv4: "IPv4 header",
  ICMP: "ICMP message",
  UDP: "UDP datagram",
  TCP: "TCP segment",
  HTTP: "HTTP message",
  pcap: "pcap file",
  checksum: "checksum input",
};

/**
 * The parts a wire error is built from.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const details: WireErrorDetails = { layer: "ARP", field: "operation", offset: 6, problem: "operation 9 is unknown" };
 * assert.equal(new WireError(details).offset, 6);
 * ```
 */
export interface WireErrorDetails {
  /** Layer whose bytes are wrong, e.g. `"IPv4"`. */
  readonly layer: WireLayer;
  /** Field that is wrong, in the repr's spelling, e.g. `"totalLength"` or `"options.mss"`. */
  readonly field: string;
  /** Byte offset of that field from the start of the layer's bytes. */
  readonly offset: number;
  /** What is wrong, with the value found: `"total length 12 is shorter than the 20-byte header"`. */
  readonly problem: string;
  /** How to fix it: `"Check the IHL and total length fields."` @default "" */
  readonly fix?: string;
  /** Parsing or emitting. @default "parse" */
  readonly action?: WireAction;
}

function compose(details: WireErrorDetails): string {
  const action = details.action ?? "parse";
  const fix = details.fix ? ` ${details.fix}` : "";
  return `Cannot ${action} ${SUBJECT[details.layer]}: ${details.problem} ` +
    `(byte offset ${details.offset}).${fix}`;
}

/**
 * Bytes that do not form a valid header (or a repr that cannot be written as one).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const error = new WireError({
 *   layer: "IPv4",
 *   field: "totalLength",
 *   offset: 2,
 *   problem: "total length 12 is shorter than the 20-byte header",
 *   fix: "Check the IHL and total length fields.",
 * });
 * assert.ok(error instanceof RangeError);
 * assert.equal(
 *   error.message,
 *   "Cannot parse IPv4 header: total length 12 is shorter than the 20-byte header " +
 *     "(byte offset 2). Check the IHL and total length fields.",
 * );
 * ```
 */
export class WireError extends RangeError {
  override name = "WireError";
  /** Layer whose bytes are wrong. */
  readonly layer: WireLayer;
  /** Field that is wrong. */
  readonly field: string;
  /** Byte offset of the field from the start of the layer. */
  readonly offset: number;

  /** Build the message from its parts (see {@link WireErrorDetails}). */
  constructor(details: WireErrorDetails, options?: ErrorOptions) {
    super(compose(details), options);
    this.layer = details.layer;
    this.field = details.field;
    this.offset = details.offset;
  }
}

/**
 * Fewer bytes than the header (or a length field) needs. `needed` and `available` count
 * bytes from the start of the layer.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const error = new TruncatedError({
 *   layer: "UDP",
 *   field: "header",
 *   offset: 0,
 *   needed: 8,
 *   available: 5,
 * });
 * assert.ok(error instanceof WireError);
 * assert.match(error.message, /needs 8 bytes but only 5 are present/);
 * ```
 */
export class TruncatedError extends WireError {
  override name = "TruncatedError";
  /** Bytes the layer needs. */
  readonly needed: number;
  /** Bytes that were there. */
  readonly available: number;

  /** `problem` defaults to "<field> needs N bytes but only M are present". */
  constructor(
    details: Omit<WireErrorDetails, "problem"> & {
      readonly needed: number;
      readonly available: number;
      readonly problem?: string;
    },
    options?: ErrorOptions,
  ) {
    super({
      ...details,
      problem: details.problem ??
        `${details.field} needs ${details.needed} bytes but only ${details.available} are present`,
      fix: details.fix ?? "The capture or buffer was cut short; check the length fields.",
    }, options);
    this.needed = details.needed;
    this.available = details.available;
  }
}

/**
 * The bytes parse, but the checksum field disagrees with the checksum of the bytes.
 * `repr` holds what the bytes say anyway and `view` wraps the bytes, so the packet can
 * still be inspected (`error.repr.ttl`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const error = new ChecksumError({
 *   layer: "IPv4",
 *   field: "checksum",
 *   offset: 10,
 *   found: 0x1234,
 *   expected: 0x149b,
 *   repr: { ttl: 64 },
 *   view: null,
 * });
 * assert.equal(error.found, 0x1234);
 * assert.match(error.message, /checksum 0x1234 should be 0x149b/);
 * ```
 */
export class ChecksumError<Repr = unknown, View = unknown> extends WireError {
  override name = "ChecksumError";
  /** The checksum stored in the bytes. */
  readonly found: number;
  /** The checksum the bytes should carry. */
  readonly expected: number;
  /** The repr parsed while ignoring the checksum. */
  readonly repr: Repr;
  /** A view over the offending bytes. */
  readonly view: View;

  /** `problem` defaults to "checksum 0x.... should be 0x....". */
  constructor(
    details: Omit<WireErrorDetails, "problem"> & {
      readonly found: number;
      readonly expected: number;
      readonly repr: Repr;
      readonly view: View;
      readonly problem?: string;
    },
    options?: ErrorOptions,
  ) {
    const hex = (n: number) => "0x" + n.toString(16).padStart(details.field === "fcs" ? 8 : 4, "0");
    super({
      ...details,
      problem: details.problem ??
        `${details.field} ${hex(details.found)} should be ${hex(details.expected)}`,
      fix: details.fix ??
        "The bytes changed after the checksum was computed; re-emit them or pass verifyChecksum: false to inspect.",
    }, options);
    this.found = details.found;
    this.expected = details.expected;
    this.repr = details.repr;
    this.view = details.view;
  }
}

/**
 * Text that is not a valid HTTP/1.1 message (RFC 9112). A `SyntaxError`, as text parsers
 * throw, with the same `layer`/`field`/`offset` as {@link WireError}.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const error = new HttpSyntaxError({
 *   field: "startLine",
 *   offset: 0,
 *   problem: 'request line "GET" has 1 part, not 3',
 *   fix: "Write METHOD SP TARGET SP HTTP/1.1.",
 * });
 * assert.ok(error instanceof SyntaxError);
 * assert.ok(isWireError(error));
 * ```
 */
export class HttpSyntaxError extends SyntaxError {
  override name = "HttpSyntaxError";
  /** Always `"HTTP"`. */
  readonly layer: WireLayer = "HTTP";
  /** Part of the message that is wrong: `"startLine"`, `"headers"`, `"body"`, … */
  readonly field: string;
  /** Byte offset from the start of the message. */
  readonly offset: number;

  /** Build the message from its parts; the layer is always HTTP. */
  constructor(details: Omit<WireErrorDetails, "layer">, options?: ErrorOptions) {
    super(compose({ ...details, layer: "HTTP" }), options);
    this.field = details.field;
    this.offset = details.offset;
  }
}

/**
 * True for every error this layer throws on purpose ({@link WireError} and its subclasses,
 * {@link HttpSyntaxError}). Anything else escaping a parser is a bug.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.ok(isWireError(new WireError({ layer: "TCP", field: "dataOffset", offset: 12, problem: "x" })));
 * assert.ok(!isWireError(new RangeError("offset is outside the bounds of the DataView")));
 * ```
 */
export function isWireError(error: unknown): error is WireError | HttpSyntaxError {
  return error instanceof WireError || error instanceof HttpSyntaxError;
}
