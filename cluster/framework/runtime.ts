/**
 * The framework runtime: a profile instantiated from a registry, running the extension
 * points in order (`pkg/scheduler/framework/runtime/framework.go`: RunPreFilterPlugins,
 * RunFilterPlugins, RunPreScorePlugins, RunScorePlugins).
 *
 * ```
 *   runFilter(node):  plugins in profile order, skipping those whose PreFilter said Skip;
 *                     the first non-Success is the node's verdict (upstream stops there;
 *                     with `all`, every plugin is run and recorded, as the simulator does)
 *   runScore(nodes):  for each scoring plugin not skipped at PreScore:
 *                       raw[n] = score(n);  normalize(raw) if the plugin has NormalizeScore;
 *                       weighted[n] = normalized[n] × weight
 *                     total[n] = Σ weighted[n]
 * ```
 *
 * @module
 */

import type { Pod } from "@cluster/api/mod.ts";
import {
  type AnyPlugin,
  type BindPlugin,
  CycleState,
  type FilterPlugin,
  type Handle,
  MAX_NODE_SCORE,
  type NodeScore,
  type PostFilterPlugin,
  type PostFilterResult,
  type PreFilterPlugin,
  type PreScorePlugin,
  type ReservePlugin,
  type ScorePlugin,
} from "./interface.ts";
import type { NodeInfo } from "./node_info.ts";
import type { Profile, Registry } from "./profile.ts";
import { isSuccess, type Status, SUCCESS } from "./status.ts";

/**
 * One plugin's filter verdict on one node.
 *
 * @example
 * ```ts
 * import type { FilterResult } from "./runtime.ts";
 * const r: FilterResult = { plugin: "NodeResourcesFit", status: { code: "Unschedulable", reasons: ["Insufficient cpu"] } };
 * ```
 */
export interface FilterResult {
  readonly plugin: string;
  readonly status: Status;
}

/**
 * One plugin's score for one node: raw, after NormalizeScore, and × weight.
 *
 * @example
 * ```ts
 * import type { ScoreResult } from "./runtime.ts";
 * const r: ScoreResult = { node: "n1", plugin: "TaintToleration", raw: 1, normalized: 0, weight: 3, weighted: 0 };
 * ```
 */
export interface ScoreResult {
  readonly node: string;
  readonly plugin: string;
  readonly raw: number;
  readonly normalized: number;
  readonly weight: number;
  readonly weighted: number;
}

/**
 * A profile's plugins, ready to run.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { makeNode, makePod } from "@cluster/api/mod.ts";
 * import { CycleState } from "./interface.ts";
 * import { Snapshot } from "./node_info.ts";
 * import { Framework } from "./runtime.ts";
 * const registry = { Half: () => ({ name: "Half", score: () => 50 }) };
 * const framework = new Framework({ name: "p", plugins: [{ name: "Half", weight: 2 }], pluginConfig: {}, percentageOfNodesToScore: 0 }, registry);
 * const snapshot = new Snapshot([makeNode("n1", { cpu: "1" })]);
 * const { totals } = framework.runScore(new CycleState(), makePod("p"), snapshot.nodes, { snapshot });
 * assert.equal(totals.get("n1"), 100);
 * ```
 */
export class Framework {
  /** The profile this framework runs. */
  readonly profile: Profile;
  /** Instantiated plugins by name. */
  readonly plugins: ReadonlyMap<string, AnyPlugin>;
  readonly #weights = new Map<string, number>();
  readonly #preFilter: PreFilterPlugin[] = [];
  readonly #filter: FilterPlugin[] = [];
  readonly #postFilter: PostFilterPlugin[] = [];
  readonly #preScore: PreScorePlugin[] = [];
  readonly #score: ScorePlugin[] = [];
  readonly #reserve: ReservePlugin[] = [];
  readonly #bind: BindPlugin[] = [];

  /** Instantiate every enabled plugin; RangeError for an unknown name or bad weight. */
  constructor(profile: Profile, registry: Registry) {
    this.profile = profile;
    const plugins = new Map<string, AnyPlugin>();
    for (const spec of profile.plugins) {
      const factory = registry[spec.name];
      if (!factory) {
        throw new RangeError(
          `Cannot build profile "${profile.name}": no plugin named "${spec.name}" in the registry ` +
            `(known: ${Object.keys(registry).join(", ")}); register it or fix the name`,
        );
      }
      if (!Number.isInteger(spec.weight) || spec.weight < 0 || spec.weight > MAX_NODE_SCORE) {
        throw new RangeError(
          `Cannot build profile "${profile.name}": weight of ${spec.name} must be an integer 0–100 (got ${spec.weight})`,
        );
      }
      const plugin = factory(profile.pluginConfig[spec.name]);
      plugins.set(spec.name, plugin);
      this.#weights.set(spec.name, spec.weight);
      if (plugin.preFilter) this.#preFilter.push(plugin as PreFilterPlugin);
      if (plugin.filter) this.#filter.push(plugin as FilterPlugin);
      if (plugin.postFilter) this.#postFilter.push(plugin as PostFilterPlugin);
      if (plugin.preScore) this.#preScore.push(plugin as PreScorePlugin);
      // A scoring plugin with weight 0 is enabled for filtering only.
      if (plugin.score && spec.weight > 0) this.#score.push(plugin as ScorePlugin);
      if (plugin.reserve) this.#reserve.push(plugin as ReservePlugin);
      if (plugin.bind) this.#bind.push(plugin as BindPlugin);
    }
    this.plugins = plugins;
  }

