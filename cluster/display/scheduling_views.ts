/**
 * Views of a scheduling decision, kube-scheduler-simulator style: tidy rows from a
 * `ScheduleResult` (who filtered what, who scored what), Plot marks composed by the
 * notebook, and `show…()` helpers for the common charts.
 *
 * ```
 *   filterMatrix(result)   one row per node: { node, <plugin>: "✓" | "✗ reason" | "skip" }
 *   scoreRows(result)      one row per node × plugin: { node, plugin, raw, normalized, weight, weighted, chosen }
 *   scoreBarMarks(rows)    stacked horizontal bars of weighted scores, a total at the end
 *   utilisationMarks(rows) requested / allocatable per node, one facet per resource
 * ```
 *
 * @module
 */

import * as Plot from "@observablehq/plot";
import type { ScheduleResult, UtilisationRow } from "@cluster/scheduler/mod.ts";
import { type Chart, renderPlot } from "@src/display/mod.ts";

/**
 * Plugin colours, stable across charts (Tableau 10).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { PLUGIN_COLORS } from "./scheduling_views.ts";
 * assert.equal(PLUGIN_COLORS.TaintToleration, "#e15759");
 * ```
 */
export const PLUGIN_COLORS: Readonly<Record<string, string>> = Object.freeze({
  NodeResourcesFit: "#4e79a7",
  NodeResourcesBalancedAllocation: "#f28e2b",
  TaintToleration: "#e15759",
  NodeAffinity: "#76b7b2",
  PodTopologySpread: "#59a14f",
  ImageLocality: "#edc948",
  InterPodAffinity: "#b07aa1",
});

/**
 * The filter verdicts as a table: one row per filtered node, one column per plugin.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { makeNode, makePod } from "@cluster/api/mod.ts";
 * import { Scheduler } from "@cluster/scheduler/mod.ts";
 * import { filterMatrix } from "./scheduling_views.ts";
 * const result = new Scheduler([makeNode("n1", { cpu: "1" })], { seed: 1 }).scheduleOne(makePod("p", { cpu: "2" }), { explain: true });
 * assert.equal(filterMatrix(result)[0].NodeResourcesFit, "✗ Insufficient cpu");
 * ```
 */
export function filterMatrix(result: ScheduleResult): Record<string, string>[] {
  const rows = new Map<string, Record<string, string>>();
  for (const r of result.explanation) {
    if (r.stage !== "filter") continue;
    const row = rows.get(r.node) ?? { node: r.node };
    row[r.plugin] = r.code === "Success" ? "✓" : r.code === "Skip" ? "skip" : `✗ ${r.reason}`;
    rows.set(r.node, row);
  }
  return [...rows.values()];
}

/**
 * One row per feasible node and scoring plugin, with the chosen node marked.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { makeNode, makePod } from "@cluster/api/mod.ts";
 * import { Scheduler } from "@cluster/scheduler/mod.ts";
 * import { scoreRows } from "./scheduling_views.ts";
 * const s = new Scheduler([makeNode("a", { cpu: "2", memory: "2Gi" }), makeNode("b", { cpu: "4", memory: "4Gi" })], { seed: 1 });
 * const rows = scoreRows(s.scheduleOne(makePod("p", { cpu: "1", memory: "1Gi" }), { explain: true }));
 * assert.ok(rows.some((r) => r.plugin === "NodeResourcesFit" && r.node === "b" && r.chosen));
 * ```
 */
export function scoreRows(result: ScheduleResult): {
  node: string;
  plugin: string;
  raw: number;
  normalized: number;
  weight: number;
  weighted: number;
  chosen: boolean;
}[] {
  return result.explanation.filter((r) => r.stage === "score").map((r) => ({
    node: r.node,
    plugin: r.plugin,
    raw: r.raw!,
    normalized: r.normalized!,
    weight: r.weight!,
    weighted: r.weighted!,
    chosen: r.node === result.node,
  }));
}

/**
 * Marks for a score breakdown: one stacked bar per node (weighted score by plugin) and
 * the total at its end; the chosen node's label carries a ★.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { scoreBarMarks } from "./scheduling_views.ts";
 * const marks = scoreBarMarks([{ node: "a", plugin: "NodeResourcesFit", raw: 50, normalized: 50, weight: 1, weighted: 50, chosen: true }]);
 * assert.equal(marks.length, 3);
 * ```
 */
