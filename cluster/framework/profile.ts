/**
 * Profiles and the plugin registry. A registry maps plugin names to factories; a profile
 * says which plugins run, in which order, with which score weight and arguments. The
 * default profile is upstream's (`pkg/scheduler/apis/config/v1/default_plugins.go`,
 * `getDefaultPlugins`), restricted to the plugins this model has:
 *
 * ```
 *   plugin                            filter  score weight   (default_plugins.go)
 *   NodeUnschedulable                  ✓
 *   NodeName                           ✓
 *   TaintToleration                    ✓       3
 *   NodeAffinity                       ✓       2
 *   NodePorts                          ✓
 *   NodeResourcesFit                   ✓       1   (LeastAllocated on cpu:1, memory:1)
 *   PodTopologySpread                  ✓       2
 *   InterPodAffinity                   ✓       2
 *   DefaultPreemption                  (PostFilter: runs only when no node fits)
 *   NodeResourcesBalancedAllocation            1
 *   ImageLocality                              1
 *   (not modelled: SchedulingGates, PrioritySort as the queue's order, Volume*,
 *    DefaultBinder as the scheduler's bind)
 * ```
 *
 * @module
 */

import type { AnyPlugin } from "./interface.ts";

/**
 * Makes a plugin from its arguments (`PluginFactory`).
 *
 * @example
 * ```ts
 * import type { PluginFactory } from "./profile.ts";
 * const constant: PluginFactory = () => ({ name: "Constant", score: () => 10 });
 * ```
 */
export type PluginFactory = (args: unknown) => AnyPlugin;

/**
 * Plugin name → factory.
 *
 * @example
 * ```ts
 * import type { Registry } from "./profile.ts";
 * const registry: Registry = { Constant: () => ({ name: "Constant", score: () => 10 }) };
 * ```
 */
export type Registry = Readonly<Record<string, PluginFactory>>;

/**
 * One enabled plugin: its name and score weight (ignored for plugins that do not score).
 *
 * @example
 * ```ts
 * import type { PluginSpec } from "./profile.ts";
 * const spec: PluginSpec = { name: "TaintToleration", weight: 3 };
 * ```
 */
export interface PluginSpec {
  readonly name: string;
  readonly weight: number;
}

/**
 * A scheduling profile (`KubeSchedulerProfile`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { DEFAULT_PROFILE } from "./profile.ts";
 * assert.equal(DEFAULT_PROFILE.plugins.find((p) => p.name === "TaintToleration")!.weight, 3);
 * ```
 */
export interface Profile {
  readonly name: string;
  /** Enabled plugins in the order they run. */
  readonly plugins: readonly PluginSpec[];
  /** Plugin name → arguments passed to its factory. */
  readonly pluginConfig: Readonly<Record<string, unknown>>;
  /** Percentage of nodes to score; 0 = adaptive (schedule_one.go). */
  readonly percentageOfNodesToScore: number;
}

/** The default plugins and weights of default_plugins.go (the modelled subset). @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { DEFAULT_PLUGINS } from "./profile.ts";
 * assert.equal(DEFAULT_PLUGINS.length, 11);
 * ```
 */
export const DEFAULT_PLUGINS: readonly PluginSpec[] = Object.freeze([
  { name: "NodeUnschedulable", weight: 0 },
  { name: "NodeName", weight: 0 },
  { name: "TaintToleration", weight: 3 },
  { name: "NodeAffinity", weight: 2 },
  { name: "NodePorts", weight: 0 },
  { name: "NodeResourcesFit", weight: 1 },
  { name: "PodTopologySpread", weight: 2 },
  { name: "InterPodAffinity", weight: 2 },
  { name: "DefaultPreemption", weight: 0 },
  { name: "NodeResourcesBalancedAllocation", weight: 1 },
  { name: "ImageLocality", weight: 1 },
]);

/** The "default-scheduler" profile. @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { DEFAULT_PROFILE } from "./profile.ts";
 * assert.equal(DEFAULT_PROFILE.name, "default-scheduler");
 * ```
 */
export const DEFAULT_PROFILE: Profile = Object.freeze({
  name: "default-scheduler",
  plugins: DEFAULT_PLUGINS,
  pluginConfig: {},
  percentageOfNodesToScore: 0,
});

/**
 * A profile derived from another: change weights, plugin arguments, add or drop plugins.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { DEFAULT_PROFILE, withPlugins } from "./profile.ts";
 * const pack = withPlugins(DEFAULT_PROFILE, {
 *   name: "bin-packing",
 *   pluginConfig: { NodeResourcesFit: { scoringStrategy: { type: "MostAllocated" } } },
 *   disable: ["NodeResourcesBalancedAllocation"],
 * });
 * assert.ok(!pack.plugins.some((p) => p.name === "NodeResourcesBalancedAllocation"));
 * ```
 */
export function withPlugins(
  base: Profile,
  options: {
    name?: string;
    weights?: Record<string, number>;
    pluginConfig?: Record<string, unknown>;
    enable?: PluginSpec[];
    disable?: string[];
    percentageOfNodesToScore?: number;
  },
): Profile {
  const disabled = new Set(options.disable ?? []);
  const plugins = [...base.plugins, ...(options.enable ?? [])]
    .filter((p) => !disabled.has(p.name))
    .map((p) => ({ name: p.name, weight: options.weights?.[p.name] ?? p.weight }));
  return {
    name: options.name ?? base.name,
    plugins,
    pluginConfig: { ...base.pluginConfig, ...(options.pluginConfig ?? {}) },
    percentageOfNodesToScore: options.percentageOfNodesToScore ?? base.percentageOfNodesToScore,
  };
}