  /** True if any plugin scores. */
  get hasScorePlugins(): boolean {
    return this.#score.length > 0;
  }

  /** PreFilter: Skip marks the plugin's Filter as skipped; the first failure ends the cycle. */
  runPreFilter(state: CycleState, pod: Pod, handle: Handle): Status {
    for (const plugin of this.#preFilter) {
      const status = plugin.preFilter(state, pod, handle);
      if (status?.code === "Skip") state.skipFilter.add(plugin.name);
      else if (!isSuccess(status)) return { ...status!, plugin: plugin.name };
    }
    return SUCCESS;
  }

  /**
   * Filter one node: every plugin's verdict (all, or up to the first failure). With `all`,
   * plugins skipped at PreFilter are listed with code Skip.
   */
  runFilter(
    state: CycleState,
    pod: Pod,
    node: NodeInfo,
    handle: Handle,
    all = false,
  ): FilterResult[] {
    const results: FilterResult[] = [];
    for (const plugin of this.#filter) {
      if (state.skipFilter.has(plugin.name)) {
        // PreFilter said Skip: not run. Listed (as Skip) only when explaining.
        if (all) {
          results.push({
            plugin: plugin.name,
            status: { code: "Skip", reasons: [], plugin: plugin.name },
          });
        }
        continue;
      }
      const status = plugin.filter(state, pod, node, handle) ?? SUCCESS;
      results.push({
        plugin: plugin.name,
        status: isSuccess(status) ? SUCCESS : { ...status, plugin: plugin.name },
      });
      if (!isSuccess(status) && !all) break;
    }
    return results;
  }

  /** True if any plugin runs at PostFilter (e.g. DefaultPreemption). */
  get hasPostFilterPlugins(): boolean {
    return this.#postFilter.length > 0;
  }

  /**
   * PostFilter (runtime/framework.go RunPostFilterPlugins): plugins in order until one
   * succeeds; otherwise the last result (its status explains why nothing helped).
   */
  runPostFilter(
    state: CycleState,
    pod: Pod,
    handle: Handle,
    statuses: ReadonlyMap<string, Status>,
  ): PostFilterResult {
    let last: PostFilterResult = { status: { code: "Unschedulable", reasons: [] }, victims: [] };
    for (const plugin of this.#postFilter) {
      const result = plugin.postFilter(state, pod, handle, statuses);
      if (isSuccess(result.status)) return result;
      last = { ...result, status: { ...result.status, plugin: plugin.name } };
      if (result.status.code !== "Unschedulable") return last;
    }
    return last;
  }

  /** PreScore then Score, NormalizeScore, weights; the per-plugin rows and the totals. */
  runScore(
    state: CycleState,
    pod: Pod,
    nodes: readonly NodeInfo[],
    handle: Handle,
  ): { results: ScoreResult[]; totals: Map<string, number> } {
    for (const plugin of this.#preScore) {
      const status = plugin.preScore(state, pod, nodes, handle);
      if (status?.code === "Skip") state.skipScore.add(plugin.name);
    }
    const results: ScoreResult[] = [];
    const totals = new Map(nodes.map((n) => [n.name, 0]));
    for (const plugin of this.#score) {
      if (state.skipScore.has(plugin.name)) continue;
      const raw: NodeScore[] = nodes.map((n) => ({
        name: n.name,
        score: plugin.score(state, pod, n, handle),
      }));
      const normalized = raw.map((s) => ({ ...s }));
      plugin.normalizeScore?.(state, pod, normalized, handle);
      const weight = this.#weights.get(plugin.name)!;
      raw.forEach((s, i) => {
        const weighted = normalized[i].score * weight;
        results.push({
          node: s.name,
          plugin: plugin.name,
          raw: s.score,
          normalized: normalized[i].score,
          weight,
          weighted,
        });
        totals.set(s.name, totals.get(s.name)! + weighted);
      });
    }
    return { results, totals };
  }

  /** Reserve: every Reserve plugin in order; the first failure is returned (the pod is not bound). */
  runReserve(state: CycleState, pod: Pod, nodeName: string, handle: Handle): Status {
    for (const plugin of this.#reserve) {
      const status = plugin.reserve(state, pod, nodeName, handle);
      if (!isSuccess(status)) return { ...status!, plugin: plugin.name };
    }
    return SUCCESS;
  }

  /**
   * Bind: Bind plugins in order until one does not Skip (runtime/framework.go RunBindPlugins).
   * Returns Skip when no plugin bound the pod, so the caller's default binder does it.
   */
  runBind(state: CycleState, pod: Pod, nodeName: string, handle: Handle): Status {
    for (const plugin of this.#bind) {
      const status = plugin.bind(state, pod, nodeName, handle) ?? SUCCESS;
      if (status.code !== "Skip") return { ...status, plugin: plugin.name };
    }
    return { code: "Skip", reasons: [] };
  }
}
