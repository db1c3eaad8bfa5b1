/**
 * One scheduling cycle, after `pkg/scheduler/schedule_one.go`: find feasible nodes
 * (sampling a share of a big cluster), score them, pick the best, bind.
 *
 * ```
 *   scheduleOne(pod)
 *     PreFilter                          failure → "0/N nodes are available: <msg>."
 *     k = numFeasibleNodesToFind(N)      adaptive sampling, below
 *     Filter nodes[(start + i) mod N], i = 0, 1, … until k feasible or all tried
 *     start = (start + nodes tried) mod N             round robin across cycles
 *     none feasible → "0/N nodes are available: 3 Insufficient cpu, …."
 *     one feasible  → it, without scoring
 *     PreScore, Score, NormalizeScore, × weight, Σ → total per node
 *     selectHost: the highest total; ties broken by reservoir sampling (seeded)
 *     Reserve, Bind plugins (if any); then the pod is placed on the node (NodeInfo.addPod)
 *
 *   numFeasibleNodesToFind(N):                 (minFeasibleNodesToFind = 100)
 *     N < 100 → N
 *     p = percentageOfNodesToScore, or if 0: 50 − N/125 (integer), at least 5
 *     max(100, N × p / 100)
 * ```
 *
 * Every cycle can be explained, kube-scheduler-simulator style: per node and plugin, the
 * filter verdict and reason, the raw, normalized and weighted score.
 *
 * @module
 */

import type { Node, Pod } from "@cluster/api/mod.ts";
import {
  CycleState,
  DEFAULT_PROFILE,
  Framework,
  isSuccess,
  type Profile,
  type Registry,
  type ScoreResult,
  Snapshot,
  type Status,
} from "@cluster/framework/mod.ts";
import { IN_TREE_REGISTRY } from "@cluster/plugins/mod.ts";
import { parseOptions, z } from "@src/options/mod.ts";
import { Random } from "@src/sim/mod.ts";
import { fitErrorMessage } from "./fit_error.ts";

/**
 * schedule_one.go `minFeasibleNodesToFind`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { MIN_FEASIBLE_NODES_TO_FIND } from "./schedule_one.ts";
 * assert.equal(MIN_FEASIBLE_NODES_TO_FIND, 100);
 * ```
 */
export const MIN_FEASIBLE_NODES_TO_FIND = 100;
/**
 * schedule_one.go `minFeasibleNodesPercentageToFind`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND } from "./schedule_one.ts";
 * assert.equal(MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND, 5);
 * ```
 */
export const MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND = 5;

/**
 * How many feasible nodes to find before scoring (schedule_one.go `numFeasibleNodesToFind`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { numFeasibleNodesToFind } from "./schedule_one.ts";
 * assert.equal(numFeasibleNodesToFind(0, 50), 50);      // small clusters: all
 * assert.equal(numFeasibleNodesToFind(0, 500), 230);    // 50 − 500/125 = 46 %
 * assert.equal(numFeasibleNodesToFind(0, 5000), 500);   // 50 − 40 = 10 %
 * assert.equal(numFeasibleNodesToFind(0, 6000), 300);   // floor of 5 %
 * ```
 */
export function numFeasibleNodesToFind(
  percentageOfNodesToScore: number,
  numAllNodes: number,
): number {
  if (numAllNodes < MIN_FEASIBLE_NODES_TO_FIND) return numAllNodes;
  let percentage = percentageOfNodesToScore;
  if (percentage === 0) {
    percentage = 50 - Math.trunc(numAllNodes / 125);
    if (percentage < MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND) {
      percentage = MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND;
    }
  }
  const numNodes = Math.trunc((numAllNodes * percentage) / 100);
  return numNodes < MIN_FEASIBLE_NODES_TO_FIND ? MIN_FEASIBLE_NODES_TO_FIND : numNodes;
}

/**
 * selectHost: the node with the highest total; among ties each is equally likely
 * (reservoir sampling: the k-th tie replaces the choice with probability 1/k).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Random } from "@src/sim/mod.ts";
 * import { selectHost } from "./schedule_one.ts";
 * assert.equal(selectHost([{ node: "a", total: 10 }, { node: "b", total: 30 }], new Random(1)), "b");
 * ```
 */
