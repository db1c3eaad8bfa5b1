/**
 * Homework `tcp-seq`: predict the sequence and acknowledgment numbers of a short TCP
 * transfer in which one segment is lost, by the arithmetic rules of TCP alone. Self-
 * contained: it needs no TCP implementation, only these rules.
 *
 *   1. Sequence numbers count bytes (RFC 9293 §3.4). After the handshake the first data
 *      byte has SEG.SEQ = ISN + 1, and each segment starts where the previous one
 *      ended: SEG.SEQ(next) = SEG.SEQ + SEG.LEN, modulo 2^32.
 *   2. The receiver acknowledges cumulatively: ACK = RCV.NXT, the next byte it expects
 *      (RFC 9293 §3.10.7.4). An out-of-order segment is kept but cannot advance RCV.NXT,
 *      and it is acknowledged at once (RFC 5681 §4.2) — with the same ACK number as
 *      before: a duplicate ACK (RFC 5681 §2).
 *   3. The third duplicate ACK triggers fast retransmit of the first unacknowledged
 *      segment (RFC 5681 §3.2). With fewer than three duplicates the sender waits for
 *      the retransmission timer (RFC 6298 §5).
 *   4. When the missing segment arrives, RCV.NXT jumps past everything already held:
 *      one ACK covers all of it.
 *
 *   client ─ seg1 ─▶ server ─ ACK ─▶      seg k is lost:
 *          ─ seg2 ─▶        ─ ACK ─▶      every later segment gets ACK = SEQ(k) (duplicates)
 *          ─ segk ✗                       3rd duplicate → retransmit seg k → ACK = end of data
 *
 * The sender may send every segment at once (the window is large enough), and the
 * receiver does not delay ACKs.
 *
 * @module
 */

import { defineHomework, z } from "@src/exercise/mod.ts";
import { Random } from "@src/sim/mod.ts";

/**
 * A generated transfer.
 *
 * @example
 * ```ts
 * import type { TcpSeqProblem } from "./tcp_seq.ts";
 * const problem: TcpSeqProblem = { isn: 1000, lengths: [100, 200, 300, 400, 500], lost: 2 };
 * ```
 */
export interface TcpSeqProblem {
  /** The client's initial sequence number (its SYN carried SEG.SEQ = ISN). */
  readonly isn: number;
  /** The payload length of each data segment, in bytes, in sending order. */
  readonly lengths: readonly number[];
  /** Which segment (1-based) is lost the first time it is sent. */
  readonly lost: number;
}

/**
 * One data segment and the ACK it causes.
 *
 * @example
 * ```ts
 * import type { TcpSeqRow } from "./tcp_seq.ts";
 * const row: TcpSeqRow = { segment: 1, seq: 1001, length: 100, arrives: true, ack: 1101, duplicate: false };
 * ```
 */
export interface TcpSeqRow {
  /** The segment's number, 1-based. */
  readonly segment: number;
  /** Its sequence number (SEG.SEQ). */
  readonly seq: number;
  /** Its payload length (SEG.LEN). */
  readonly length: number;
  /** Whether it reaches the receiver. */
  readonly arrives: boolean;
  /** The ACK number the receiver answers with, or null for a lost segment. */
  readonly ack: number | null;
  /** Whether that ACK is a duplicate (same number as the previous ACK). */
  readonly duplicate: boolean;
}

/**
 * The answer key.
 *
 * @example
 * ```ts
 * import type { TcpSeqSolution } from "./tcp_seq.ts";
 * const solution: TcpSeqSolution = {
 *   rows: [], duplicateAcks: 3, trigger: "fast-retransmit", retransmitSeq: 1101, finalAck: 2501,
 * };
 * ```
 */
export interface TcpSeqSolution {
  /** One row per original transmission. */
  readonly rows: readonly TcpSeqRow[];
  /** How many duplicate ACKs the sender receives. */
  readonly duplicateAcks: number;
  /** What makes the sender retransmit. */
  readonly trigger: "fast-retransmit" | "timeout";
  /** SEG.SEQ of the retransmission. */
  readonly retransmitSeq: number;
  /** The ACK number answering the retransmission. */
  readonly finalAck: number;
}

