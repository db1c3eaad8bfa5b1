/**
 * IPv4 addresses and network prefixes, as text: `"10.0.0.1"` and `"10.0.0.0/24"`.
 * Used by the IPv4 and ARP headers, and by the pseudo-header of UDP and TCP checksums;
 * routing tables (outside `wire/`) ask `ipv4CidrContains(prefix, address)`.
 *
 * An address is 32 bits, written as four decimal bytes (RFC 791 §2.3; dotted-quad
 * notation as in RFC 1123 §2.1). A prefix `a.b.c.d/n` names every address whose first
 * n bits equal those of a.b.c.d (CIDR, RFC 4632 §3.1):
 *
 *     10.0.0.7   = 00001010 00000000 00000000 00000111
 *     /24 mask   = 11111111 11111111 11111111 00000000
 *     network    = 00001010 00000000 00000000 00000000 = 10.0.0.0
 *
 * @module
 */
/**
 * An IPv4 address in dotted-quad text, `"10.0.0.1"` (no leading zeros).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const address: Ipv4Address = "192.0.2.1";
 * assert.equal(formatIpv4Address(parseIpv4Address(address)), address);
 * ```
 */
export type Ipv4Address = string;

// A simulation converts the same few addresses between text and number millions of times,
// at 60–100 ns a conversion; these bounded caches (emptied when full) make it a lookup.
const CACHE_LIMIT = 4096;
const TEXT_TO_NUMBER = new Map<string, number>();
const NUMBER_TO_TEXT = new Map<number, string>();

function badAddress(text: string, why: string): SyntaxError {
  return new SyntaxError(
    `Cannot parse IPv4 address ${
      JSON.stringify(text)
    }: ${why}. Write four numbers 0–255 like "10.0.0.1".`,
  );
}

/**
 * The 32-bit number of a dotted-quad address (`"10.0.0.1"` → `0x0a000001`). Throws a
 * `SyntaxError` for anything else, including leading zeros ("010.0.0.1" is ambiguous).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(parseIpv4Address("10.0.0.1"), 0x0a000001);
 * assert.throws(() => parseIpv4Address("10.0.0.256"), SyntaxError);
 * ```
 */
export function parseIpv4Address(text: Ipv4Address): number {
  const cached = TEXT_TO_NUMBER.get(text);
  if (cached !== undefined) return cached;
  if (typeof text !== "string") throw badAddress(String(text), "it is not a string");
  let value = 0;
  let part = 0;
  let digits = 0;
  let parts = 0;
  for (let i = 0; i <= text.length; i++) {
    const code = i < text.length ? text.charCodeAt(i) : 46; // a final "." closes the last part
    if (code === 46) {
      if (digits === 0) throw badAddress(text, `part ${parts + 1} is empty`);
      if (part > 255) throw badAddress(text, `part ${parts + 1} is ${part}, above 255`);
      value = value * 256 + part;
      parts++;
      part = 0;
      digits = 0;
    } else if (code >= 48 && code <= 57) {
      if (digits > 0 && part === 0) throw badAddress(text, `part ${parts + 1} has a leading zero`);
      if (++digits > 3) throw badAddress(text, `part ${parts + 1} has more than 3 digits`);
      part = part * 10 + (code - 48);
    } else {
      throw badAddress(
        text,
        `character ${JSON.stringify(text[i])} at index ${i} is not a digit or "."`,
      );
    }
  }
  if (parts !== 4) throw badAddress(text, `it has ${parts} parts, not 4`);
  if (TEXT_TO_NUMBER.size >= CACHE_LIMIT) TEXT_TO_NUMBER.clear();
  TEXT_TO_NUMBER.set(text, value);
  return value;
}

/**
 * The dotted-quad text of a 32-bit address.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(formatIpv4Address(0xc0a80001), "192.168.0.1");
 * ```
 */
export function formatIpv4Address(value: number): Ipv4Address {
  value >>>= 0;
  let text = NUMBER_TO_TEXT.get(value);
  if (text === undefined) {
    text = `${value >>> 24}.${(value >>> 16) & 0xff}.${(value >>> 8) & 0xff}.${value & 0xff}`;
    if (NUMBER_TO_TEXT.size >= CACHE_LIMIT) NUMBER_TO_TEXT.clear();
    NUMBER_TO_TEXT.set(value, text);
  }
  return text;
}

/**
 * Read the 4 bytes at `offset` as an address (bytes past the end read as 0).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(readIpv4Address(new Uint8Array([0, 10, 0, 0, 1]), 1), "10.0.0.1");
 * ```
 */
export function readIpv4Address(bytes: Uint8Array, offset: number): Ipv4Address {
  // `| 0` turns a byte past the end (undefined) into 0.
  const value = (((bytes[offset] | 0) << 24) | ((bytes[offset + 1] | 0) << 16) |
    ((bytes[offset + 2] | 0) << 8) | (bytes[offset + 3] | 0)) >>> 0;
  return formatIpv4Address(value);
}

