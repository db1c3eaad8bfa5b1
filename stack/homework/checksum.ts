/**
 * Homework `checksum`: the IPv4 header checksum by hand (RFC 791 §3.1, computed as in
 * RFC 1071), then a receiver's check of a header that may have been damaged.
 *
 * The header is ten 16-bit words with the checksum word (word 5) set to zero. Add them in
 * one's complement arithmetic — an addition whose carry out of bit 15 is added back in
 * ("end-around carry", RFC 1071 §1) — and complement the result:
 *
 *     sum      = w0 +' w1 +' … +' w9        (w5 = 0 while computing)
 *     checksum = ~sum & 0xffff
 *
 * Folding after every addition ("running") and summing in a wide accumulator then folding
 * at the end ("deferred carries", RFC 1071 §2(C)) give the same result; the `style`
 * option picks which one the answer key shows. A receiver sums all ten words *with* the
 * checksum: an intact header gives 0xffff.
 *
 * Usage: `deno task homework checksum --seed 7 [-c]`.
 *
 * @module
 */

import { defineHomework, z } from "@src/exercise/mod.ts";
import { Random } from "@src/sim/mod.ts";
import { formatIpv4Address, ipProtocolName } from "../wire/mod.ts";

/**
 * A generated checksum problem: the header words (checksum word zero) and the header a
 * receiver got (checksum filled in, perhaps one word damaged).
 *
 * @example
 * ```ts
 * import type { ChecksumProblem } from "./checksum.ts";
 * const problem: ChecksumProblem = {
 *   words: [0x4500, 0x0073, 0x0000, 0x4000, 0x4011, 0x0000, 0xc0a8, 0x0001, 0xc0a8, 0x00c7],
 *   received: [0x4500, 0x0073, 0x0000, 0x4000, 0x4011, 0xb861, 0xc0a8, 0x0001, 0xc0a8, 0x00c7],
 *   style: "running",
 * };
 * ```
 */
export interface ChecksumProblem {
  /** The ten header words, word 5 (the checksum) zero. */
  readonly words: readonly number[];
  /** The ten words a receiver got, checksum filled in. */
  readonly received: readonly number[];
  /** Which summing style the answer key shows. */
  readonly style: "running" | "deferred";
}

/**
 * One line of the worked sum.
 *
 * @example
 * ```ts
 * import type { SumStep } from "./checksum.ts";
 * const step: SumStep = { word: 0x0073, sum: 0x4573, carry: false };
 * ```
 */
export interface SumStep {
  /** The word added. */
  readonly word: number;
  /** The sum after adding it (folded, in the "running" style). */
  readonly sum: number;
  /** Whether a carry out of bit 15 was folded back in at this step. */
  readonly carry: boolean;
}

/**
 * The answer key.
 *
 * @example
 * ```ts
 * import type { ChecksumSolution } from "./checksum.ts";
 * const solution: ChecksumSolution = {
 *   steps: [], wideSum: 0x2479c, sum: 0x479e, checksum: 0xb861, receivedSum: 0xffff, intact: true,
 * };
 * ```
 */
export interface ChecksumSolution {
  /** The additions, word by word. */
  readonly steps: readonly SumStep[];
  /** The sum in a wide accumulator, before folding. */
  readonly wideSum: number;
  /** The folded 16-bit one's complement sum. */
  readonly sum: number;
  /** The header checksum, `~sum & 0xffff`. */
  readonly checksum: number;
  /** The receiver's sum over the received words, checksum included. */
  readonly receivedSum: number;
  /** Whether the received header is intact (its sum is 0xffff). */
  readonly intact: boolean;
}

const Options = z.object({
  style: z.enum(["running", "deferred"]).default("running")
    .describe("answer key folds carries at each step or at the end"),
  damage: z.number().min(0).max(1).default(0.5)
    .describe("probability that the received header is damaged"),
});

/**
 * Options of the `checksum` generator.
 *
 * @example
 * ```ts
 * import type { ChecksumOptions } from "./checksum.ts";
 * const options: ChecksumOptions = { style: "deferred", damage: 0 };
 * ```
 */
export type ChecksumOptions = z.output<typeof Options>;

/** Fold carries above bit 15 back in: (sum & 0xffff) + (sum >> 16), until 16 bits. */
function fold(sum: number): number {
  while (sum > 0xffff) sum = (sum & 0xffff) + Math.floor(sum / 0x10000);
  return sum;
}

function hex(value: number, digits = 4): string {
  return `0x${value.toString(16).padStart(digits, "0")}`;
}

