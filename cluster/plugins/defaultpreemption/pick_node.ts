/**
 * Choosing the node to preempt on (`pickOneNodeForPreemption`,
 * `pkg/scheduler/framework/preemption/preemption.go`): keep the candidates with the best value
 * of each rule in turn, stop when one is left.
 *
 * ```
 *   1. fewest PodDisruptionBudget violations   (PDBs are not modelled: always 0)
 *   2. lowest priority of the most important victim
 *   3. smallest Σ (priority + 2³¹) over the victims   (2³¹ = MaxInt32 + 1 makes them ≥ 0)
 *   4. fewest victims
 *   5. latest start time of the most important victims (GetEarliestPodStartTime)
 *   6. the first node left
 * ```
 *
 * @module
 */

import type { Pod } from "@cluster/api/mod.ts";
import { startTime } from "./victims.ts";

/**
 * A node where preemption would work, and what it would cost.
 *
 * @example
 * ```ts
 * import type { Candidate } from "./pick_node.ts";
 * const c: Candidate = { node: "n1", victims: [], numPDBViolations: 0 };
 * ```
 */
export interface Candidate {
  readonly node: string;
  /** Most important first. */
  readonly victims: readonly Pod[];
  readonly numPDBViolations: number;
}

// 2³¹ (math.MaxInt32 + 1): makes every priority non-negative before summing.
const PRIORITY_OFFSET = 2 ** 31;

/** The earliest start among the most important victims (util `GetEarliestPodStartTime`). */
function earliestStartOfHighest(victims: readonly Pod[]): number {
  if (victims.length === 0) return Number.NEGATIVE_INFINITY; // math.MinInt64
  let earliest = startTime(victims[0]);
  let maxPriority = victims[0].priority;
  for (const p of victims) {
    if (p.priority === maxPriority) earliest = Math.min(earliest, startTime(p));
    else if (p.priority > maxPriority) {
      maxPriority = p.priority;
      earliest = startTime(p);
    }
  }
  return earliest;
}

/**
 * The rules of `pickOneNodeForPreemption`, in order: each scores a candidate, higher is better.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { PICK_RULES } from "./pick_node.ts";
 * assert.deepEqual(PICK_RULES.map((r) => r.name), ["fewest PDB violations", "lowest highest priority", "smallest priority sum", "fewest victims", "latest start"]);
 * ```
 */
export const PICK_RULES: readonly { name: string; score: (c: Candidate) => number }[] = [
  { name: "fewest PDB violations", score: (c) => -c.numPDBViolations },
  { name: "lowest highest priority", score: (c) => -(c.victims[0]?.priority ?? 0) },
  {
    name: "smallest priority sum",
    score: (c) => -c.victims.reduce((sum, p) => sum + p.priority + PRIORITY_OFFSET, 0),
  },
  { name: "fewest victims", score: (c) => -c.victims.length },
  { name: "latest start", score: (c) => earliestStartOfHighest(c.victims) },
];

/**
 * Choose among candidates (preemption.go `pickOneNodeForPreemption`); also which rule decided.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { makePod } from "@cluster/api/mod.ts";
 * import { pickOneNodeForPreemption } from "./pick_node.ts";
 * const low = makePod("low", { priority: 1 }), mid = makePod("mid", { priority: 5 });
 * const pick = pickOneNodeForPreemption([
 *   { node: "a", victims: [mid], numPDBViolations: 0 },
 *   { node: "b", victims: [low], numPDBViolations: 0 },
 * ]);
 * assert.deepEqual(pick, { node: "b", rule: "lowest highest priority" });
 * ```
 */
export function pickOneNodeForPreemption(
  candidates: readonly Candidate[],
): { node: string; rule: string } | null {
  if (candidates.length === 0) return null;
  if (candidates.length === 1) return { node: candidates[0].node, rule: "only candidate" };
  let remaining = [...candidates];
  for (const rule of PICK_RULES) {
    let best = Number.NEGATIVE_INFINITY;
    let selected: Candidate[] = [];
    for (const c of remaining) {
      const score = rule.score(c);
      if (score > best) {
        best = score;
        selected = [];
      }
      if (score === best) selected.push(c);
    }
    if (selected.length === 1) return { node: selected[0].node, rule: rule.name };
    remaining = selected;
  }
  return { node: remaining[0].node, rule: "first node" };
}
