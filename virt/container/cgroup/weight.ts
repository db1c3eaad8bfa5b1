/**
 * cpu.weight as arithmetic: how CPUs are shared among sibling cgroups that all want more
 * than they get. Each sibling's share is proportional to its weight, but nobody gets more
 * than it demands; what a satisfied sibling leaves over is shared again
 * (Documentation/admin-guide/cgroup-v2.rst "Weights": "a child's resource is distributed
 * by adding up the weights of all active children and giving each the fraction matching
 * the ratio of its weight against the sum"). This is "water-filling":
 *
 * ```
 *   repeat:  share_i = free × w_i / Σ w_j   over the siblings still hungry
 *            any sibling with demand_i ≤ share_i gets demand_i and leaves the set
 *   until no one leaves; the rest get share_i
 * ```
 *
 * `simulateBandwidth` reaches the same split tick by tick (tested against this).
 *
 * @module
 */

import { z } from "zod";
import { parseOptions } from "@src/options/mod.ts";
import { CPU_WEIGHT_MAX, CPU_WEIGHT_MIN } from "./params.ts";

const Options = z.object({
  cpus: z.number().positive().default(1),
  groups: z.array(
    z.object({
      name: z.string(),
      weight: z.number().int().min(CPU_WEIGHT_MIN).max(CPU_WEIGHT_MAX),
      demand: z.number().min(0),
    }).strict(),
  ).min(1),
}).strict();

/**
 * One sibling's share of the CPUs.
 *
 * @example
 * ```ts
 * import type { WeightShare } from "./weight.ts";
 * const row: WeightShare = { name: "web", weight: 300, demand: 2, cpus: 0.75, fraction: 0.75 };
 * ```
 */
export interface WeightShare {
  /** Sibling name. */
  readonly name: string;
  /** Its cpu.weight. */
  readonly weight: number;
  /** CPUs it could use (runnable threads), e.g. 2. */
  readonly demand: number;
  /** CPUs it gets. */
  readonly cpus: number;
  /** Its part of all CPUs, 0…1. */
  readonly fraction: number;
}

/**
 * Split `cpus` among siblings by cpu.weight, capped at each one's demand.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { weightShares } from "./weight.ts";
 * const shares = weightShares({
 *   cpus: 1,
 *   groups: [{ name: "a", weight: 100, demand: 1 }, { name: "b", weight: 300, demand: 1 }],
 * });
 * assert.deepEqual(shares.map((s) => s.cpus), [0.25, 0.75]);
 * ```
 */
export function weightShares(options: {
  /** CPUs to share. @default 1 */
  readonly cpus?: number;
  /** Siblings: name, cpu.weight, demand in CPUs. */
  readonly groups: readonly { name: string; weight: number; demand: number }[];
}): WeightShare[] {
  const o = parseOptions(Options, options, "share CPUs by weight");
  const names = o.groups.map((g) => g.name);
  const twice = names.find((name, i) => names.indexOf(name) !== i);
  if (twice !== undefined) {
    throw new RangeError(
      `Cannot share CPUs by weight: two groups are named ${JSON.stringify(twice)}; ` +
        "give every sibling its own name",
    );
  }
  const given = new Map<string, number>();
  let free = o.cpus;
  let hungry = o.groups.filter((g) => g.demand > 0);
  for (;;) {
    const total = hungry.reduce((sum, g) => sum + g.weight, 0);
    // share_i = free × w_i / Σ w
    const satisfied = hungry.filter((g) => g.demand <= (free * g.weight) / total);
    if (satisfied.length === 0) {
      for (const g of hungry) given.set(g.name, (free * g.weight) / total);
      break;
    }
    for (const g of satisfied) {
      given.set(g.name, g.demand);
      free -= g.demand;
    }
    hungry = hungry.filter((g) => !satisfied.includes(g));
    if (hungry.length === 0) break;
  }
  return o.groups.map((g) => {
    const cpus = given.get(g.name) ?? 0;
    return { name: g.name, weight: g.weight, demand: g.demand, cpus, fraction: cpus / o.cpus };
  });
}