function generate(seed: number, options: ChecksumOptions): ChecksumProblem {
  const random = new Random(seed).fork("checksum");
  const protocol = random.choice([1, 6, 17]);
  const payload = random.int(8, 1480);
  const source = (0xc0a80000 + random.int(1, 0xfffe)) >>> 0; // 192.168.x.y
  const destination = (random.choice([0x0a000000, 0xac100000]) + random.int(1, 0xffffe)) >>> 0;
  const words = [
    0x4500, // version 4, IHL 5, DSCP 0, ECN 0
    20 + payload, // total length
    random.int(0, 0xffff), // identification
    random.bernoulli(0.7) ? 0x4000 : 0x0000, // flags (DF) and fragment offset 0
    (random.choice([64, 128, 255, 63, 127]) << 8) | protocol, // TTL, protocol
    0x0000, // header checksum, zero while computing
    source >>> 16,
    source & 0xffff,
    destination >>> 16,
    destination & 0xffff,
  ];
  let sum = 0;
  for (const word of words) sum += word;
  const received = [...words];
  received[5] = ~fold(sum) & 0xffff;
  if (random.bernoulli(options.damage)) {
    // One flipped bit in a word other than the checksum: a damaged header.
    const index = random.choice([0, 1, 2, 3, 4, 6, 7, 8, 9]);
    received[index] ^= 1 << random.int(0, 15);
  }
  return { words, received, style: options.style };
}

function solve(problem: ChecksumProblem): ChecksumSolution {
  const steps: SumStep[] = [];
  let running = 0;
  let wide = 0;
  for (const word of problem.words) {
    wide += word;
    if (problem.style === "running") {
      const added = running + word;
      running = fold(added);
      steps.push({ word, sum: running, carry: added > 0xffff });
    } else {
      steps.push({ word, sum: wide, carry: false });
    }
  }
  const sum = fold(wide);
  const receivedSum = fold(problem.received.reduce((a, b) => a + b, 0));
  return {
    steps,
    wideSum: wide,
    sum,
    checksum: ~sum & 0xffff,
    receivedSum,
    intact: receivedSum === 0xffff,
  };
}

function describeWord(index: number, words: readonly number[]): string {
  const word = words[index];
  switch (index) {
    case 0:
      return `version ${word >> 12}, IHL ${(word >> 8) & 15}, DSCP ${(word >> 2) & 63}, ECN ${
        word & 3
      }`;
    case 1:
      return `total length ${word} bytes`;
    case 2:
      return `identification ${word}`;
    case 3:
      return `flags ${word & 0x4000 ? "DF" : "none"}, fragment offset ${word & 0x1fff}`;
    case 4:
      return `TTL ${word >> 8}, protocol ${word & 255} (${ipProtocolName(word & 255)})`;
    case 5:
      return "header checksum";
    case 6:
      return `source ${formatIpv4Address(((words[6] << 16) | words[7]) >>> 0)} (high half)`;
    case 7:
      return "source (low half)";
    case 8:
      return `destination ${formatIpv4Address(((words[8] << 16) | words[9]) >>> 0)} (high half)`;
    default:
      return "destination (low half)";
  }
}

function render(problem: ChecksumProblem, solution?: ChecksumSolution): string {
  const lines = [
    "An IPv4 header (no options) as ten 16-bit words, checksum field set to zero:",
    "",
    "  word  value   field",
  ];
  problem.words.forEach((word, i) => {
    lines.push(`  ${String(i).padStart(4)}  ${hex(word)}  ${describeWord(i, problem.words)}`);
  });
  lines.push(
    "",
    "1. What is the one's complement sum of the ten words (carries folded back in)?",
    "2. What is the header checksum?",
  );
  if (solution) {
    lines.push(
      "",
      problem.style === "running"
        ? "   Running sum, folding each carry back in (end-around carry, RFC 1071 §1):"
        : "   Deferred carries (RFC 1071 §2(C)): add in a wide accumulator, fold at the end:",
    );
    solution.steps.forEach((step, i) => {
      const note = step.carry ? "   carry folded back in" : "";
      const label = i === 0 ? "   " : " + ";
      lines.push(
        `   ${label}${hex(step.word)}  → ${
          hex(step.sum, problem.style === "running" ? 4 : 5)
        }${note}`,
      );
    });
    if (problem.style === "deferred") {
      lines.push(
        `     fold: ${hex(solution.wideSum & 0xffff)} + ${
          hex(Math.floor(solution.wideSum / 0x10000))
        } → ${hex(solution.sum)}`,
      );
    }
    lines.push(
      `   1. sum = ${hex(solution.sum)}`,
      `   2. checksum = ~sum & 0xffff = ~${hex(solution.sum)} = ${hex(solution.checksum)}`,
    );
  }
  lines.push(
    "",
    "3. A router receives this header (checksum filled in). Sum all ten words, checksum",
    "   included: what do you get, and is the header intact?",
    "",
    `   ${problem.received.map((word) => hex(word).slice(2)).join(" ")}`,
  );
  if (solution) {
    lines.push(
      `   3. sum = ${hex(solution.receivedSum)}: ${
        solution.intact
          ? "0xffff, so the header is intact"
          : "not 0xffff, so the header is damaged (a router drops it, RFC 1812 §5.2.2)"
      }`,
    );
  }
  return lines.join("\n");
}

/**
 * The `checksum` homework generator.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { assign } from "@src/exercise/mod.ts";
 * import { checksum } from "./checksum.ts";
 * const sheet = assign(checksum, { seed: 7, options: { damage: 0 } });
 * assert.equal(sheet.solution.intact, true);
 * assert.equal(sheet.solution.checksum, sheet.problem.received[5]);
 * ```
 */
export const checksum = defineHomework({
  name: "checksum",
  description: "The IPv4 header checksum by hand (RFC 1071), and a receiver's check",
  options: Options,
  generate,
  solve,
  render,
});
