/**
 * The extension points of a scheduling cycle, one small interface each, after
 * `staging/src/k8s.io/kube-scheduler/framework/interface.go`. A plugin is an object
 * with a `name` and the methods of the points it implements.
 *
 * ```
 *   queue ─▶ PreFilter ─▶ Filter (per node) ─▶ PostFilter (if none fit)
 *            ─▶ PreScore ─▶ Score (per node) ─▶ NormalizeScore ─▶ × weight, Σ
 *            ─▶ selectHost ─▶ Reserve ─▶ Permit ─▶ Bind
 * ```
 *
 * `CycleState` is the scratch space of one cycle: PreFilter/PreScore write, Filter/Score
 * read (upstream `CycleState.Write/Read`).
 *
 * @module
 */

import type { Pod } from "@cluster/api/mod.ts";
import type { Random } from "@src/sim/mod.ts";
import type { NodeInfo, Snapshot } from "./node_info.ts";
import type { Status } from "./status.ts";

/**
 * framework `MaxNodeScore`: the top of every plugin's normalized score.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { MAX_NODE_SCORE } from "./interface.ts";
 * assert.equal(MAX_NODE_SCORE, 100);
 * ```
 */
export const MAX_NODE_SCORE = 100;
/**
 * framework `MinNodeScore`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { MIN_NODE_SCORE } from "./interface.ts";
 * assert.equal(MIN_NODE_SCORE, 0);
 * ```
 */
export const MIN_NODE_SCORE = 0;

/**
 * Per-cycle scratch space, keyed by plugin-chosen strings.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { CycleState } from "./interface.ts";
 * const state = new CycleState();
 * state.write("PreScoreX", { n: 1 });
 * assert.deepEqual(state.read("PreScoreX"), { n: 1 });
 * ```
 */
export class CycleState {
  readonly #data = new Map<string, unknown>();
  /** Plugins whose PreFilter/PreScore returned Skip. */
  readonly skipFilter: Set<string> = new Set();
  /** Plugins whose PreScore returned Skip. */
  readonly skipScore: Set<string> = new Set();
  /** Store a value. */
  write(key: string, value: unknown): void {
    this.#data.set(key, value);
  }
  /** Read a value (undefined when absent). */
  read<T>(key: string): T | undefined {
    return this.#data.get(key) as T | undefined;
  }
}

/**
 * What every extension point receives besides the pod: the cycle's snapshot.
 *
 * @example
 * ```ts
 * import type { Handle } from "./interface.ts";
 * const uses = (handle: Handle) => handle.snapshot.nodes.length;
 * ```
 */
export interface Handle {
  readonly snapshot: Snapshot;
  /**
   * Run PreFilter and Filter for `pod` on one node of another snapshot (a copy with some
   * pods removed): preemption's dry run (`RunFilterPluginsWithNominatedPods`). Set by the
   * scheduler; absent in unit tests of single plugins.
   */
  readonly dryRunFilter?: (pod: Pod, snapshot: Snapshot, nodeName: string) => Status;
  /** Seeded randomness for plugins that need it (preemption's start offset). */
  readonly random?: Random;
}

/** Every plugin has a name. @example
 * ```ts
 * import type { Plugin } from "./interface.ts";
 * const plugin: Plugin = { name: "Noop" };
 * ```
 */
export interface Plugin {
  readonly name: string;
}

/** PreFilter: once per cycle before filtering; may return Skip, or Unschedulable for all nodes.
 * @example
 * ```ts
 * import type { PreFilterPlugin } from "./interface.ts";
 * const p: PreFilterPlugin = { name: "X", preFilter: () => null };
 * ```
 */
export interface PreFilterPlugin extends Plugin {
  preFilter(state: CycleState, pod: Pod, handle: Handle): Status | null;
}

/** Filter: can the pod run on this node? Success or a reasoned Unschedulable.
 * @example
 * ```ts
 * import type { FilterPlugin } from "./interface.ts";
 * const p: FilterPlugin = { name: "X", filter: () => null };
 * ```
 */