const Options = z.object({
  segments: z.number().int().min(2).max(12).default(6).describe("data segments sent"),
  mss: z.number().int().min(100).max(9000).default(1460).describe(
    "largest segment payload (bytes)",
  ),
  sizes: z.enum(["equal", "varied"]).default("varied")
    .describe("all segments of mss bytes, or varied lengths"),
  lost: z.number().int().min(0).max(12).default(0)
    .describe("which segment is lost (0 = chosen by the seed)"),
  nearWrap: z.boolean().default(false).describe("start close to 2^32 so the numbers wrap"),
});

/**
 * Options of the `tcp-seq` generator.
 *
 * @example
 * ```ts
 * import type { TcpSeqOptions } from "./tcp_seq.ts";
 * const options: TcpSeqOptions = { segments: 5, mss: 1000, sizes: "equal", lost: 2, nearWrap: false };
 * ```
 */
export type TcpSeqOptions = z.output<typeof Options>;

const MOD = 2 ** 32;

/** (a + b) mod 2^32: sequence space arithmetic (RFC 9293 §3.4). */
function add(a: number, b: number): number {
  return (a + b) % MOD;
}

function generate(seed: number, options: TcpSeqOptions): TcpSeqProblem {
  if (options.lost > options.segments) {
    throw new RangeError(
      `Cannot generate tcp-seq homework: lost ${options.lost} is past the last of ${options.segments} ` +
        `segments; pass lost=0 (chosen by the seed) or a number from 1 to ${options.segments}.`,
    );
  }
  const random = new Random(seed).fork("tcp-seq");
  const lengths = Array.from(
    { length: options.segments },
    () =>
      options.sizes === "equal"
        ? options.mss
        : random.int(Math.ceil(options.mss / 10), options.mss),
  );
  // nearWrap: put 2^32 between the start of segment j and the start of segment j + 1
  // (1 ≤ j < segments), so a later SEG.SEQ is numerically smaller. With E_j the bytes in
  // segments 1..j and ISN + 1 = 2^32 − d: segment j starts unwrapped iff d > E_(j−1), and
  // segment j + 1 starts wrapped iff d ≤ E_j.
  let isn = random.int(0, MOD - 1);
  if (options.nearWrap) {
    const j = random.int(1, options.segments - 1);
    const before = lengths.slice(0, j - 1).reduce((a, b) => a + b, 0);
    const d = random.int(before + 1, before + lengths[j - 1]);
    isn = MOD - d - 1;
  }
  // Seeded choice, weighted towards a loss followed by ≥ 3 segments (fast retransmit).
  const lost = options.lost ||
    (options.segments >= 4 && random.bernoulli(0.7)
      ? random.int(1, options.segments - 3)
      : random.int(1, options.segments));
  return { isn, lengths, lost };
}

function solve(problem: TcpSeqProblem): TcpSeqSolution {
  const rows: TcpSeqRow[] = [];
  let seq = add(problem.isn, 1); // rule 1: the SYN used one sequence number
  let receiverNext = seq; // RCV.NXT after the handshake
  let lastAck = receiverNext; // the handshake's ACK
  const held: { seq: number; length: number }[] = [];
  let duplicateAcks = 0;
  let retransmitSeq = seq;
  problem.lengths.forEach((length, i) => {
    const segment = i + 1;
    if (segment === problem.lost) {
      retransmitSeq = seq;
      rows.push({ segment, seq, length, arrives: false, ack: null, duplicate: false });
    } else {
      if (seq === receiverNext) receiverNext = add(receiverNext, length); // rule 2, in order
      else held.push({ seq, length }); // out of order: kept, RCV.NXT unchanged
      const duplicate = receiverNext === lastAck;
      if (duplicate) duplicateAcks++;
      lastAck = receiverNext;
      rows.push({ segment, seq, length, arrives: true, ack: receiverNext, duplicate });
    }
    seq = add(seq, length);
  });
  // Rule 4: the retransmission fills the hole; RCV.NXT moves past every held segment.
  receiverNext = add(receiverNext, problem.lengths[problem.lost - 1]);
  for (const segment of held) {
    if (segment.seq === receiverNext) receiverNext = add(receiverNext, segment.length);
  }
  return {
    rows,
    duplicateAcks,
    trigger: duplicateAcks >= 3 ? "fast-retransmit" : "timeout", // rule 3
    retransmitSeq,
    finalAck: receiverNext,
  };
}