/**
 * Write an address's 4 bytes at `offset`; throws `SyntaxError` for bad text.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const bytes = new Uint8Array(4);
 * writeIpv4Address(bytes, 0, "192.0.2.1");
 * assert.deepEqual([...bytes], [192, 0, 2, 1]);
 * ```
 */
export function writeIpv4Address(bytes: Uint8Array, offset: number, address: Ipv4Address): void {
  const value = parseIpv4Address(address);
  bytes[offset] = value >>> 24;
  bytes[offset + 1] = value >>> 16;
  bytes[offset + 2] = value >>> 8;
  bytes[offset + 3] = value;
}

/**
 * A network prefix in CIDR notation: `address/prefixLength`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const lan: Ipv4Cidr = { address: "10.0.0.0", prefixLength: 24 };
 * assert.ok(ipv4CidrContains(lan, "10.0.0.42"));
 * ```
 */
export interface Ipv4Cidr {
  /** An address in the network (host bits may be set, as in an interface's `10.0.0.1/24`). */
  readonly address: Ipv4Address;
  /** How many leading bits name the network, 0–32. */
  readonly prefixLength: number;
}

/**
 * The netmask of a prefix length as a 32-bit number: `/24` → `0xffffff00`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(ipv4PrefixMask(24), 0xffffff00);
 * assert.equal(ipv4PrefixMask(0), 0);
 * ```
 */
export function ipv4PrefixMask(prefixLength: number): number {
  if (!(Number.isInteger(prefixLength) && prefixLength >= 0 && prefixLength <= 32)) {
    throw new RangeError(`IPv4 prefix length ${prefixLength} is not an integer from 0 to 32.`);
  }
  // mask = ~(2^(32 - prefixLength) - 1); a shift by 32 is a no-op in JavaScript, hence the special case.
  return prefixLength === 0 ? 0 : (0xffffffff << (32 - prefixLength)) >>> 0;
}

/**
 * Parse CIDR text, `"10.0.0.0/24"`. Throws `SyntaxError` for bad text.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.deepEqual(parseIpv4Cidr("10.0.0.0/24"), { address: "10.0.0.0", prefixLength: 24 });
 * assert.throws(() => parseIpv4Cidr("10.0.0.0/33"), SyntaxError);
 * ```
 */
export function parseIpv4Cidr(text: string): Ipv4Cidr {
  const slash = typeof text === "string" ? text.indexOf("/") : -1;
  const length = slash >= 0 ? text.slice(slash + 1) : "";
  if (slash < 0 || !/^(?:[0-9]|[12][0-9]|3[0-2])$/.test(length)) {
    throw new SyntaxError(
      `Cannot parse IPv4 prefix ${
        JSON.stringify(text)
      }: expected address/length with length 0–32, like "10.0.0.0/24".`,
    );
  }
  const address = text.slice(0, slash);
  parseIpv4Address(address);
  return { address, prefixLength: Number(length) };
}

/**
 * CIDR text of a prefix.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(formatIpv4Cidr({ address: "10.0.0.0", prefixLength: 8 }), "10.0.0.0/8");
 * ```
 */
export function formatIpv4Cidr(cidr: Ipv4Cidr): string {
  return `${cidr.address}/${cidr.prefixLength}`;
}

/**
 * Whether `address` lies in the prefix: `(address & mask) == (network & mask)`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.ok(ipv4CidrContains("10.0.0.0/24", "10.0.0.7"));
 * assert.ok(!ipv4CidrContains(parseIpv4Cidr("10.0.0.0/24"), "10.0.1.7"));
 * assert.ok(ipv4CidrContains("0.0.0.0/0", "192.0.2.1")); // the default route
 * ```
 */
export function ipv4CidrContains(cidr: Ipv4Cidr | string, address: Ipv4Address): boolean {
  const prefix = typeof cidr === "string" ? parseIpv4Cidr(cidr) : cidr;
  const mask = ipv4PrefixMask(prefix.prefixLength);
  return ((parseIpv4Address(address) & mask) >>> 0) ===
    ((parseIpv4Address(prefix.address) & mask) >>> 0);
}

/**
 * The source and destination of an IPv4 packet. UDP and TCP need them to compute their
 * checksums (the pseudo-header) and to print tcpdump lines.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const endpoints: Ipv4Endpoints = { source: "10.0.0.1", destination: "10.0.0.2" };
 * assert.notEqual(endpoints.source, endpoints.destination);
 * ```
 */
export interface Ipv4Endpoints {
  /** Source address of the enclosing IPv4 packet. */
  readonly source: Ipv4Address;
  /** Destination address of the enclosing IPv4 packet. */
  readonly destination: Ipv4Address;
}
