/**
 * IPv4 reassembly (RFC 791 §3.2, RFC 815): the destination's IP layer collects the
 * fragments of each datagram until every byte is there, then hands the whole datagram
 * to UDP or TCP. Fragments of one datagram share (source, destination, protocol,
 * identification) — RFC 791's buffer identifier — and may arrive in any order.
 *
 * Each buffer keeps RFC 815's *hole descriptor list*: the byte ranges still missing.
 *
 * ```
 *   start:            holes [0, ∞)
 *   fragment [1480, 2960) MF:   holes [0, 1480) [2960, ∞)
 *   fragment [2960, 3980) last: holes [0, 1480)            (MF = 0 ends the ∞ hole)
 *   fragment [0, 1480) MF:      holes none → complete: header of the first fragment,
 *                               MF 0, offset 0, total length = header + 3980
 * ```
 *
 * Overlaps: RFC 791 lets later data overwrite earlier; that enabled the "teardrop" and
 * overlapping-fragment attacks. We follow Linux (`net/ipv4/inet_fragment.c`,
 * `inet_frag_queue_insert()`, which applies RFC 5722 §4 with Errata 3089 to IPv4 too):
 * a fragment lying wholly inside data already received is a *duplicate* and is ignored;
 * any other overlap discards the whole datagram. So a fragment is accepted only when it
 * lies wholly inside one hole — which is also what keeps the hole list exact.
 *
 * Timer: a buffer lives `timeout` ns from its first fragment (RFC 791 §3.2: the timer
 * starts at the first arrival; Linux `ipfrag_time` 30 s, see `REASSEMBLY_TIMEOUT`).
 * `expire(now)` removes the stale buffers and returns them; the IP layer sends ICMP time
 * exceeded code 1 only for those that received their first fragment (offset 0), because
 * only that one can be quoted (RFC 792; RFC 1122 §3.3.2).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { emitIpv4, fragmentIpv4, parseIpv4 } from "../wire/mod.ts";
 * import { Reassembly } from "./reassembly.ts";
 * const datagram = emitIpv4({ dscp: 0, ecn: 0, identification: 7, dontFragment: false,
 *   moreFragments: false, fragmentOffset: 0, ttl: 64, protocol: 17, source: "10.0.0.1",
 *   destination: "10.0.0.2", options: new Uint8Array(), payload: new Uint8Array(3980).fill(9) }).slice();
 * const [first, second, third] = fragmentIpv4(datagram, 1500);
 * const buffers = new Reassembly();
 * assert.equal(buffers.add(third, 0).status, "incomplete");
 * assert.equal(buffers.add(first, 0).status, "incomplete");
 * const done = buffers.add(second, 0);
 * assert.equal(done.status, "complete");
 * assert.deepEqual(done.status === "complete" && done.packet, datagram);
 * ```
 *
 * @module
 */

import type { Time } from "../../src/sim/mod.ts";
import { emitIpv4, IPV4_MIN_HEADER_LENGTH, type Ipv4Repr, parseIpv4 } from "../wire/ipv4.ts";
import { parseOptions, z } from "@src/options/mod.ts";
import { REASSEMBLY_TIMEOUT } from "./params.ts";

/** A missing byte range `[start, end)`; `end` is Infinity until the last fragment came. */
interface Hole {
  start: number;
  end: number;
}

interface Piece {
  start: number;
  bytes: Uint8Array;
}

interface Buffer {
  key: string;
  created: Time;
  holes: Hole[];
  pieces: Piece[];
  /** Data length once the fragment with MF = 0 arrived, else Infinity. */
  length: number;
  /** The fragment with offset 0: its header becomes the datagram's. */
  first: Uint8Array | null;
  firstRepr: Ipv4Repr | null;
}

/**
 * What `add()` did with a fragment.
 *
 * @example
 * ```ts
 * const result: ReassemblyResult = { status: "dropped", reason: "overlap", key: "x" };
 * ```
 */
export type ReassemblyResult =
  | { readonly status: "complete"; readonly packet: Uint8Array; readonly key: string }
  | { readonly status: "incomplete"; readonly key: string; readonly started: boolean }
  | { readonly status: "duplicate"; readonly key: string }
  | {
    readonly status: "dropped";
    readonly reason: "overlap" | "too-long" | "bad-length";
    readonly key: string;
  };

