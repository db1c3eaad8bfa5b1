/**
 * Checksums, in one place: the Internet checksum of IPv4, ICMP, UDP and TCP (RFC 1071),
 * the pseudo-header that UDP and TCP add to it (RFC 768, RFC 9293 §3.1), the incremental
 * update a router uses after changing one field (RFC 1624), and the CRC-32 of the
 * Ethernet frame check sequence (IEEE 802.3 §3.2.9).
 *
 * The Internet checksum is the one's complement of the one's complement sum of the data
 * taken as big-endian 16-bit words (RFC 1071 §1). A receiver sums the same words *with*
 * the checksum field in place; intact data sums to 0xffff.
 *
 *     sum      = w0 +' w1 +' … +' wn     (+' adds and folds the carry back in)
 *     checksum = ~sum & 0xffff
 *
 * Usage: `internetChecksum(header)` for a header whose checksum field is zero;
 * `pseudoHeaderSum(...)` as the `initial` of a segment's sum.
 *
 * @module
 */

/**
 * Where to sum and what to start from.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const options: SumOptions = { start: 2, end: 4 };
 * assert.equal(onesComplementSum(new Uint8Array([9, 9, 0, 7]), options), 7);
 * ```
 */
export interface SumOptions {
  /** First byte to include. @default 0 */
  readonly start?: number;
  /** One past the last byte to include. @default bytes.length */
  readonly end?: number;
  /** A partial sum to continue from, e.g. {@link pseudoHeaderSum}. @default 0 */
  readonly initial?: number;
}

/** Fold carries above bit 15 back into the low 16 bits (end-around carry, RFC 1071 §2(B)). */
function fold(sum: number): number {
  while (sum > 0xffff) sum = (sum % 0x10000) + Math.floor(sum / 0x10000);
  return sum;
}

/**
 * One's complement sum of `bytes[start, end)` as big-endian 16-bit words; an odd last
 * byte is padded with a zero byte (RFC 1071 §4.1). Returns the folded 16-bit sum, not
 * its complement.
 *
 * RFC 1071 §3 worked example: bytes `00 01 f2 03 f4 f5 f6 f7` sum to `0xddf2`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const bytes = new Uint8Array([0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7]);
 * assert.equal(onesComplementSum(bytes), 0xddf2);
 * ```
 */
export function onesComplementSum(bytes: Uint8Array, options: SumOptions = {}): number {
  const start = options.start ?? 0;
  const end = options.end ?? bytes.length;
  if (!(Number.isInteger(start) && Number.isInteger(end) && 0 <= start && start <= end)) {
    throw new RangeError(
      `Cannot sum bytes: range [${start}, ${end}) is not a valid range. Use 0 <= start <= end.`,
    );
  }
  if (end > bytes.length) {
    throw new RangeError(
      `Cannot sum bytes: end ${end} is past the ${bytes.length}-byte buffer. Pass a smaller end.`,
    );
  }
  return onesComplementSumRange(bytes, start, end, options.initial ?? 0);
}

/**
 * {@link onesComplementSum} without the options object and without checks, for hot paths
 * that sum a range of a larger buffer in place (see `frame_writer.ts`): the folded 16-bit
 * sum of `bytes[start, end)`, continuing from `initial`. The caller keeps
 * `0 <= start <= end <= bytes.length`; bytes outside the buffer count as 0 (nothing throws).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * // RFC 1071 §3's bytes inside a larger buffer: [9, 9, <00 01 f2 03 f4 f5 f6 f7>, 9]
 * const bytes = new Uint8Array([9, 9, 0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7, 9]);
 * assert.equal(onesComplementSumRange(bytes, 2, 10), 0xddf2);
 * ```
 */
export function onesComplementSumRange(
  bytes: Uint8Array,
  start: number,
  end: number,
  initial = 0,
): number {
  // Deferred carries (RFC 1071 §2(C)): add words, fold now and then. Folding every 8192
  // words keeps the sum below 2^30 (8193 × 0xffff), so the loop stays in small integers.
  let sum = fold(initial);
  let i = start;
  while (i + 1 < end) {
    const stop = Math.min(end - 1, i + 2 * 8192);
    for (; i < stop; i += 2) sum += (bytes[i] << 8) | bytes[i + 1];
    sum = (sum & 0xffff) + (sum >>> 16);
  }
  if (i < end) sum += bytes[i] << 8;
  return fold(sum);
}