export interface FilterPlugin extends Plugin {
  filter(state: CycleState, pod: Pod, node: NodeInfo, handle?: Handle): Status | null;
}

/**
 * What a PostFilter plugin returns (`PostFilterResult`): Success with the node to nominate
 * and the pods evicted for it, or why nothing helps. `rows` are tidy rows for charts.
 *
 * @example
 * ```ts
 * import type { PostFilterResult } from "./interface.ts";
 * const r: PostFilterResult = { status: { code: "Unschedulable", reasons: ["no victims"] }, victims: [] };
 * ```
 */
export interface PostFilterResult {
  readonly status: Status;
  readonly nominatedNodeName?: string;
  readonly victims: readonly Pod[];
  readonly rows?: readonly Record<string, unknown>[];
}

/** PostFilter: runs only when no node passed Filter, with each node's failed status
 * (e.g. DefaultPreemption).
 * @example
 * ```ts
 * import type { PostFilterPlugin } from "./interface.ts";
 * const p: PostFilterPlugin = { name: "X", postFilter: () => ({ status: { code: "Unschedulable", reasons: [] }, victims: [] }) };
 * ```
 */
export interface PostFilterPlugin extends Plugin {
  postFilter(
    state: CycleState,
    pod: Pod,
    handle: Handle,
    statuses: ReadonlyMap<string, Status>,
  ): PostFilterResult;
}

/** PreScore: once per cycle with the feasible nodes; may return Skip.
 * @example
 * ```ts
 * import type { PreScorePlugin } from "./interface.ts";
 * const p: PreScorePlugin = { name: "X", preScore: () => null };
 * ```
 */
export interface PreScorePlugin extends Plugin {
  preScore(state: CycleState, pod: Pod, nodes: readonly NodeInfo[], handle: Handle): Status | null;
}

/**
 * A node's score from one plugin (`NodeScore`).
 *
 * @example
 * ```ts
 * import type { NodeScore } from "./interface.ts";
 * const s: NodeScore = { name: "n1", score: 42 };
 * ```
 */
export interface NodeScore {
  readonly name: string;
  score: number;
}

/** Score: an integer per feasible node; NormalizeScore (optional) rescales the list to 0–100.
 * @example
 * ```ts
 * import type { ScorePlugin } from "./interface.ts";
 * const p: ScorePlugin = { name: "X", score: () => 50 };
 * ```
 */
export interface ScorePlugin extends Plugin {
  score(state: CycleState, pod: Pod, node: NodeInfo, handle?: Handle): number;
  normalizeScore?(state: CycleState, pod: Pod, scores: NodeScore[], handle?: Handle): void;
}

/** Reserve: the chosen node is about to be taken (e.g. assume volumes).
 * @example
 * ```ts
 * import type { ReservePlugin } from "./interface.ts";
 * const p: ReservePlugin = { name: "X", reserve: () => null };
 * ```
 */
export interface ReservePlugin extends Plugin {
  reserve(state: CycleState, pod: Pod, nodeName: string, handle: Handle): Status | null;
}

/** Bind: write the decision (here: place the pod on the node in the snapshot).
 * @example
 * ```ts
 * import type { BindPlugin } from "./interface.ts";
 * const p: BindPlugin = { name: "X", bind: () => null };
 * ```
 */
export interface BindPlugin extends Plugin {
  bind(state: CycleState, pod: Pod, nodeName: string, handle: Handle): Status | null;
}

/**
 * Any plugin: a name and any subset of the extension points.
 *
 * @example
 * ```ts
 * import type { AnyPlugin } from "./interface.ts";
 * const p: AnyPlugin = { name: "Constant", score: () => 7 };
 * ```
 */
export type AnyPlugin =
  & Plugin
  & Partial<
    & Omit<PreFilterPlugin, "name">
    & Omit<FilterPlugin, "name">
    & Omit<PostFilterPlugin, "name">
    & Omit<PreScorePlugin, "name">
    & Omit<ScorePlugin, "name">
    & Omit<ReservePlugin, "name">
    & Omit<BindPlugin, "name">
  >;
