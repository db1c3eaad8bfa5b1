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
 *   none feasible → PostFilter (DefaultPreemption): evict victims, nominate a node; the pod
 *     stays unscheduled this cycle. Next cycle its nominated node is tried first
 *     (evaluateNominatedNode) and, if it fits, taken without scoring. Other pods of lower or
 *     equal priority see nominated pods as already placed on that node
 *     (RunFilterPluginsWithNominatedPods, first pass only).
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
  type Handle,
  isSuccess,
  NodeInfo,
  type Profile,
  type Registry,
  type ScoreResult,
  Snapshot,
  type Status,
  SUCCESS,
} from "@cluster/framework/mod.ts";
import { IN_TREE_REGISTRY } from "@cluster/plugins/mod.ts";
import { parseOptions, z } from "@src/options/mod.ts";
import { Random } from "@src/sim/mod.ts";
import { fitErrorMessage } from "./fit_error.ts";
import { numFeasibleNodesToFind, selectHost } from "./select_host.ts";

/** "namespace/name": a pod's key. */
function podKey(pod: Pick<Pod, "name" | "namespace">): string {
  return `${pod.namespace}/${pod.name}`;
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
  /** Preemption succeeded: the node nominated for the pod (bound in a later cycle). */
  readonly nominatedNode?: string;
  /** Names of the pods evicted for it. */
  readonly victims?: readonly string[];
  /** Preemption failed: "preemption: 0/N nodes are available: …". */
  readonly preemptionMessage?: string;
  /** PostFilter's per-node rows (DefaultPreemption: PreemptionRow). */
  readonly preemptionRows?: readonly Record<string, unknown>[];
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
  readonly #preemptionRandom: Random;
  readonly #nominated = new Map<string, { pod: Pod; node: string }>();
  #nextStartNodeIndex = 0;
  /** Simulated time (ns): a bound pod's startTime. The queue advances it. */
  now = 0;

  /** A scheduler for these nodes. */
  constructor(nodes: readonly Node[], options: SchedulerOptions) {
    const parsed = parseOptions(Options, options, "create a scheduler");
    this.snapshot = new Snapshot(nodes, parsed.pods);
    this.framework = new Framework(parsed.profile, parsed.registry as Registry);
    this.#random = new Random(parsed.seed).fork("selectHost");
    this.#preemptionRandom = new Random(parsed.seed).fork("preemption");
  }

  /**
   * PostFilter when no node fits (unless `preempt` is false): on success evict the victims
   * and nominate the node (preemption.go PrepareCandidate); the fields to add to the result.
   */
  #postFilter(
    state: CycleState,
    pod: Pod,
    handle: Handle,
    statuses: ReadonlyMap<string, Status>,
    preempt: boolean,
  ): Partial<ScheduleResult> {
    if (!preempt || !this.framework.hasPostFilterPlugins) return {};
    const result = this.framework.runPostFilter(state, pod, handle, statuses);
    const rows = result.rows ? { preemptionRows: result.rows } : {};
    if (!isSuccess(result.status) || result.nominatedNodeName === undefined) {
      return { preemptionMessage: result.status.reasons.join(", "), ...rows };
    }
    for (const victim of result.victims) {
      this.deletePod(victim);
      this.#nominated.delete(podKey(victim));
    }
    this.#nominated.set(podKey(pod), { pod, node: result.nominatedNodeName });
    return {
      nominatedNode: result.nominatedNodeName,
      victims: result.victims.map((v) => v.name),
      ...rows,
    };
  }

  /** Pods nominated to nodes by preemption and not bound yet: pod key → node. */
  get nominations(): ReadonlyMap<string, string> {
    return new Map([...this.#nominated].map(([key, { node }]) => [key, node]));
  }

  /**
   * Delete a pod (eviction, or a cluster event): off its node, and its nomination dropped.
   * Returns the node it ran on, or null if it was not running.
   */
  deletePod(pod: Pick<Pod, "name" | "namespace">): string | null {
    this.#nominated.delete(podKey(pod));
    for (const info of this.snapshot.nodes) {
      if (info.removePod(pod as Pod)) return info.name;
    }
    return null;
  }

  /** Add a node (a cluster event). */
  addNode(node: Node): void {
    this.snapshot.addNode(node);
  }

  /** PreFilter + Filter on one node of `snapshot`: the first failure, or Success. */
  #dryRunFilter(pod: Pod, snapshot: Snapshot, nodeName: string): Status {
    const state = new CycleState();
    const handle = { snapshot };
    const preFilter = this.framework.runPreFilter(state, pod, handle);
    if (!isSuccess(preFilter)) return preFilter;
    const results = this.framework.runFilter(state, pod, snapshot.get(nodeName), handle);
    return results.find((r) => !isSuccess(r.status) && r.status.code !== "Skip")?.status ??
      SUCCESS;
  }

  /** The node as `pod` must see it: plus pods nominated there with priority ≥ pod's. */
  #withNominated(node: NodeInfo, pod: Pod): NodeInfo {
    const extra = [...this.#nominated.entries()]
      .filter(([key, n]) =>
        n.node === node.name && key !== podKey(pod) && n.pod.priority >= pod.priority
      )
      .map(([, n]) => ({ ...n.pod, nodeName: node.name }));
    return extra.length === 0 ? node : new NodeInfo(node.node, [...node.pods, ...extra]);
  }

  /**
   * Run one cycle for `pod`; bind it if a node was found (unless `bind: false`). If no node
   * fits, PostFilter (preemption) runs unless `preempt: false` (default: the value of `bind`,
   * so a dry run never evicts anything).
   */
  scheduleOne(
    pod: Pod,
    options: { explain?: boolean; bind?: boolean; preempt?: boolean } = {},
  ): ScheduleResult {
    const explain = options.explain ?? false;
    const all = this.snapshot.nodes;
    const handle: Handle = {
      snapshot: this.snapshot,
      dryRunFilter: (p, s, n) => this.#dryRunFilter(p, s, n),
      random: this.#preemptionRandom,
    };
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
      const statuses = new Map(all.map((n) => [n.name, preFilter]));
      return {
        pod: pod.name,
        node: null,
        evaluatedNodes: all.length,
        feasibleNodes: 0,
        totals: [],
        explanation,
        message: fitErrorMessage(all.length, [], preFilter),
        ...this.#postFilter(state, pod, handle, statuses, options.preempt ?? options.bind ?? true),
      };
    }
    const wanted = numFeasibleNodesToFind(
      this.framework.profile.percentageOfNodesToScore,
      all.length,
    );
    const feasible = [];
    const failed: Status[] = [];
    const statuses = new Map<string, Status>();
    let processed = 0;
    // evaluateNominatedNode: a pod that preempted tries its nominated node first.
    const nomination = this.#nominated.get(podKey(pod));
    if (nomination) {
      const node = this.snapshot.get(nomination.node);
      const results = this.framework.runFilter(state, pod, this.#withNominated(node, pod), handle);
      if (!results.some((r) => !isSuccess(r.status) && r.status.code !== "Skip")) {
        feasible.push(node);
      }
    }
    const viaNomination = feasible.length > 0;
    for (let i = 0; !viaNomination && i < all.length && feasible.length < wanted; i++) {
      const node = all[(this.#nextStartNodeIndex + i) % all.length];
      const results = this.framework.runFilter(
        state,
        pod,
        this.#withNominated(node, pod),
        handle,
        explain,
      );
      processed++;
      const failure = results.find((r) => !isSuccess(r.status) && r.status.code !== "Skip");
      if (failure) {
        failed.push(failure.status);
        statuses.set(node.name, failure.status);
      } else feasible.push(node);
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
    const base = {
      pod: pod.name,
      evaluatedNodes: viaNomination ? 1 : processed,
      feasibleNodes: feasible.length,
    };
    if (feasible.length === 0) {
      return {
        ...base,
        node: null,
        totals: [],
        explanation,
        message: fitErrorMessage(all.length, failed),
        ...this.#postFilter(state, pod, handle, statuses, options.preempt ?? options.bind ?? true),
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
      this.snapshot.get(chosen).addPod({
        ...pod,
        nodeName: chosen,
        startTime: pod.startTime ?? this.now,
      });
      this.#nominated.delete(podKey(pod));
    }
    return { ...base, node: chosen, totals, explanation };
  }
}
