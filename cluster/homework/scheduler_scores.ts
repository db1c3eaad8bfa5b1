/**
 * Homework `scheduler-scores`: score a pod against 3–4 nodes by hand with the two
 * resource scores of the default profile, and say which node wins. Formulas
 * (noderesources/least_allocated.go, balanced_allocation.go; integer division truncates):
 *
 * ```
 *   requested_r = already requested on the node + the pod's request     (r = cpu, memory)
 *   LeastAllocated_r = (allocatable_r − requested_r) × 100 / allocatable_r      (0 if over)
 *   LeastAllocated   = (LeastAllocated_cpu + LeastAllocated_memory) / 2
 *   f_r = min(requested_r / allocatable_r, 1)
 *   Balanced = ⌊(1 − |f_cpu − f_memory| / 2) × 100⌋
 *   total = 1 × LeastAllocated + 1 × Balanced       (default weights; the other default
 *           plugins give every node here the same score, so they do not change the winner)
 * ```
 *
 * `solve` computes these directly; the tests run the real plugins and the scheduler.
 *
 * Usage: `deno task homework scheduler-scores --seed 7 [-c]`.
 *
 * @module
 */

import { defineHomework, z } from "@src/exercise/mod.ts";
import { Random } from "@src/sim/mod.ts";

const GI = 2 ** 30;
const MI = 2 ** 20;

/**
 * One node of the problem: allocatable and already-requested amounts.
 *
 * @example
 * ```ts
 * import type { ScoreNode } from "./scheduler_scores.ts";
 * const node: ScoreNode = { name: "node-1", cpu: 4000, memory: 8 * 2 ** 30, usedCpu: 1000, usedMemory: 2 ** 30 };
 * ```
 */
export interface ScoreNode {
  readonly name: string;
  /** Allocatable CPU, millicores. */
  readonly cpu: number;
  /** Allocatable memory, bytes. */
  readonly memory: number;
  /** CPU requested by pods already there, millicores. */
  readonly usedCpu: number;
  /** Memory requested by pods already there, bytes. */
  readonly usedMemory: number;
}

/**
 * A scheduler-scores problem.
 *
 * @example
 * ```ts
 * import type { SchedulerScoresProblem } from "./scheduler_scores.ts";
 * type Pod = SchedulerScoresProblem["pod"]; // { cpu, memory }
 * ```
 */
export interface SchedulerScoresProblem {
  readonly nodes: readonly ScoreNode[];
  /** The pod's requests: cpu millicores, memory bytes. */
  readonly pod: { readonly cpu: number; readonly memory: number };
}

/**
 * One node's answer.
 *
 * @example
 * ```ts
 * import type { NodeScores } from "./scheduler_scores.ts";
 * const row: NodeScores = { name: "node-1", leastCpu: 50, leastMemory: 75, least: 62, balanced: 87, total: 149 };
 * ```
 */
export interface NodeScores {
  readonly name: string;
  readonly leastCpu: number;
  readonly leastMemory: number;
  readonly least: number;
  readonly balanced: number;
  readonly total: number;
}

/**
 * The answer key: scores per node and the winner (several names when totals tie — the
 * scheduler then picks one of them at random).
 *
 * @example
 * ```ts
 * import type { SchedulerScoresSolution } from "./scheduler_scores.ts";
 * const s: SchedulerScoresSolution = { rows: [], winners: ["node-2"] };
 * ```
 */
export interface SchedulerScoresSolution {
  readonly rows: readonly NodeScores[];
  readonly winners: readonly string[];
}

const Options = z.object({
  nodes: z.union([z.literal(0), z.number().int().min(2).max(6)]).default(0).describe(
    "nodes, 2–6; 0: seeded 3–4",
  ),
});

/**
 * Options of the `scheduler-scores` generator.
 *
 * @example
 * ```ts
 * import type { SchedulerScoresOptions } from "./scheduler_scores.ts";
 * const options: SchedulerScoresOptions = { nodes: 4 };
 * ```
 */
export type SchedulerScoresOptions = z.output<typeof Options>;

