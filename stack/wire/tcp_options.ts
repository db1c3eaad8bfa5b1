/**
 * TCP options: the variable part of the TCP header, after the 20 fixed bytes and before
 * the data. Each option is a kind byte; all but End of Option List (0) and No-Operation
 * (1) follow it with a length byte that counts kind, length and value (RFC 9293 §3.2):
 *
 *     +--------+--------+---------...
 *     |  kind  | length |  value ...       kind 0 (EOL) and kind 1 (NOP) are one byte
 *     +--------+--------+---------...
 *
 *     kind  length  value                                      source
 *     0     -       End of Option List; the rest is padding    RFC 9293 §3.2
 *     1     -       No-Operation, aligns the next option       RFC 9293 §3.2
 *     2     4       Maximum Segment Size (16 bits), SYN only   RFC 9293 §3.7.1
 *     3     3       Window Scale shift count (0–14), SYN only  RFC 7323 §2
 *     4     2       SACK permitted, SYN only                   RFC 2018 §2
 *     5     2+8n    SACK blocks: n pairs of 32-bit left/right  RFC 2018 §3
 *     8     10      Timestamps: TSval and TSecr (32 bits each) RFC 7323 §3
 *
 * Usage: `parseTcpOptions(bytes)`, `emitTcpOptions(list)`, `formatTcpOptions(list)`;
 * `tcp.ts` calls them for the header. An option that runs past the header throws a
 * `WireError` naming the option and its byte offset.
 *
 * @module
 */

import { WireError } from "./errors.ts";
import { allocate, checkUint, readU16, readU32, writeU16, writeU32 } from "./_bytes.ts";

/**
 * TCP option kind numbers (IANA "TCP Option Kind Numbers").
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(TcpOptionKind.MaximumSegmentSize, 2);
 * ```
 */
export const TcpOptionKind = {
  EndOfOptionList: 0,
  NoOperation: 1,
  MaximumSegmentSize: 2,
  WindowScale: 3,
  SackPermitted: 4,
  Sack: 5,
  Timestamps: 8,
} as const;

/**
 * One SACK block: the received bytes `[left, right)` in sequence space (RFC 2018 §3).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const block: SackBlock = { left: 1000, right: 2000 };
 * assert.equal(formatTcpOptions([{ kind: "sack", blocks: [block] }]), "sack 1 {1000:2000}");
 * ```
 */
export interface SackBlock {
  /** First sequence number of the block. */
  readonly left: number;
  /** Sequence number just past the block. */
  readonly right: number;
}

/**
 * A TCP option as plain data, tagged by `kind`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const option: TcpOption = { kind: "windowScale", shift: 7 };
 * assert.equal(tcpOptionLength(option), 3);
 * ```
 */
export type TcpOption =
  | { readonly kind: "eol" }
  | { readonly kind: "nop" }
  | { readonly kind: "mss"; readonly value: number }
  | { readonly kind: "windowScale"; readonly shift: number }
  | { readonly kind: "sackPermitted" }
  | { readonly kind: "sack"; readonly blocks: readonly SackBlock[] }
  | { readonly kind: "timestamps"; readonly value: number; readonly echoReply: number }
  | { readonly kind: "unknown"; readonly type: number; readonly data: Uint8Array };

/**
 * Most option bytes a header holds (data offset 15: 60 − 20).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(TCP_MAX_OPTIONS_LENGTH, 60 - 20);
 * ```
 */
export const TCP_MAX_OPTIONS_LENGTH = 40;

const KIND_NAME: Record<number, TcpOption["kind"]> = {
  0: "eol",
  1: "nop",
  2: "mss",
  3: "windowScale",
  4: "sackPermitted",
  5: "sack",
  8: "timestamps",
};
const FIXED_LENGTH: Record<number, number> = { 2: 4, 3: 3, 4: 2, 8: 10 };

/**
 * Bytes one option takes on the wire.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(tcpOptionLength({ kind: "timestamps", value: 1, echoReply: 0 }), 10);
 * assert.equal(tcpOptionLength({ kind: "sack", blocks: [{ left: 1, right: 2 }] }), 10);
 * ```
 */
