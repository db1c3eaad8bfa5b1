/**
 * Equivalent forms: one answer, several ways to write it. A prefix may be written
 * `"10.0.0.0/8"`, `{address: "10.0.0.0", prefixLength: 8}`, `{address, prefix: 8}` or
 * with a netmask `"10.0.0.0 255.0.0.0"`; an address as `"10.0.0.1"`, `0x0a000001` or
 * `[10, 0, 0, 1]`. Each comparator here normalises every form to one canonical value
 * before comparing, and says which part differs (the prefix length, the network bits,
 * host bits left set) without printing the expected value.
 *
 * `src/` may not import `stack/`, so the few lines of IPv4 parsing live here too; they
 * follow RFC 791 §2.3 (dotted quad) and RFC 4632 §3.1 (CIDR), like `stack/wire`.
 *
 * @module
 */

import { preview } from "./_describe.ts";
import { type Comparator, notAnswered } from "./compare.ts";
import { isPlaceholder } from "./placeholder.ts";

/**
 * Read an IPv4 address in any accepted form as a 32-bit number, or `undefined`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseAddressAnswer } from "./forms.ts";
 * assert.equal(parseAddressAnswer("10.0.0.1"), 0x0a000001);
 * assert.equal(parseAddressAnswer([10, 0, 0, 1]), 0x0a000001);
 * assert.equal(parseAddressAnswer(0x0a000001), 0x0a000001);
 * assert.equal(parseAddressAnswer("10.0.0.256"), undefined);
 * ```
 */
export function parseAddressAnswer(answer: unknown): number | undefined {
  let parts: unknown[];
  if (typeof answer === "number") {
    return Number.isInteger(answer) && answer >= 0 && answer <= 0xffffffff ? answer : undefined;
  } else if (typeof answer === "string") {
    if (!/^\s*\d{1,3}(\.\d{1,3}){3}\s*$/.test(answer)) return undefined;
    parts = answer.trim().split(".").map(Number);
  } else if (Array.isArray(answer) || answer instanceof Uint8Array) {
    parts = [...answer];
  } else {
    return undefined;
  }
  if (parts.length !== 4) return undefined;
  let value = 0;
  for (const part of parts) {
    if (!(typeof part === "number" && Number.isInteger(part) && part >= 0 && part <= 255)) {
      return undefined;
    }
    value = value * 256 + part;
  }
  return value;
}

/** Dotted-quad text of a 32-bit number. */
function dotted(value: number): string {
  return [value >>> 24, (value >>> 16) & 255, (value >>> 8) & 255, value & 255].join(".");
}

/** mask = the top `length` bits set. */
function mask(length: number): number {
  return length === 0 ? 0 : (0xffffffff << (32 - length)) >>> 0;
}

/**
 * A prefix read from an answer: the address as written and the prefix length.
 *
 * @example
 * ```ts
 * import type { PrefixAnswer } from "./forms.ts";
 * const prefix: PrefixAnswer = { address: 0x0a000000, length: 8 };
 * ```
 */
export interface PrefixAnswer {
  /** The address part as a 32-bit number (host bits possibly set). */
  readonly address: number;
  /** The prefix length, 0–32. */
  readonly length: number;
}

function prefixLengthOfMask(value: number): number | undefined {
  for (let length = 0; length <= 32; length++) if (mask(length) === value) return length;
  return undefined;
}

/**
 * Read a prefix in any accepted form, or `undefined`: `"a.b.c.d/n"`,
 * `"a.b.c.d 255.255.255.0"`, `{address, prefixLength}`, `{address, prefix}`,
 * `{network, prefixLength}` or `{address, netmask}`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parsePrefixAnswer } from "./forms.ts";
 * const slash8 = { address: 0x0a000000, length: 8 };
 * assert.deepEqual(parsePrefixAnswer("10.0.0.0/8"), slash8);
 * assert.deepEqual(parsePrefixAnswer("10.0.0.0 255.0.0.0"), slash8);
 * assert.deepEqual(parsePrefixAnswer({ address: "10.0.0.0", prefix: 8 }), slash8);
 * assert.equal(parsePrefixAnswer("10.0.0.0/33"), undefined);
 * ```
 */
export function parsePrefixAnswer(answer: unknown): PrefixAnswer | undefined {
  let addressPart: unknown;
  let length: number | undefined;
  if (typeof answer === "string") {
    const match = /^\s*(\S+?)\s*(?:\/\s*(\d{1,2})|\s+(\S+))\s*$/.exec(answer);
    if (!match) return undefined;
    addressPart = match[1];
    if (match[2] !== undefined) length = Number(match[2]);
    else {
      const netmask = parseAddressAnswer(match[3]);
      length = netmask === undefined ? undefined : prefixLengthOfMask(netmask);
    }
  } else if (typeof answer === "object" && answer !== null) {
    const record = answer as Record<string, unknown>;
    addressPart = record.address ?? record.network;
    const given = record.prefixLength ?? record.prefix ?? record.length;
    if (typeof given === "number") length = given;
    else if (record.netmask !== undefined) {
      const netmask = parseAddressAnswer(record.netmask);
      length = netmask === undefined ? undefined : prefixLengthOfMask(netmask);
    }
  }
  const address = parseAddressAnswer(addressPart);
  if (address === undefined || length === undefined) return undefined;
  if (!(Number.isInteger(length) && length >= 0 && length <= 32)) return undefined;
  return { address, length };
}