/**
 * Copy `length` bytes from `source[sourceStart]` to `target[targetStart]` and return
 * their folded one's complement sum continuing from `initial`, in one pass (RFC 1071
 * suggests merging the sum into the copy the data needs anyway). An odd last byte is
 * padded with zero, so start the copy at an even offset of the checksummed data. No
 * checks: the caller keeps both ranges inside their buffers and not overlapping.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const source = new Uint8Array([0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7]);
 * const target = new Uint8Array(10);
 * assert.equal(copyAndSum(source, 0, target, 2, 8), 0xddf2); // RFC 1071 §3
 * assert.deepEqual(target.subarray(2), source);
 * ```
 */
export function copyAndSum(
  source: Uint8Array,
  sourceStart: number,
  target: Uint8Array,
  targetStart: number,
  length: number,
  initial = 0,
): number {
  let sum = fold(initial);
  let from = sourceStart;
  let to = targetStart;
  const end = sourceStart + length;
  while (from + 1 < end) {
    const stop = Math.min(end - 1, from + 2 * 8192);
    for (; from < stop; from += 2, to += 2) {
      const high = source[from];
      const low = source[from + 1];
      target[to] = high;
      target[to + 1] = low;
      sum += (high << 8) | low;
    }
    sum = (sum & 0xffff) + (sum >>> 16);
  }
  if (from < end) {
    target[to] = source[from];
    sum += source[from] << 8;
  }
  return fold(sum);
}

/**
 * The Internet checksum of `bytes[start, end)` continuing from `initial`:
 * `~onesComplementSumRange(bytes, start, end, initial) & 0xffff`. No checks, no
 * allocation; 0 when the range (checksum field included) is intact.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * // RFC 1071 §3 at offset 1, then with its checksum 0x220d appended: intact gives 0.
 * const bytes = new Uint8Array([7, 0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7, 0x22, 0x0d]);
 * assert.equal(internetChecksumRange(bytes, 1, 9), 0x220d);
 * assert.equal(internetChecksumRange(bytes, 1, 11), 0);
 * ```
 */
export function internetChecksumRange(
  bytes: Uint8Array,
  start: number,
  end: number,
  initial = 0,
): number {
  return ~onesComplementSumRange(bytes, start, end, initial) & 0xffff;
}

/**
 * The Internet checksum (RFC 1071): `~onesComplementSum(bytes) & 0xffff`. Compute it with
 * the checksum field set to zero, then store it big-endian; summing again including the
 * stored value gives 0xffff, so `internetChecksum` of intact bytes is 0.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * // RFC 1071 §3: the sum is 0xddf2, so the checksum is ~0xddf2 = 0x220d.
 * const bytes = new Uint8Array([0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7]);
 * assert.equal(internetChecksum(bytes), 0x220d);
 * const withChecksum = new Uint8Array([...bytes, 0x22, 0x0d]);
 * assert.equal(internetChecksum(withChecksum), 0);
 * ```
 */
export function internetChecksum(bytes: Uint8Array, options: SumOptions = {}): number {
  return ~onesComplementSum(bytes, options) & 0xffff;
}

/**
 * The fields of the IPv4 pseudo-header that UDP and TCP checksums cover.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const header: PseudoHeader = { source: 0x0a000001, destination: 0x0a000002, protocol: 6, length: 20 };
 * assert.equal(pseudoHeaderSum(header), 0x0a00 + 1 + 0x0a00 + 2 + 6 + 20);
 * ```
 */
export interface PseudoHeader {
  /** Source IPv4 address as a 32-bit number (see `parseIpv4Address` in `ipv4.ts`). */
  readonly source: number;
  /** Destination IPv4 address as a 32-bit number. */
  readonly destination: number;
  /** IP protocol number: 6 for TCP, 17 for UDP. */
  readonly protocol: number;
  /** Length of the UDP datagram or TCP segment, header included, in bytes. */
  readonly length: number;
}

/**
 * Sum of the IPv4 pseudo-header (RFC 768; RFC 9293 §3.1 "Checksum"), to pass as the
 * `initial` of the segment's sum:
 *
 *     +--------+--------+--------+--------+
 *     |           source address          |
 *     +--------+--------+--------+--------+
 *     |        destination address        |
 *     +--------+--------+--------+--------+
 *     |  zero  |protocol|   UDP/TCP length |
 *     +--------+--------+--------+--------+
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * // 10.0.0.1 -> 10.0.0.2, UDP, 18 bytes:
 * // 0x0a00 + 0x0001 + 0x0a00 + 0x0002 + 0x0011 + 0x0012 = 0x1426
 * const sum = pseudoHeaderSum({ source: 0x0a000001, destination: 0x0a000002, protocol: 17, length: 18 });
 * assert.equal(sum, 0x1426);
 * ```
 */