export function selectHost(
  totals: readonly { node: string; total: number }[],
  random: Random,
): string {
  if (totals.length === 0) {
    throw new RangeError("selectHost needs at least one scored node (empty priority list)");
  }
  let selected = totals[0].node;
  let maxScore = totals[0].total;
  let ties = 1;
  for (const { node, total } of totals.slice(1)) {
    if (total > maxScore) {
      maxScore = total;
      selected = node;
      ties = 1;
    } else if (total === maxScore) {
      ties++;
      if (random.int(0, ties - 1) === 0) selected = node; // replace with probability 1/ties
    }
  }
  return selected;
}

/**
 * One row of an explanation: a plugin's verdict (filter) or score on one node.
 *
 * @example
 * ```ts
 * import type { ExplanationRow } from "./schedule_one.ts";
 * const row: ExplanationRow = { node: "n1", plugin: "NodeResourcesFit", stage: "filter", code: "Unschedulable", reason: "Insufficient cpu" };
 * ```
 */
export interface ExplanationRow {
  readonly node: string;
  readonly plugin: string;
  readonly stage: "filter" | "score";
  readonly code?: string;
  readonly reason?: string;
  readonly raw?: number;
  readonly normalized?: number;
  readonly weight?: number;
  readonly weighted?: number;
}

/**
 * What one cycle decided, and why.
 *
 * @example
 * ```ts
 * import type { ScheduleResult } from "./schedule_one.ts";
 * const r: ScheduleResult = { pod: "web", node: "n1", evaluatedNodes: 3, feasibleNodes: 2, totals: [], explanation: [] };
 * ```
 */
export interface ScheduleResult {
  readonly pod: string;
  /** The chosen node, or null if none fits. */
  readonly node: string | null;
  /** Nodes filtered this cycle. */
  readonly evaluatedNodes: number;
  /** Of those, how many passed every filter. */
  readonly feasibleNodes: number;
  /** Total score per feasible node (empty when only one was feasible). */
  readonly totals: readonly { node: string; total: number }[];
  /** Per node, per plugin rows (with `explain`; filter rows only for nodes that were filtered). */
  readonly explanation: readonly ExplanationRow[];
  /** For an unschedulable pod: "0/N nodes are available: …". */
  readonly message?: string;
}

const Options = z.object({
  seed: z.union([z.number().int(), z.string().min(1)]).describe("seed for tie-breaking"),
  profile: z.custom<Profile>((v) => typeof v === "object" && v !== null && "plugins" in v, {
    message: "expected a Profile (see DEFAULT_PROFILE)",
  }).default(DEFAULT_PROFILE),
  registry: z.record(z.string(), z.custom<Registry[string]>((v) => typeof v === "function"))
    .default(IN_TREE_REGISTRY),
  pods: z.array(z.custom<Pod>((v) => typeof v === "object" && v !== null && "containers" in v))
    .default([]),
}).strict();

/**
 * Options of {@link Scheduler}.
 *
 * @example
 * ```ts
 * import type { SchedulerOptions } from "./schedule_one.ts";
 * const options: SchedulerOptions = { seed: 1 };
 * ```
 */
export interface SchedulerOptions {
  /** Seed of the tie-breaking random numbers (required: same seed, same placements). */
  seed: number | string;
  /** The profile. @default DEFAULT_PROFILE */
  profile?: Profile;
  /** Plugin factories. @default IN_TREE_REGISTRY */
  registry?: Registry;
  /** Pods already running, placed by their nodeName. @default [] */
  pods?: Pod[];
}

/**
 * A scheduler over a cluster: it keeps the cluster state, the round-robin start index and
 * the seeded random source across cycles.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { makeNode, makePod } from "@cluster/api/mod.ts";
 * import { Scheduler } from "./schedule_one.ts";
 * const scheduler = new Scheduler([makeNode("small", { cpu: "1", memory: "1Gi" }), makeNode("big", { cpu: "8", memory: "16Gi" })], { seed: 1 });
 * assert.equal(scheduler.scheduleOne(makePod("web", { cpu: "2", memory: "1Gi" })).node, "big");
 * assert.equal(scheduler.scheduleOne(makePod("huge", { cpu: "64" })).message, "0/2 nodes are available: 2 Insufficient cpu.");
 * ```
 */
export class Scheduler {
  /** The cluster's current state. */
  readonly snapshot: Snapshot;
  /** The profile's plugins. */
  readonly framework: Framework;
  readonly #random: Random;
  #nextStartNodeIndex = 0;