export function tcpOptionLength(option: TcpOption): number {
  switch (option.kind) {
    case "eol":
    case "nop":
      return 1;
    case "mss":
      return 4;
    case "windowScale":
      return 3;
    case "sackPermitted":
      return 2;
    case "sack":
      return 2 + 8 * option.blocks.length;
    case "timestamps":
      return 10;
    case "unknown":
      return 2 + option.data.length;
  }
}

/**
 * Where the option bytes sit, for error offsets.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const header = new Uint8Array([...new Uint8Array(20), 1, 1, 4, 2]);
 * const location: TcpOptionsLocation = { offset: 0, start: 20, end: 24 };
 * assert.equal(parseTcpOptions(header, location).length, 3);
 * ```
 */
export interface TcpOptionsLocation {
  /** Offset of `bytes[0]` from the start of the TCP header (20 when `bytes` holds just the options). @default 20 */
  readonly offset?: number;
  /** First byte of `bytes` to read. @default 0 */
  readonly start?: number;
  /** One past the last byte of `bytes` to read. @default bytes.length */
  readonly end?: number;
}

/**
 * Walk the options in `bytes`, calling `visit` with each option and its byte range
 * (relative to `bytes`). Stops after EOL. Throws {@link WireError} for a malformed option,
 * after visiting the good ones before it.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const ranges: string[] = [];
 * walkTcpOptions(new Uint8Array([1, 1, 4, 2]), (option, start, end) => ranges.push(`${option.kind} [${start}, ${end})`));
 * assert.deepEqual(ranges, ["nop [0, 1)", "nop [1, 2)", "sackPermitted [2, 4)"]);
 * ```
 */
export function walkTcpOptions(
  bytes: Uint8Array,
  visit: (option: TcpOption, start: number, end: number) => void,
  location: TcpOptionsLocation = {},
): void {
  scan(bytes, visit, location);
}

function optionError(name: string, offset: number, problem: string, fix: string): WireError {
  return new WireError({ layer: "TCP", field: `options.${name}`, offset, problem, fix });
}

/** The walk itself; returns the options, calling `visit` (if any) on each. */
function scan(
  bytes: Uint8Array,
  visit: ((option: TcpOption, start: number, end: number) => void) | undefined,
  location: TcpOptionsLocation,
): TcpOption[] {
  const list: TcpOption[] = [];
  const base = location.offset ?? 20;
  const end = Math.min(location.end ?? bytes.length, bytes.length);
  const headerEnd = base + end;
  let at = location.start ?? 0;
  while (at < end) {
    const type = bytes[at];
    if (type === 0) {
      const eol: TcpOption = { kind: "eol" };
      list.push(eol);
      visit?.(eol, at, at + 1);
      return list;
    }
    if (type === 1) {
      const nop: TcpOption = { kind: "nop" };
      list.push(nop);
      visit?.(nop, at, at + 1);
      at += 1;
      continue;
    }
    const name = KIND_NAME[type] ?? `kind${type}`;
    const offset = base + at;
    if (at + 1 >= end) {
      throw optionError(
        name,
        offset,
        `option ${name} has no length byte before the header ends at byte ${headerEnd}`,
        "Pad the options with zero (EOL) bytes, or raise the data offset.",
      );
    }
    const length = bytes[at + 1];
    if (length < 2) {
      throw optionError(
        name,
        offset,
        `option ${name} has length ${length}, below the 2 bytes of kind and length`,
        "Check the length byte.",
      );
    }
    if (at + length > end) {
      throw optionError(
        name,
        offset,
        `option ${name} of length ${length} runs to byte ${
          base + at + length
        }, past the end of the ` +
          `${headerEnd}-byte header`,
        "Raise the data offset or shorten the options.",
      );
    }
    const expected = FIXED_LENGTH[type];
    if (expected !== undefined && length !== expected) {
      throw optionError(
        name,
        offset,
        `option ${name} has length ${length}, not ${expected}`,
        "Check the length byte.",
      );
    }
    const value = at + 2;
    let option: TcpOption;
    switch (type) {
      case 2:
        option = { kind: "mss", value: readU16(bytes, value) };
        break;
      case 3:
        option = { kind: "windowScale", shift: bytes[value] };
        break;
      case 4:
        option = { kind: "sackPermitted" };
        break;
      case 5: {
        if ((length - 2) % 8 !== 0 || length === 2) {
          throw optionError(
            name,
            offset,
            `option sack has length ${length}, not 2 + 8 × (1 to 4 blocks)`,
            "Check the length byte.",
          );
        }
        const blocks: SackBlock[] = [];
        for (let b = value; b < at + length; b += 8) {
          blocks.push({ left: readU32(bytes, b), right: readU32(bytes, b + 4) });
        }
        option = { kind: "sack", blocks };
        break;
      }
      case 8:
        option = {
          kind: "timestamps",
          value: readU32(bytes, value),
          echoReply: readU32(bytes, value + 4),
        };
        break;
      default:
        option = { kind: "unknown", type, data: bytes.slice(value, at + length) };
    }
    list.push(option);
    visit?.(option, at, at + length);
    at += length;
  }
  return list;
}