export function scoreBarMarks(rows: ReturnType<typeof scoreRows>): Plot.Markish[] {
  const totals = new Map<string, number>();
  for (const r of rows) totals.set(r.node, (totals.get(r.node) ?? 0) + r.weighted);
  const chosen = new Set(rows.filter((r) => r.chosen).map((r) => r.node));
  const totalRows = [...totals].map(([node, total]) => ({
    node,
    total,
    label: `${total}${chosen.has(node) ? " ★" : ""}`,
  }));
  return [
    Plot.barX(rows, {
      x: "weighted",
      y: "node",
      fill: "plugin",
      title: (d: ReturnType<typeof scoreRows>[number]) =>
        `${d.node} · ${d.plugin}: raw ${d.raw} → normalized ${d.normalized} × weight ${d.weight} = ${d.weighted}`,
    }),
    Plot.text(totalRows, {
      x: "total",
      y: "node",
      text: "label",
      dx: 4,
      textAnchor: "start",
      fontSize: 11,
    }),
    Plot.ruleX([0]),
  ];
}

/**
 * The score breakdown chart of one decision.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { makeNode, makePod } from "@cluster/api/mod.ts";
 * import { Scheduler } from "@cluster/scheduler/mod.ts";
 * import { showScores } from "./scheduling_views.ts";
 * const s = new Scheduler([makeNode("a", { cpu: "2", memory: "2Gi" }), makeNode("b", { cpu: "4", memory: "4Gi" })], { seed: 1 });
 * const chart = showScores(s.scheduleOne(makePod("p", { cpu: "1" }), { explain: true }));
 * assert.match(chart.svg, /<svg/);
 * ```
 */
export function showScores(
  result: ScheduleResult,
  options: { title?: string; width?: number } = {},
): Chart {
  const rows = scoreRows(result);
  const nodes = [...new Set(rows.map((r) => r.node))];
  const plugins = [...new Set(rows.map((r) => r.plugin))];
  return renderPlot({
    title: options.title ?? `Where pod ${result.pod} goes: weighted score per plugin (★ chosen)`,
    subtitle: "each plugin's score normalized to 0–100, times its weight in the profile",
    width: options.width ?? 760,
    height: 70 + 28 * nodes.length,
    marginLeft: 90,
    marginRight: 60,
    x: { label: "weighted score (sum over plugins)", grid: true },
    y: { label: null, domain: nodes },
    color: {
      legend: true,
      domain: plugins,
      range: plugins.map((p) => PLUGIN_COLORS[p] ?? "#bab0ac"),
    },
    marks: scoreBarMarks(rows),
  });
}

/**
 * Marks for cluster utilisation: requested / allocatable per node, faceted by resource.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { utilisationMarks } from "./scheduling_views.ts";
 * const marks = utilisationMarks([{ node: "a", resource: "cpu", requested: 1000, allocatable: 4000, fraction: 0.25, pods: 1 }]);
 * assert.equal(marks.length, 2);
 * ```
 */
export function utilisationMarks(
  rows: readonly (UtilisationRow & { profile?: string })[],
): Plot.Markish[] {
  return [
    Plot.barY(rows, {
      x: "node",
      y: (d: UtilisationRow) => 100 * d.fraction,
      fill: "resource",
      fx: "resource",
      ...(rows.some((r) => r.profile !== undefined) ? { fy: "profile" } : {}),
      title: (d: UtilisationRow) =>
        `${d.node} ${d.resource}: ${(100 * d.fraction).toFixed(1)} % (${d.pods} pods)`,
    }),
    Plot.ruleY([0, 100], { stroke: "#999" }),
  ];
}

/**
 * The utilisation chart: one bar per node and resource, one panel row per profile if the
 * rows carry a `profile`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { showUtilisation } from "./scheduling_views.ts";
 * const chart = showUtilisation([{ node: "a", resource: "cpu", requested: 1000, allocatable: 4000, fraction: 0.25, pods: 1 }]);
 * assert.match(chart.svg, /<svg/);
 * ```
 */
export function showUtilisation(
  rows: readonly (UtilisationRow & { profile?: string })[],
  options: { title?: string; width?: number } = {},
): Chart {
  const profiles = new Set(rows.map((r) => r.profile).filter((p) => p !== undefined));
  return renderPlot({
    title: options.title ?? "Requested / allocatable per node",
    width: options.width ?? 760,
    height: 90 + 170 * Math.max(1, profiles.size),
    marginBottom: 45,
    marginRight: profiles.size > 0 ? 170 : 20,
    x: { label: null, tickRotate: -45 },
    y: { label: "requested (% of allocatable)", domain: [0, 100], grid: true },
    fx: { label: null },
    fy: { label: null },
    color: { legend: true, domain: ["cpu", "memory"], range: ["#4e79a7", "#f28e2b"] },
    marks: utilisationMarks(rows),
  });
}