  /** A scheduler for these nodes. */
  constructor(nodes: readonly Node[], options: SchedulerOptions) {
    const parsed = parseOptions(Options, options, "create a scheduler");
    this.snapshot = new Snapshot(nodes, parsed.pods);
    this.framework = new Framework(parsed.profile, parsed.registry as Registry);
    this.#random = new Random(parsed.seed).fork("selectHost");
  }

  /** Run one cycle for `pod`; bind it if a node was found (unless `bind: false`). */
  scheduleOne(pod: Pod, options: { explain?: boolean; bind?: boolean } = {}): ScheduleResult {
    const explain = options.explain ?? false;
    const all = this.snapshot.nodes;
    const handle = { snapshot: this.snapshot };
    const state = new CycleState();
    const explanation: ExplanationRow[] = [];
    if (all.length === 0) {
      return {
        pod: pod.name,
        node: null,
        evaluatedNodes: 0,
        feasibleNodes: 0,
        totals: [],
        explanation,
        message: "no nodes available to schedule pods",
      };
    }
    const preFilter = this.framework.runPreFilter(state, pod, handle);
    if (!isSuccess(preFilter)) {
      return {
        pod: pod.name,
        node: null,
        evaluatedNodes: all.length,
        feasibleNodes: 0,
        totals: [],
        explanation,
        message: fitErrorMessage(all.length, [], preFilter),
      };
    }
    const wanted = numFeasibleNodesToFind(
      this.framework.profile.percentageOfNodesToScore,
      all.length,
    );
    const feasible = [];
    const failed: Status[] = [];
    let processed = 0;
    for (let i = 0; i < all.length && feasible.length < wanted; i++) {
      const node = all[(this.#nextStartNodeIndex + i) % all.length];
      const results = this.framework.runFilter(state, pod, node, handle, explain);
      processed++;
      const failure = results.find((r) => !isSuccess(r.status) && r.status.code !== "Skip");
      if (failure) failed.push(failure.status);
      else feasible.push(node);
      if (explain) {
        for (const r of results) {
          explanation.push({
            node: node.name,
            plugin: r.plugin,
            stage: "filter",
            code: r.status.code,
            reason: r.status.reasons.join(", "),
          });
        }
      }
    }
    this.#nextStartNodeIndex = (this.#nextStartNodeIndex + processed) % all.length;
    const base = { pod: pod.name, evaluatedNodes: processed, feasibleNodes: feasible.length };
    if (feasible.length === 0) {
      return {
        ...base,
        node: null,
        totals: [],
        explanation,
        message: fitErrorMessage(all.length, failed),
      };
    }
    let chosen: string;
    let totals: { node: string; total: number }[] = [];
    if (feasible.length === 1) chosen = feasible[0].name;
    else {
      let results: ScoreResult[] = [];
      if (this.framework.hasScorePlugins) {
        const scored = this.framework.runScore(state, pod, feasible, handle);
        results = scored.results;
        totals = feasible.map((n) => ({ node: n.name, total: scored.totals.get(n.name)! }));
      } else totals = feasible.map((n) => ({ node: n.name, total: 1 }));
      if (explain) { for (const r of results) explanation.push({ ...r, stage: "score" }); }
      chosen = selectHost(totals, this.#random);
    }
    if (options.bind ?? true) {
      // Reserve, then Bind; with no Bind plugin (or all Skip) the scheduler's default
      // binder (DefaultBinder upstream) places the pod on the node in the snapshot.
      const reserve = this.framework.runReserve(state, pod, chosen, handle);
      if (!isSuccess(reserve)) {
        return {
          ...base,
          node: null,
          totals,
          explanation,
          message: `reserve failed: ${reserve.plugin}: ${reserve.reasons.join(", ")}`,
        };
      }
      const bound = this.framework.runBind(state, pod, chosen, handle);
      if (bound.code !== "Skip" && !isSuccess(bound)) {
        return {
          ...base,
          node: null,
          totals,
          explanation,
          message: `binding rejected: ${bound.plugin}: ${bound.reasons.join(", ")}`,
        };
      }
      this.snapshot.get(chosen).addPod({ ...pod, nodeName: chosen });
    }
    return { ...base, node: chosen, totals, explanation };
  }
}