/**
 * Read the option bytes of a TCP header (everything between byte 20 and the data offset).
 * Options end at EOL (included in the list) or at the end of the bytes.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * // Linux's SYN options as scapy writes them: mss 1460, sackOK, TS, nop, wscale 7.
 * const hex = "020405b40402080a000030390000000001030307";
 * const list = parseTcpOptions(new Uint8Array(hex.match(/../g)!.map((b) => parseInt(b, 16))));
 * assert.deepEqual(list, [
 *   { kind: "mss", value: 1460 },
 *   { kind: "sackPermitted" },
 *   { kind: "timestamps", value: 12345, echoReply: 0 },
 *   { kind: "nop" },
 *   { kind: "windowScale", shift: 7 },
 * ]);
 * // An MSS option cut off by the end of the header:
 * assert.throws(() => parseTcpOptions(new Uint8Array([1, 2, 4, 5])), /options\.mss|option mss/);
 * ```
 */
export function parseTcpOptions(bytes: Uint8Array, location: TcpOptionsLocation = {}): TcpOption[] {
  return scan(bytes, undefined, location);
}

/**
 * Write options, then zero (EOL) padding up to a multiple of 4 bytes. Throws
 * {@link WireError} for values out of range or more than 40 bytes.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const bytes = emitTcpOptions([{ kind: "mss", value: 1460 }, { kind: "sackPermitted" }]);
 * assert.deepEqual([...bytes], [2, 4, 0x05, 0xb4, 4, 2, 0, 0]); // 6 bytes + 2 of padding
 * ```
 */
export function emitTcpOptions(options: readonly TcpOption[]): Uint8Array {
  const bytes = allocate(paddedTcpOptionsLength(options));
  writeTcpOptions(options, bytes, 0);
  return bytes;
}

/**
 * Bytes the options take once padded to a multiple of 4; throws {@link WireError} above 40.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(paddedTcpOptionsLength([{ kind: "windowScale", shift: 7 }]), 4);
 * ```
 */
export function paddedTcpOptionsLength(options: readonly TcpOption[]): number {
  let length = 0;
  for (const option of options) length += tcpOptionLength(option);
  const padded = (length + 3) & ~3;
  if (padded > TCP_MAX_OPTIONS_LENGTH) {
    throw new WireError({
      layer: "TCP",
      field: "options",
      offset: 20,
      action: "emit",
      problem: `options take ${length} bytes (${padded} padded), more than the 40 a header holds`,
      fix: "Drop options; SACK with timestamps fits at most 3 blocks.",
    });
  }
  return padded;
}

/**
 * Write the options into `target` from byte `at` (no padding is written: `target` is
 * expected to be zeroed). Throws {@link WireError} for values out of range.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const header = new Uint8Array(24);
 * writeTcpOptions([{ kind: "mss", value: 1460 }], header, 20);
 * assert.deepEqual([...header.subarray(20)], [2, 4, 0x05, 0xb4]);
 * ```
 */