/**
 * A buffer that timed out: its key, and the first fragment's bytes if it came (to quote
 * in ICMP time exceeded, code 1).
 *
 * @example
 * ```ts
 * const row: ExpiredReassembly = { key: "10.0.0.1>10.0.0.2 proto 17 id 7", first: null };
 * ```
 */
export interface ExpiredReassembly {
  /** The buffer's (source, destination, protocol, identification) key. */
  readonly key: string;
  /** The offset-0 fragment, or null if it never arrived. */
  readonly first: Uint8Array | null;
}

/**
 * Options of {@linkcode Reassembly}.
 *
 * @example
 * ```ts
 * const options: ReassemblyOptions = { timeout: 60e9 };
 * ```
 */
export interface ReassemblyOptions {
  /**
   * How long a buffer waits for its missing fragments, integer ns.
   *
   * @default {30_000_000_000} (`REASSEMBLY_TIMEOUT`, Linux ipfrag_time)
   */
  timeout?: Time;
}

const reassemblySchema = z.strictObject({ timeout: z.number().int().positive().optional() });

/**
 * The reassembly key of a fragment: RFC 791's (source, destination, protocol,
 * identification).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { emitIpv4, parseIpv4 } from "../wire/mod.ts";
 * const repr = parseIpv4(emitIpv4({ dscp: 0, ecn: 0, identification: 7, dontFragment: false,
 *   moreFragments: true, fragmentOffset: 0, ttl: 64, protocol: 17, source: "10.0.0.1",
 *   destination: "10.0.0.2", options: new Uint8Array(), payload: new Uint8Array(8) }));
 * assert.equal(reassemblyKey(repr), "10.0.0.1>10.0.0.2 proto 17 id 7");
 * ```
 */
export function reassemblyKey(repr: Ipv4Repr): string {
  return `${repr.source}>${repr.destination} proto ${repr.protocol} id ${repr.identification}`;
}

/**
 * Reassembly buffers of one IP layer; see the module comment.
 *
 * @example A duplicate is ignored, an overlap drops the datagram (Linux, RFC 5722 §4)
 * ```ts
 * import assert from "node:assert/strict";
 * import { emitIpv4 } from "../wire/mod.ts";
 * const fragment = (fragmentOffset: number, size: number, moreFragments = true) => emitIpv4({
 *   dscp: 0, ecn: 0, identification: 1, dontFragment: false, moreFragments, fragmentOffset, ttl: 64,
 *   protocol: 17, source: "10.0.0.1", destination: "10.0.0.2", options: new Uint8Array(),
 *   payload: new Uint8Array(size) }).slice();
 * const buffers = new Reassembly();
 * assert.equal(buffers.add(fragment(0, 16), 0).status, "incomplete");
 * assert.equal(buffers.add(fragment(0, 16), 0).status, "duplicate");
 * assert.equal(buffers.add(fragment(1, 16), 0).status, "dropped"); // bytes 8–24 overlap 0–16
 * assert.equal(buffers.size, 0);
 * ```
 */
export class Reassembly {
  /** ns a buffer waits from its first fragment. */
  readonly timeout: Time;
  #buffers = new Map<string, Buffer>();

  /** Empty buffers; options are validated. */
  constructor(options: ReassemblyOptions = {}) {
    const parsed = parseOptions(reassemblySchema, options, "create a reassembly buffer");
    this.timeout = parsed.timeout ?? REASSEMBLY_TIMEOUT;
  }

  /**
   * Datagrams being reassembled.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * assert.equal(new Reassembly().size, 0);
   * ```
   */
  get size(): number {
    return this.#buffers.size;
  }