export function pseudoHeaderSum(header: PseudoHeader): number {
  const { source, destination, protocol, length } = header;
  return fold(
    (source >>> 16) + (source & 0xffff) + (destination >>> 16) + (destination & 0xffff) +
      (protocol & 0xff) + length,
  );
}

/**
 * {@link pseudoHeaderSum} read straight from an IPv4 header already in `bytes` (header at
 * `start`), so a hot path needs no object: the source and destination addresses are the
 * words at bytes 12–19 of the header and the protocol is byte 9 (RFC 791 §3.1).
 *
 *     sum = src.hi +' src.lo +' dst.hi +' dst.lo +' protocol +' length
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * // The header of 10.0.0.1 -> 10.0.0.2, UDP (17): only bytes 9 and 12–19 matter.
 * const header = new Uint8Array(20);
 * header[9] = 17;
 * header.set([10, 0, 0, 1, 10, 0, 0, 2], 12);
 * assert.equal(pseudoHeaderSumAt(header, 0, 18), 0x1426); // as pseudoHeaderSum's example
 * ```
 */
export function pseudoHeaderSumAt(bytes: Uint8Array, start: number, length: number): number {
  return onesComplementSumRange(bytes, start + 12, start + 20, (bytes[start + 9] | 0) + length);
}

/**
 * One 16-bit field's old and new value, for {@link updateChecksum}.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * // TTL 64 -> 63 in the word it shares with protocol 1 (ICMP): the word drops by 0x100,
 * // so the checksum (a complement) rises by 0x100.
 * const change: FieldChange = { from: 0x4001, to: 0x3f01 };
 * assert.equal(updateChecksum(0x149b, change), 0x159b);
 * ```
 */
export interface FieldChange {
  /** The 16-bit word before the change (m in RFC 1624). */
  readonly from: number;
  /** The 16-bit word after the change (m' in RFC 1624). */
  readonly to: number;
}

/**
 * Incremental checksum update after one 16-bit word changes from m to m'
 * (RFC 1624 §3, equation 3):
 *
 *     HC' = ~(~HC + ~m + m')        (one's complement additions)
 *
 * Why not RFC 1141's `HC' = HC + m + ~m'` (RFC 1624 eqn 2)? In one's complement there are
 * two zeros, +0 (0x0000) and −0 (0xffff). Eqn 2 adds straight into the stored checksum and
 * can land on 0xffff where a full recomputation gives 0x0000: RFC 1624 §4's example
 * (m = 0x5555 → 0x3285, other words summing to 0xcd7a, HC = 0xdd2f) gives 0xffff by
 * eqn 2 but 0x0000 by recomputation. Eqn 3 complements last, so, like a recomputation, it
 * yields 0xffff only if every summed word is zero.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * // RFC 1624 §4: HC = 0xdd2f, m = 0x5555 -> m' = 0x3285; recomputation gives 0x0000.
 * assert.equal(updateChecksum(0xdd2f, { from: 0x5555, to: 0x3285 }), 0x0000);
 * ```
 */
export function updateChecksum(checksum: number, change: FieldChange): number {
  const sum = (~checksum & 0xffff) + (~change.from & 0xffff) + (change.to & 0xffff);
  return ~fold(sum) & 0xffff;
}

/** Lookup table of the reflected CRC-32 polynomial 0xedb88320 (IEEE 802.3), built once. */
const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/**
 * CRC-32 as used by the Ethernet frame check sequence (IEEE 802.3 §3.2.9): reflected
 * polynomial 0xedb88320, initial value 0xffffffff, final complement. The FCS is sent
 * least significant byte first after the (padded) frame.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * // The standard check value: CRC-32 of the ASCII digits "123456789".
 * assert.equal(crc32(new TextEncoder().encode("123456789")), 0xcbf43926);
 * ```
 */
export function crc32(bytes: Uint8Array, options: Pick<SumOptions, "start" | "end"> = {}): number {
  const start = options.start ?? 0;
  const end = Math.min(options.end ?? bytes.length, bytes.length);
  let c = 0xffffffff;
  for (let i = start; i < end; i++) c = CRC_TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