function generate(seed: number, options: SchedulerScoresOptions): SchedulerScoresProblem {
  const random = new Random(seed).fork("scheduler-scores");
  const count = options.nodes || random.int(3, 4);
  const pod = { cpu: random.int(1, 8) * 250, memory: random.int(1, 8) * 256 * MI };
  const nodes = Array.from({ length: count }, (_, i): ScoreNode => {
    const cpu = random.choice([2, 4, 8]) * 1000;
    const memory = random.choice([4, 8, 16]) * GI;
    // Leave room for the pod so every node is feasible.
    const usedCpu = random.int(0, Math.floor((cpu - pod.cpu) / 250)) * 250;
    const usedMemory = random.int(0, Math.floor((memory - pod.memory) / (256 * MI))) * 256 * MI;
    return { name: `node-${i + 1}`, cpu, memory, usedCpu, usedMemory };
  });
  return { nodes, pod };
}

function solve(problem: SchedulerScoresProblem): SchedulerScoresSolution {
  const least = (requested: number, capacity: number) =>
    requested > capacity ? 0 : Math.floor(((capacity - requested) * 100) / capacity);
  const rows = problem.nodes.map((node): NodeScores => {
    const cpu = node.usedCpu + problem.pod.cpu;
    const memory = node.usedMemory + problem.pod.memory;
    const leastCpu = least(cpu, node.cpu);
    const leastMemory = least(memory, node.memory);
    const leastAllocated = Math.floor((leastCpu + leastMemory) / 2);
    const fCpu = Math.min(cpu / node.cpu, 1);
    const fMemory = Math.min(memory / node.memory, 1);
    const balanced = Math.floor((1 - Math.abs(fCpu - fMemory) / 2) * 100);
    return {
      name: node.name,
      leastCpu,
      leastMemory,
      least: leastAllocated,
      balanced,
      total: leastAllocated + balanced,
    };
  });
  const best = Math.max(...rows.map((r) => r.total));
  return { rows, winners: rows.filter((r) => r.total === best).map((r) => r.name) };
}

const cores = (millis: number) => `${millis / 1000}`;
const gib = (bytes: number) => `${bytes / GI}Gi`;

function render(problem: SchedulerScoresProblem, solution?: SchedulerScoresSolution): string {
  const { pod } = problem;
  const out = [
    `A pod requests cpu ${pod.cpu}m and memory ${
      pod.memory / MI
    }Mi. The nodes (allocatable, and what`,
    "pods already there request):",
    "",
    "  node      cpu   memory   cpu requested   memory requested",
  ];
  for (const n of problem.nodes) {
    out.push(
      `  ${n.name.padEnd(8)} ${cores(n.cpu).padStart(4)} ${gib(n.memory).padStart(8)} ${
        `${n.usedCpu}m`.padStart(15)
      } ${`${n.usedMemory / MI}Mi`.padStart(18)}`,
    );
  }
  out.push(
    "",
    "1. For each node, the NodeResourcesFit score with the LeastAllocated strategy (cpu and memory,",
    "   weight 1 each; integer division).",
    "2. For each node, the NodeResourcesBalancedAllocation score.",
    "3. With both weights 1, which node does the scheduler pick? (If totals tie, name them all.)",
  );
  if (solution) {
    out.push("", "  node      Least cpu  Least mem  Least  Balanced  total");
    for (const r of solution.rows) {
      out.push(
        `  ${r.name.padEnd(8)} ${String(r.leastCpu).padStart(9)} ${
          String(r.leastMemory).padStart(10)
        } ${String(r.least).padStart(6)} ${String(r.balanced).padStart(9)} ${
          String(r.total).padStart(6)
        }`,
      );
    }
    out.push(
      solution.winners.length === 1
        ? `  Winner: ${solution.winners[0]}`
        : `  Tie: ${solution.winners.join(", ")} — selectHost picks one of them at random`,
    );
  }
  return out.join("\n");
}

/**
 * The `scheduler-scores` homework generator.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { assign } from "@src/exercise/mod.ts";
 * import { schedulerScores } from "./scheduler_scores.ts";
 * const sheet = assign(schedulerScores, { seed: 7 });
 * assert.ok(sheet.solution.winners.length >= 1);
 * ```
 */
export const schedulerScores = defineHomework({
  name: "scheduler-scores",
  description: "LeastAllocated and BalancedAllocation scores by hand; which node wins",
  options: Options,
  generate,
  solve,
  render,
});
