/**
 * IPv4 fragmentation (RFC 791 §2.3 "Fragmentation", §3.2 "Fragmentation and
 * reassembly"): cutting one datagram into pieces that each fit a link's MTU. Bytes only:
 * the caller (a host or router in `stack/net`) decides when to fragment and what to do
 * with a datagram that may not be fragmented.
 *
 * Usage: `fragmentIpv4(packet, mtu)` returns the fragments' bytes (owned copies), or the
 * packet itself (one element) when it already fits. A packet with DF set that does not
 * fit throws {@link DontFragmentError}, which carries the MTU the caller reports in ICMP
 * "fragmentation needed" (RFC 1191 §4).
 *
 * One 4000-byte datagram (20-byte header + 3980 data bytes) over MTU 1500:
 *
 * ```
 *   NFB = (MTU − IHL·4) / 8 = (1500 − 20) / 8 = 185 blocks = 1480 data bytes per fragment
 *
 *   offset (8-byte units)   0              185             370
 *   data bytes          [0 … 1480)    [1480 … 2960)   [2960 … 3980)
 *   total length          1500           1500            1040
 *   MF                      1              1               0  (the original's MF)
 * ```
 *
 * Options (RFC 791 §3.1): bit 0x80 of an option's type is the *copy* flag. The first
 * fragment keeps every option; later fragments keep only the copied ones (e.g. Security
 * 130, Loose/Strict Source Route 131/137), padded with End-of-Options to a 4-byte word —
 * so their header, and their NFB, may be smaller. (Linux `ip_options_fragment()` instead
 * overwrites uncopied options with No-Operation bytes and keeps the header length.)
 *
 * @module
 */

import { WireError } from "./errors.ts";
import { emitIpv4, IPV4_MIN_HEADER_LENGTH, parseIpv4 } from "./ipv4.ts";

/**
 * The smallest MTU a link may have: RFC 791 §3.2, "Every internet module must be able
 * to forward a datagram of 68 octets without further fragmentation" (a 60-byte header
 * plus one 8-byte fragment).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { IPV4_MIN_MTU } from "./ipv4_fragment.ts";
 * assert.equal(IPV4_MIN_MTU, 60 + 8);
 * ```
 */
export const IPV4_MIN_MTU = 68;

/**
 * A datagram larger than the MTU has DF (don't fragment) set: it must be dropped and the
 * source told with ICMP destination unreachable code 4, "fragmentation needed and DF
 * set", carrying `mtu` as the next-hop MTU (RFC 792; RFC 1191 §4).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { DontFragmentError } from "./ipv4_fragment.ts";
 * const error = new DontFragmentError(1500, 576);
 * assert.ok(error instanceof RangeError);
 * assert.equal(error.mtu, 576);
 * ```
 */
export class DontFragmentError extends RangeError {
  /** Total length of the packet that did not fit. */
  readonly packetLength: number;
  /** The MTU it did not fit: the next-hop MTU to report. */
  readonly mtu: number;
  /** A `packetLength`-byte DF packet refused by a link of `mtu` bytes. */
  constructor(packetLength: number, mtu: number) {
    super(
      `Cannot fragment a ${packetLength}-byte IPv4 packet for MTU ${mtu}: its DF (don't ` +
        `fragment) flag is set. Drop it and send ICMP fragmentation needed (type 3 code 4) ` +
        `with next-hop MTU ${mtu}, or clear DF.`,
    );
    this.name = "DontFragmentError";
    this.packetLength = packetLength;
    this.mtu = mtu;
  }
}

/**
 * The options a non-first fragment carries: those whose copy flag (bit 0x80 of the type)
 * is set, padded with End-of-Options (0) to a multiple of 4 bytes (RFC 791 §3.1).
 * Throws {@link WireError} on malformed options.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { copiedIpv4Options } from "./ipv4_fragment.ts";
 * // Record Route (7, not copied), then Loose Source Route (131, copied) with one address.
 * const options = new Uint8Array([7, 7, 4, 0, 0, 0, 0, 131, 7, 4, 10, 0, 0, 1, 0, 0]);
 * assert.deepEqual([...copiedIpv4Options(options)], [131, 7, 4, 10, 0, 0, 1, 0]);
 * ```
 */