export function writeTcpOptions(
  options: readonly TcpOption[],
  target: Uint8Array,
  at: number,
): void {
  const bytes = target;
  const start = at;
  for (const option of options) {
    const offset = 20 + at - start;
    switch (option.kind) {
      case "eol":
        bytes[at] = 0;
        break;
      case "nop":
        bytes[at] = 1;
        break;
      case "mss":
        checkUint("TCP", "options.mss", offset, option.value, 0xffff);
        bytes[at] = 2;
        bytes[at + 1] = 4;
        writeU16(bytes, at + 2, option.value);
        break;
      case "windowScale":
        checkUint("TCP", "options.windowScale", offset, option.shift, 255);
        bytes[at] = 3;
        bytes[at + 1] = 3;
        bytes[at + 2] = option.shift;
        break;
      case "sackPermitted":
        bytes[at] = 4;
        bytes[at + 1] = 2;
        break;
      case "sack":
        if (option.blocks.length < 1 || option.blocks.length > 4) {
          throw new WireError({
            layer: "TCP",
            field: "options.sack",
            offset,
            action: "emit",
            problem: `${option.blocks.length} SACK blocks is not 1 to 4`,
            fix: "Send 1 to 4 blocks (RFC 2018 §3).",
          });
        }
        bytes[at] = 5;
        bytes[at + 1] = 2 + 8 * option.blocks.length;
        option.blocks.forEach((block, i) => {
          checkUint("TCP", "options.sack.left", offset + 2 + 8 * i, block.left, 0xffffffff);
          checkUint("TCP", "options.sack.right", offset + 6 + 8 * i, block.right, 0xffffffff);
          writeU32(bytes, at + 2 + 8 * i, block.left);
          writeU32(bytes, at + 6 + 8 * i, block.right);
        });
        break;
      case "timestamps":
        checkUint("TCP", "options.timestamps.value", offset + 2, option.value, 0xffffffff);
        checkUint("TCP", "options.timestamps.echoReply", offset + 6, option.echoReply, 0xffffffff);
        bytes[at] = 8;
        bytes[at + 1] = 10;
        writeU32(bytes, at + 2, option.value);
        writeU32(bytes, at + 6, option.echoReply);
        break;
      case "unknown":
        if (!(Number.isInteger(option.type) && option.type >= 2 && option.type <= 255)) {
          throw new WireError({
            layer: "TCP",
            field: "options.unknown",
            offset,
            action: "emit",
            problem: `option kind ${option.type} is not an integer from 2 to 255`,
            fix: 'Use { kind: "eol" } or { kind: "nop" } for kinds 0 and 1.',
          });
        }
        bytes[at] = option.type;
        bytes[at + 1] = 2 + option.data.length;
        bytes.set(option.data, at + 2);
        break;
    }
    at += tcpOptionLength(option);
  }
}

/**
 * tcpdump's spelling of an option list (without the brackets).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(
 *   formatTcpOptions([{ kind: "mss", value: 1460 }, { kind: "sackPermitted" }, { kind: "nop" }, { kind: "windowScale", shift: 7 }]),
 *   "mss 1460,sackOK,nop,wscale 7",
 * );
 * ```
 */
export function formatTcpOptions(options: readonly TcpOption[]): string {
  return options.map((option) => {
    switch (option.kind) {
      case "eol":
        return "eol";
      case "nop":
        return "nop";
      case "mss":
        return `mss ${option.value}`;
      case "windowScale":
        return `wscale ${option.shift}`;
      case "sackPermitted":
        return "sackOK";
      case "sack":
        return `sack ${option.blocks.length} ${
          option.blocks.map((b) => `{${b.left}:${b.right}}`).join("")
        }`;
      case "timestamps":
        return `TS val ${option.value} ecr ${option.echoReply}`;
      case "unknown":
        return `unknown-${option.type} 0x${
          [...option.data].map((b) => b.toString(16).padStart(2, "0")).join("")
        }`;
    }
  }).join(",");
}