/**
 * Options for the IPv4 comparators.
 *
 * @example
 * ```ts
 * import type { FormOptions } from "./forms.ts";
 * const options: FormOptions = { describe: "the broadcast address of the /26" };
 * ```
 */
export interface FormOptions {
  /** Words for a right answer. @default a description of the accepted forms */
  describe?: string;
}

/**
 * Accept the IPv4 address `expected` in any form: `"10.0.0.1"`, a 32-bit number or
 * four bytes. A wrong answer is told which bytes (octets) differ.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ipv4Address } from "./forms.ts";
 * const broadcast = ipv4Address("192.168.1.63");
 * assert.equal(broadcast.compare([192, 168, 1, 63]).pass, true);
 * assert.equal(broadcast.compare("192.168.1.64").problem, "octet 4 is not right");
 * ```
 */
export function ipv4Address(expected: string | number, options: FormOptions = {}): Comparator {
  const target = parseAddressAnswer(expected);
  if (target === undefined) {
    throw new SyntaxError(
      `ipv4Address() cannot read the expected address ${
        preview(expected)
      }. Write it like "10.0.0.1".`,
    );
  }
  const words = options.describe ?? 'an IPv4 address like "a.b.c.d"';
  return {
    expected: words,
    secrets: [dotted(target)],
    compare(answer) {
      if (isPlaceholder(answer)) return notAnswered(words);
      const value = parseAddressAnswer(answer);
      if (value === undefined) {
        return {
          pass: false,
          expected: words,
          problem: `cannot read ${preview(answer)} as an IPv4 address (four numbers 0–255)`,
        };
      }
      if (value === target) return { pass: true, expected: words };
      const wrong = [0, 1, 2, 3].filter((i) =>
        ((value >>> (24 - 8 * i)) & 255) !== ((target >>> (24 - 8 * i)) & 255)
      )
        .map((i) => i + 1);
      return {
        pass: false,
        expected: words,
        problem: `octet${wrong.length > 1 ? "s" : ""} ${wrong.join(", ")} ${
          wrong.length > 1 ? "are" : "is"
        } not right`,
      };
    },
  };
}

/**
 * Accept the network prefix `expected` in any form (see {@link parsePrefixAnswer}).
 * The answer must be the network itself: `"10.1.2.3/8"` names the same network as
 * `"10.0.0.0/8"` but is reported as "host bits set", since the question asks for the
 * network address.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ipv4Prefix } from "./forms.ts";
 * const route = ipv4Prefix("10.0.0.0/8");
 * assert.equal(route.compare({ address: "10.0.0.0", prefixLength: 8 }).pass, true);
 * assert.equal(route.compare("10.0.0.0 255.0.0.0").pass, true);
 * assert.match(route.compare("10.0.0.0/16").problem ?? "", /prefix length/);
 * assert.match(route.compare("10.1.2.3/8").problem ?? "", /host bits/);
 * ```
 */
export function ipv4Prefix(
  expected: string | { address: string; prefixLength: number },
  options: FormOptions = {},
): Comparator {
  const target = parsePrefixAnswer(expected);
  if (target === undefined) {
    throw new SyntaxError(
      `ipv4Prefix() cannot read the expected prefix ${
        preview(expected)
      }. Write it like "10.0.0.0/8".`,
    );
  }
  const network = (target.address & mask(target.length)) >>> 0;
  const words = options.describe ??
    'a network prefix like "a.b.c.d/n" (or {address, prefixLength}, or "a.b.c.d netmask")';
  return {
    expected: words,
    secrets: [`${dotted(network)}/${target.length}`],
    compare(answer) {
      if (isPlaceholder(answer)) return notAnswered(words);
      const value = parsePrefixAnswer(answer);
      if (value === undefined) {
        return {
          pass: false,
          expected: words,
          problem: `cannot read ${preview(answer)} as a prefix; write it like "192.0.2.0/24"`,
        };
      }
      if (value.length !== target.length) {
        return {
          pass: false,
          expected: words,
          problem: `the prefix length /${value.length} is not right`,
        };
      }
      const hostBits = (value.address & ~mask(value.length)) >>> 0;
      const sameNetwork = ((value.address & mask(value.length)) >>> 0) === network;
      if (hostBits !== 0) {
        return {
          pass: false,
          expected: words,
          problem: sameNetwork
            ? "right network, but host bits are set: a network address has zeros after the prefix"
            : "host bits are set, and the network bits are not right either",
        };
      }
      return sameNetwork ? { pass: true, expected: words } : {
        pass: false,
        expected: words,
        problem: "the prefix length is right but the network bits are not",
      };
    },
  };
}
