/**
 * Homework `topology-spread`: pods labelled app=web are spread over zones; a new web pod
 * has a topology spread constraint on the zone. Which nodes pass the PodTopologySpread
 * filter, and what is the skew after it lands? (podtopologyspread/filtering.go)
 *
 * ```
 *   count(z)   = web pods on the nodes of zone z
 *   globalMin  = min over zones of count(z),  or 0 if there are fewer zones than minDomains
 *   node n in zone z passes  ⇔  count(z) + 1 − globalMin ≤ maxSkew
 *   skew after placement in zone z = max(count') − min(count'),  count' = count with z + 1
 * ```
 *
 * `solve` computes this directly; the tests run the PodTopologySpread plugin.
 *
 * Usage: `deno task homework topology-spread --seed 7 [-c]`.
 *
 * @module
 */

import { defineHomework, z } from "@src/exercise/mod.ts";
import { Random } from "@src/sim/mod.ts";

/**
 * A topology-spread problem.
 *
 * @example
 * ```ts
 * import type { TopologySpreadProblem } from "./topology_spread.ts";
 * const p: TopologySpreadProblem = {
 *   zones: ["zone-a", "zone-b"], nodes: [{ name: "a1", zone: "zone-a", webPods: 2 }, { name: "b1", zone: "zone-b", webPods: 0 }],
 *   maxSkew: 1,
 * };
 * ```
 */
export interface TopologySpreadProblem {
  readonly zones: readonly string[];
  readonly nodes: readonly {
    readonly name: string;
    readonly zone: string;
    readonly webPods: number;
  }[];
  readonly maxSkew: number;
  /** Set on some problems: the minimum number of zones before the real minimum counts. */
  readonly minDomains?: number;
}

/**
 * The answer key.
 *
 * @example
 * ```ts
 * import type { TopologySpreadSolution } from "./topology_spread.ts";
 * const s: TopologySpreadSolution = { counts: { "zone-a": 2 }, globalMin: 0, passing: [], placedOn: null, skewAfter: null };
 * ```
 */
export interface TopologySpreadSolution {
  /** Web pods per zone. */
  readonly counts: Readonly<Record<string, number>>;
  /** The global minimum the filter uses. */
  readonly globalMin: number;
  /** Nodes passing the filter, in name order. */
  readonly passing: readonly string[];
  /** The first passing node (the pod's placement for question 3), or null. */
  readonly placedOn: string | null;
  /** The skew across zones after placing the pod there, or null. */
  readonly skewAfter: number | null;
}

const Options = z.object({
  zones: z.union([z.literal(0), z.number().int().min(2).max(5)]).default(0).describe(
    "zones, 2–5; 0: seeded 2–4",
  ),
});

/**
 * Options of the `topology-spread` generator.
 *
 * @example
 * ```ts
 * import type { TopologySpreadOptions } from "./topology_spread.ts";
 * const options: TopologySpreadOptions = { zones: 3 };
 * ```
 */
export type TopologySpreadOptions = z.output<typeof Options>;

function generate(seed: number, options: TopologySpreadOptions): TopologySpreadProblem {
  const random = new Random(seed).fork("topology-spread");
  const zoneCount = options.zones || random.int(2, 4);
  const zones = Array.from({ length: zoneCount }, (_, i) => `zone-${String.fromCharCode(97 + i)}`);
  const nodes = zones.flatMap((zone) =>
    Array.from({ length: random.int(1, 2) }, (_, i) => ({
      name: `${zone.slice(5)}${i + 1}`,
      zone,
      webPods: random.int(0, 3),
    }))
  );
  const maxSkew = random.choice([1, 1, 2]);
  const withMinDomains = random.int(1, 4) === 1;
  return { zones, nodes, maxSkew, ...(withMinDomains ? { minDomains: zoneCount + 1 } : {}) };
}

function solve(problem: TopologySpreadProblem): TopologySpreadSolution {
  const counts: Record<string, number> = Object.fromEntries(problem.zones.map((zone) => [zone, 0]));
  for (const node of problem.nodes) counts[node.zone] += node.webPods;
  let globalMin = Math.min(...Object.values(counts));
  if (problem.minDomains !== undefined && problem.zones.length < problem.minDomains) globalMin = 0;
  const passing = problem.nodes
    .filter((node) => counts[node.zone] + 1 - globalMin <= problem.maxSkew)
    .map((node) => node.name)
    .sort();
  const placedOn = passing[0] ?? null;
  let skewAfter: number | null = null;
  if (placedOn !== null) {
    const zone = problem.nodes.find((n) => n.name === placedOn)!.zone;
    const after = Object.entries(counts).map(([z, c]) => (z === zone ? c + 1 : c));
    skewAfter = Math.max(...after) - Math.min(...after);
  }
  return { counts, globalMin, passing, placedOn, skewAfter };
}

function render(problem: TopologySpreadProblem, solution?: TopologySpreadSolution): string {
  const out = [
    "Web pods (app=web) already run on these nodes:",
    "",
    "  node   zone     web pods",
    ...problem.nodes.map((n) =>
      `  ${n.name.padEnd(6)} ${n.zone.padEnd(8)} ${String(n.webPods).padStart(8)}`
    ),
    "",
    "A new web pod carries:",
    "  topologySpreadConstraints:",
    `  - maxSkew: ${problem.maxSkew}`,
    "    topologyKey: topology.kubernetes.io/zone",
    "    whenUnsatisfiable: DoNotSchedule",
    "    labelSelector: {matchLabels: {app: web}}",
    ...(problem.minDomains === undefined ? [] : [`    minDomains: ${problem.minDomains}`]),
    "",
    "1. How many web pods are in each zone, and what global minimum does the filter use?",
  ];
  if (solution) {
    out.push(
      `   ${
        Object.entries(solution.counts).map(([z, c]) => `${z}: ${c}`).join(", ")
      }; global minimum ${solution.globalMin}` +
        (problem.minDomains === undefined
          ? ""
          : ` (${problem.zones.length} zones < minDomains ${problem.minDomains} → 0)`),
    );
  }
  out.push(
    "2. Which nodes pass the PodTopologySpread filter? (skew = count(zone) + 1 − minimum ≤ maxSkew)",
  );
  if (solution) {
    out.push(
      `   ${
        solution.passing.length === 0 ? "none — the pod stays Pending" : solution.passing.join(", ")
      }`,
    );
  }
  out.push(
    "3. If the pod lands on the first passing node (in name order), what is the skew across zones after?",
  );
  if (solution) {
    out.push(
      solution.placedOn === null
        ? "   no node passes"
        : `   on ${solution.placedOn}: skew ${solution.skewAfter}`,
    );
  }
  return out.join("\n");
}

/**
 * The `topology-spread` homework generator.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { assign } from "@src/exercise/mod.ts";
 * import { topologySpread } from "./topology_spread.ts";
 * const { problem, solution } = assign(topologySpread, { seed: 3 });
 * assert.ok(solution.passing.every((name) => problem.nodes.some((n) => n.name === name)));
 * ```
 */
export const topologySpread = defineHomework({
  name: "topology-spread",
  description: "PodTopologySpread by hand: which nodes pass maxSkew, the skew after placement",
  options: Options,
  generate,
  solve,
  render,
});
