/**
 * TCP's eight control flags (RFC 9293 §3.1; ECE and CWR from RFC 3168), the bits of byte
 * 13 of the header:
 *
 *       bit:  7   6   5   4   3   2   1   0
 *           +---+---+---+---+---+---+---+---+
 *           |CWR|ECE|URG|ACK|PSH|RST|SYN|FIN|
 *           +---+---+---+---+---+---+---+---+
 *
 * Reprs hold them as an object of booleans (`tcpFlags({ syn: true })` fills in the rest);
 * `TcpFlag` names the bits for views and masks; `formatTcpFlags` spells them as tcpdump
 * does ("S.", "P.", "F.").
 *
 * @module
 */

/**
 * Bits of the flags byte (byte 13), RFC 9293 §3.1 (ECE and CWR from RFC 3168).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(TcpFlag.Syn | TcpFlag.Ack, 0x12);
 * ```
 */
export const TcpFlag = {
  Fin: 0x01,
  Syn: 0x02,
  Rst: 0x04,
  Psh: 0x08,
  Ack: 0x10,
  Urg: 0x20,
  Ece: 0x40,
  Cwr: 0x80,
} as const;

/**
 * The eight flags as booleans.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const flags: TcpFlags = tcpFlags({ syn: true, ack: true });
 * assert.equal(formatTcpFlags(flags), "S.");
 * ```
 */
export interface TcpFlags {
  /** No more data from the sender. */
  readonly fin: boolean;
  /** Synchronize sequence numbers (opens a connection). */
  readonly syn: boolean;
  /** Reset the connection. */
  readonly rst: boolean;
  /** Push: deliver to the application now. */
  readonly psh: boolean;
  /** The acknowledgment number is significant. */
  readonly ack: boolean;
  /** The urgent pointer is significant. */
  readonly urg: boolean;
  /** ECN echo (RFC 3168). */
  readonly ece: boolean;
  /** Congestion window reduced (RFC 3168). */
  readonly cwr: boolean;
}

/**
 * A full flags object from the ones you name (the rest are false).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(tcpFlags({ syn: true, ack: true }).fin, false);
 * assert.equal(tcpFlagsByte(tcpFlags({ syn: true, ack: true })), 0x12);
 * ```
 */
export function tcpFlags(set: Partial<TcpFlags> = {}): TcpFlags {
  return {
    fin: set.fin ?? false,
    syn: set.syn ?? false,
    rst: set.rst ?? false,
    psh: set.psh ?? false,
    ack: set.ack ?? false,
    urg: set.urg ?? false,
    ece: set.ece ?? false,
    cwr: set.cwr ?? false,
  };
}

/**
 * The flags byte of a flags object.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(tcpFlagsByte(tcpFlags({ fin: true, ack: true })), TcpFlag.Fin | TcpFlag.Ack);
 * ```
 */
export function tcpFlagsByte(flags: TcpFlags): number {
  return (flags.fin ? 0x01 : 0) | (flags.syn ? 0x02 : 0) | (flags.rst ? 0x04 : 0) |
    (flags.psh ? 0x08 : 0) |
    (flags.ack ? 0x10 : 0) | (flags.urg ? 0x20 : 0) | (flags.ece ? 0x40 : 0) |
    (flags.cwr ? 0x80 : 0);
}

/**
 * The flags object of a flags byte.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.deepEqual(tcpFlagsFromByte(0x12), tcpFlags({ syn: true, ack: true }));
 * ```
 */
export function tcpFlagsFromByte(byte: number): TcpFlags {
  return {
    fin: (byte & 0x01) !== 0,
    syn: (byte & 0x02) !== 0,
    rst: (byte & 0x04) !== 0,
    psh: (byte & 0x08) !== 0,
    ack: (byte & 0x10) !== 0,
    urg: (byte & 0x20) !== 0,
    ece: (byte & 0x40) !== 0,
    cwr: (byte & 0x80) !== 0,
  };
}

/**
 * tcpdump's flag letters: F S R P . U E W in that order ("." is ACK), "none" if none.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(formatTcpFlags(tcpFlags({ syn: true, ack: true })), "S.");
 * assert.equal(formatTcpFlags(tcpFlags()), "none");
 * ```
 */
export function formatTcpFlags(flags: TcpFlags): string {
  const text = (flags.fin ? "F" : "") + (flags.syn ? "S" : "") + (flags.rst ? "R" : "") +
    (flags.psh ? "P" : "") +
    (flags.ack ? "." : "") + (flags.urg ? "U" : "") + (flags.ece ? "E" : "") +
    (flags.cwr ? "W" : "");
  return text || "none";
}