export function copiedIpv4Options(options: Uint8Array): Uint8Array {
  const kept: number[] = [];
  for (let at = 0; at < options.length;) {
    const type = options[at];
    if (type === 0) break; // End of Options List
    const size = type === 1 ? 1 : options[at + 1] ?? 0; // No Operation is one byte
    if (size < 2 && type !== 1 || at + size > options.length) {
      throw new WireError({
        layer: "IPv4",
        field: "options",
        offset: IPV4_MIN_HEADER_LENGTH + at,
        problem: `option ${type} has length ${size}, past the ${options.length} option bytes`,
        fix: "Each option other than 0 and 1 is type, length (≥ 2, counting both), data.",
      });
    }
    if ((type & 0x80) !== 0) kept.push(...options.subarray(at, at + size));
    at += size;
  }
  while (kept.length % 4 !== 0) kept.push(0);
  return new Uint8Array(kept);
}

/**
 * Cut an IPv4 packet into fragments of at most `mtu` bytes each, following the
 * procedure of RFC 791 §3.2 (see the module comment). Returns owned copies; a packet
 * that fits is returned alone (copied). Throws {@link DontFragmentError} when it does not
 * fit and DF is set, `RangeError` for an MTU below 68 (RFC 791) and whatever
 * `parseIpv4` throws for a malformed packet. A packet that is already a fragment is cut
 * again: offsets add up and the last piece keeps its MF flag.
 *
 * @example A 4000-byte datagram over Ethernet (RFC 791 §3.2's procedure)
 * ```ts
 * import assert from "node:assert/strict";
 * import { emitIpv4, parseIpv4 } from "./ipv4.ts";
 * import { fragmentIpv4 } from "./ipv4_fragment.ts";
 * const datagram = emitIpv4({ dscp: 0, ecn: 0, identification: 7, dontFragment: false,
 *   moreFragments: false, fragmentOffset: 0, ttl: 64, protocol: 17, source: "10.0.0.1",
 *   destination: "10.0.0.2", options: new Uint8Array(), payload: new Uint8Array(3980) });
 * const fragments = fragmentIpv4(datagram, 1500).map((bytes) => parseIpv4(bytes));
 * assert.deepEqual(fragments.map((f) => [f.fragmentOffset, f.moreFragments, f.payload.length]),
 *   [[0, true, 1480], [185, true, 1480], [370, false, 1020]]);
 * ```
 */
export function fragmentIpv4(packet: Uint8Array, mtu: number): Uint8Array[] {
  if (!Number.isInteger(mtu) || mtu < IPV4_MIN_MTU || mtu > 0xffff) {
    throw new RangeError(
      `Cannot fragment for MTU ${mtu}: an MTU must be an integer from ${IPV4_MIN_MTU} ` +
        `(RFC 791: every module forwards 68-byte datagrams) to 65535.`,
    );
  }
  const original = parseIpv4(packet);
  const headerLength = IPV4_MIN_HEADER_LENGTH + original.options.length;
  const totalLength = headerLength + original.payload.length;
  // RFC 791 §3.2: "IF TL =< MTU THEN Submit this datagram to the next step".
  if (totalLength <= mtu) return [packet.slice(0, totalLength)];
  // "ELSE IF DF = 1 THEN discard the datagram" (and, per RFC 1191 §4, report the MTU).
  if (original.dontFragment) throw new DontFragmentError(totalLength, mtu);
  const copied = copiedIpv4Options(original.options);
  const fragments: Uint8Array[] = [];
  let options = original.options;
  let done = 0; // data bytes already sent, a multiple of 8 except at the end
  while (done < original.payload.length) {
    const header = IPV4_MIN_HEADER_LENGTH + options.length;
    const left = original.payload.length - done;
    // NFB = (MTU − IHL·4) / 8, rounded down: the data of a non-last fragment is whole
    // 8-byte blocks, because the offset field counts blocks.
    const blocks = Math.floor((mtu - header) / 8);
    const last = left <= mtu - header;
    const take = last ? left : blocks * 8;
    fragments.push(
      emitIpv4({
        ...original,
        options,
        // FO ← OFO + (data before this piece) / 8; MF ← 1, except the last piece keeps OMF.
        fragmentOffset: original.fragmentOffset + done / 8,
        moreFragments: last ? original.moreFragments : true,
        payload: original.payload.subarray(done, done + take),
      }).slice(),
    );
    done += take;
    options = copied; // "selectively copy the internet header (some options are not copied)"
  }
  return fragments;
}