function render(problem: TcpSeqProblem, solution?: TcpSeqSolution): string {
  const lines = [
    `A client's SYN carried sequence number ISN = ${problem.isn}; the handshake is done.`,
    `It now sends ${problem.lengths.length} data segments back to back (the window allows all`,
    `of them). Segment ${problem.lost} is lost the first time; every other segment arrives,`,
    "in order, and the server acknowledges each one at once. The client has no more data",
    "to send. Sequence numbers wrap modulo 2^32.",
    "",
    "  segment  length  SEG.SEQ      arrives?  ACK sent by the server",
  ];
  problem.lengths.forEach((length, i) => {
    const row = solution?.rows[i];
    const lost = i + 1 === problem.lost;
    const seq = row ? String(row.seq) : "?";
    const ack = lost ? "—" : row ? `${row.ack}${row.duplicate ? " (duplicate)" : ""}` : "?";
    lines.push(
      `  ${String(i + 1).padStart(7)}  ${String(length).padStart(6)}  ${seq.padEnd(11)}  ${
        (lost ? "LOST" : "yes").padEnd(8)
      }  ${ack}`,
    );
  });
  lines.push(
    "",
    "1. Fill in SEG.SEQ of every segment and the ACK number of every ACK.",
    "2. How many duplicate ACKs does the client receive?",
    "3. What makes the client retransmit: fast retransmit or the retransmission timer?",
    "4. What is SEG.SEQ of the retransmission, and the ACK number that answers it?",
  );
  if (solution) {
    lines.push(
      "",
      "Answers:",
      `  1. See the table: SEG.SEQ(1) = ISN + 1 = ${
        add(problem.isn, 1)
      }; each next SEG.SEQ adds the`,
      "     previous length; each ACK is the next byte the server expects (RCV.NXT).",
      solution.duplicateAcks === 0
        ? "  2. 0 duplicate ACKs: no segment follows the lost one, so no ACK reports the gap."
        : `  2. ${solution.duplicateAcks} duplicate ACK${
          solution.duplicateAcks === 1 ? "" : "s"
        }: each segment after the lost one is acknowledged with the lost\n` +
          "     segment's SEG.SEQ, the first byte still missing.",
      solution.trigger === "fast-retransmit"
        ? "  3. Fast retransmit, on the third duplicate ACK (RFC 5681 §3.2)."
        : `  3. The retransmission timer (RFC 6298 §5): ${solution.duplicateAcks} duplicate ACK${
          solution.duplicateAcks === 1 ? " is" : "s are"
        } fewer than the 3 fast retransmit needs.`,
      `  4. The retransmission has SEG.SEQ ${solution.retransmitSeq}; the server now holds every byte, so`,
      `     it answers ACK ${solution.finalAck} = ISN + 1 + ${
        problem.lengths.reduce((a, b) => a + b, 0)
      } bytes (mod 2^32).`,
    );
  }
  return lines.join("\n");
}

/**
 * The `tcp-seq` homework generator.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { assign } from "@src/exercise/mod.ts";
 * import { tcpSeq } from "./tcp_seq.ts";
 * const sheet = assign(tcpSeq, { seed: 1, options: { segments: 5, lost: 2, sizes: "equal", mss: 100 } });
 * const { isn } = sheet.problem;
 * assert.equal(sheet.solution.rows[2].ack, (isn + 101) % 2 ** 32); // a duplicate ACK
 * assert.equal(sheet.solution.trigger, "fast-retransmit"); // segments 3, 4, 5 → 3 duplicates
 * assert.equal(sheet.solution.finalAck, (isn + 501) % 2 ** 32);
 * ```
 */
export const tcpSeq = defineHomework({
  name: "tcp-seq",
  description: "Sequence and ACK numbers of a transfer with one lost segment (RFC 9293, 5681)",
  options: Options,
  generate,
  solve,
  render,
});