  /**
   * Add one fragment (an IPv4 packet with MF set or a nonzero offset; `parseIpv4` errors
   * propagate) received at `now`. A `started: true` result means a new buffer began:
   * the caller should call `expire()` at `now + timeout`.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { emitIpv4 } from "../wire/mod.ts";
   * const middle = emitIpv4({ dscp: 0, ecn: 0, identification: 1, dontFragment: false,
   *   moreFragments: true, fragmentOffset: 2, ttl: 64, protocol: 17, source: "10.0.0.1",
   *   destination: "10.0.0.2", options: new Uint8Array(), payload: new Uint8Array(8) }).slice();
   * const result = new Reassembly().add(middle, 5);
   * assert.deepEqual(result, { status: "incomplete", key: "10.0.0.1>10.0.0.2 proto 17 id 1", started: true });
   * ```
   */
  add(fragment: Uint8Array, now: Time): ReassemblyResult {
    const repr = parseIpv4(fragment);
    const key = reassemblyKey(repr);
    // Byte range of this fragment's data in the datagram: offset × 8 … + payload length.
    const start = repr.fragmentOffset * 8;
    const end = start + repr.payload.length;
    let buffer = this.#buffers.get(key);
    const started = buffer === undefined;
    if (buffer === undefined) {
      buffer = {
        key,
        created: now,
        holes: [{ start: 0, end: Infinity }],
        pieces: [],
        length: Infinity,
        first: null,
        firstRepr: null,
      };
      this.#buffers.set(key, buffer);
    }
    const drop = (reason: "overlap" | "too-long" | "bad-length"): ReassemblyResult => {
      this.#buffers.delete(key);
      return { status: "dropped", reason, key };
    };
    // A non-last fragment carries whole 8-byte blocks (RFC 791 §3.2), else the next
    // offset could not follow it; Linux drops such a datagram too (ip_frag_queue()).
    if (repr.moreFragments && repr.payload.length % 8 !== 0) return drop("bad-length");
    // 65535 − header is the most data an IPv4 datagram can carry ("ping of death").
    if (end + IPV4_MIN_HEADER_LENGTH > 0xffff) return drop("too-long");
    // The last fragment fixes the length; a second, different one is corrupt.
    if (!repr.moreFragments && buffer.length !== Infinity && end !== buffer.length) {
      return drop("bad-length");
    }
    if (end > buffer.length) return drop("bad-length");
    // RFC 815 step 1–2: find the hole this fragment falls in. Wholly inside received
    // data (touching no hole) is a duplicate; partly in a hole is an overlap.
    const index = buffer.holes.findIndex((hole) => start >= hole.start && end <= hole.end);
    if (index < 0) {
      const touches = buffer.holes.some((hole) => start < hole.end && end > hole.start);
      if (!touches && repr.payload.length > 0) return { status: "duplicate", key };
      return drop("overlap");
    }
    // RFC 815 steps 3–6: delete the hole, and create the pieces of it left before and
    // after the fragment (none after the last fragment, whose end is the datagram's).
    const hole = buffer.holes[index];
    const replacement: Hole[] = [];
    if (start > hole.start) replacement.push({ start: hole.start, end: start });
    if (repr.moreFragments && end < hole.end) replacement.push({ start: end, end: hole.end });
    buffer.holes.splice(index, 1, ...replacement);
    if (!repr.moreFragments) buffer.length = end;
    buffer.pieces.push({ start, bytes: repr.payload.slice() });
    if (start === 0) {
      buffer.first = fragment.slice(0, IPV4_MIN_HEADER_LENGTH + repr.options.length + end);
      buffer.firstRepr = { ...repr, options: repr.options.slice(), payload: new Uint8Array() };
    }
    // RFC 815 step 8: no holes left, the datagram is complete.
    if (buffer.holes.length > 0) return { status: "incomplete", key, started };
    this.#buffers.delete(key);
    const payload = new Uint8Array(buffer.length);
    for (const piece of buffer.pieces) payload.set(piece.bytes, piece.start);
    // RFC 791 §3.2: the first fragment's header, with MF 0, offset 0 and the total length.
    const header = buffer.firstRepr as Ipv4Repr;
    const packet = emitIpv4({ ...header, moreFragments: false, fragmentOffset: 0, payload })
      .slice();
    return { status: "complete", packet, key };
  }

  /**
   * Remove the buffers older than `timeout` at `now` and return them.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { emitIpv4 } from "../wire/mod.ts";
   * const first = emitIpv4({ dscp: 0, ecn: 0, identification: 1, dontFragment: false,
   *   moreFragments: true, fragmentOffset: 0, ttl: 64, protocol: 17, source: "10.0.0.1",
   *   destination: "10.0.0.2", options: new Uint8Array(), payload: new Uint8Array(8) }).slice();
   * const buffers = new Reassembly({ timeout: 100 });
   * buffers.add(first, 0);
   * assert.deepEqual(buffers.expire(99), []);
   * assert.deepEqual(buffers.expire(100).map((row) => row.first?.length), [28]);
   * ```
   */
  expire(now: Time): ExpiredReassembly[] {
    const expired: ExpiredReassembly[] = [];
    for (const [key, buffer] of this.#buffers) {
      if (now - buffer.created < this.timeout) continue;
      this.#buffers.delete(key);
      expired.push({ key, first: buffer.first });
    }
    return expired;
  }
}
