/**
 * Views of preemption and of the scheduling queue over time: tidy rows and `show…()` charts.
 *
 * ```
 *   podStackRows(scheduler, extra)  one row per pod: { node, pod, priority, cpu, state }
 *                                   state: running | evicted | nominated (the preemptor)
 *   showPodStacks(rows)             per node, the pods' cpu requests stacked, coloured by state
 *   showQueueTimeline(rows)         per pod, its queue events over time (QueueRow from the queue)
 * ```
 *
 * @module
 */

import * as Plot from "@observablehq/plot";
import { type Pod, podRequests } from "@cluster/api/mod.ts";
import type { QueueRow, Scheduler } from "@cluster/scheduler/mod.ts";
import { type Chart, renderPlot } from "@src/display/mod.ts";

/**
 * One pod's cpu on a node, for the stacked chart.
 *
 * @example
 * ```ts
 * import type { PodStackRow } from "./queue_views.ts";
 * const row: PodStackRow = { node: "n1", pod: "web", priority: 0, cpu: 0.5, state: "running" };
 * ```
 */
export interface PodStackRow {
  readonly node: string;
  readonly pod: string;
  readonly priority: number;
  /** Requested cpu in cores. */
  readonly cpu: number;
  readonly state: "running" | "evicted" | "nominated";
}

/**
 * The pods on every node, plus evicted pods and a nominated preemptor if given.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { makeNode, makePod } from "@cluster/api/mod.ts";
 * import { Scheduler } from "@cluster/scheduler/mod.ts";
 * import { podStackRows } from "./queue_views.ts";
 * const scheduler = new Scheduler([makeNode("n1", { cpu: "2" })], { seed: 1, pods: [makePod("a", { cpu: "1", nodeName: "n1" })] });
 * assert.deepEqual(podStackRows(scheduler).map((r) => [r.pod, r.cpu, r.state]), [["a", 1, "running"]]);
 * ```
 */
export function podStackRows(
  scheduler: Scheduler,
  extra: {
    /** Pods evicted, with the node they ran on. @default [] */
    evicted?: readonly (Pod & { nodeName?: string })[];
    /** The preemptor and its nominated node. */
    nominated?: { pod: Pod; node: string };
  } = {},
): PodStackRow[] {
  const cpu = (pod: Pod) => (podRequests(pod).cpu ?? 0) / 1000;
  const rows: PodStackRow[] = scheduler.snapshot.nodes.flatMap((info) =>
    info.pods.map((pod) => ({
      node: info.name,
      pod: pod.name,
      priority: pod.priority,
      cpu: cpu(pod),
      state: "running" as const,
    }))
  );
  for (const pod of extra.evicted ?? []) {
    rows.push({
      node: pod.nodeName ?? "?",
      pod: pod.name,
      priority: pod.priority,
      cpu: cpu(pod),
      state: "evicted",
    });
  }
  if (extra.nominated) {
    const { pod, node } = extra.nominated;
    rows.push({ node, pod: pod.name, priority: pod.priority, cpu: cpu(pod), state: "nominated" });
  }
  return rows;
}

const STATE_COLORS = { running: "#4e79a7", evicted: "#e15759", nominated: "#59a14f" };

/**
 * Stacked cpu per node, one segment per pod, labelled "name (priority)".
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { showPodStacks } from "./queue_views.ts";
 * const chart = showPodStacks([{ node: "n1", pod: "a", priority: 0, cpu: 1, state: "running" }]);
 * assert.match(chart.svg, /<svg/);
 * ```
 */
export function showPodStacks(
  rows: readonly PodStackRow[],
  options: { title?: string; width?: number; capacity?: number } = {},
): Chart {
  const label = (d: PodStackRow) => `${d.pod} (${d.priority})`;
  return renderPlot({
    title: options.title ?? "Pods per node (cpu requests), by state",
    subtitle: "each segment: pod (priority)" +
      (options.capacity === undefined ? "" : "; dashed line: the node's allocatable cpu"),
    width: options.width ?? 760,
    height: 320,
    marginLeft: 60,
    x: { label: null },
    y: { label: "cpu requested (cores)", grid: true },
    color: {
      legend: true,
      domain: Object.keys(STATE_COLORS),
      range: Object.values(STATE_COLORS),
    },
    marks: [
      Plot.barY(rows, {
        x: "node",
        y: "cpu",
        fill: "state",
        stroke: "white",
        title: label,
      }),
      Plot.text(
        rows,
        Plot.stackY({ x: "node", y: "cpu", text: label, fill: "white", fontSize: 10 }),
      ),
      ...(options.capacity === undefined
        ? []
        : [Plot.ruleY([options.capacity], { stroke: "#333", strokeDasharray: "4 3" })]),
      Plot.ruleY([0]),
    ],
  });
}

const EVENT_COLORS: Record<string, string> = {
  arrive: "#bab0ab",
  attempt: "#e15759",
  bound: "#59a14f",
  nominated: "#edc948",
  evicted: "#b07aa1",
  backoff: "#f28e2b",
  unschedulable: "#9c755f",
  activate: "#76b7b2",
  deleted: "#333333",
};

/**
 * Plot marks of a queue timeline: a dot per pod event (x = seconds), a line per pod.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { queueTimelineMarks } from "./queue_views.ts";
 * assert.equal(queueTimelineMarks([]).length, 3);
 * ```
 */
export function queueTimelineMarks(
  rows: readonly QueueRow[],
  events: readonly string[] = ["arrive", "attempt", "bound", "nominated", "evicted"],
): Plot.Markish[] {
  const shown = rows.filter((r) => events.includes(r.event));
  // Preemption events (nominated, evicted) are rings, so the attempt or arrival at the same
  // instant stays visible inside them.
  const ring = (r: QueueRow) => r.event === "nominated" || r.event === "evicted";
  const x = (d: QueueRow) => d.t / 1e9;
  const title = (d: QueueRow) =>
    `${d.pod} ${d.event} at ${(d.t / 1e9).toFixed(2)} s` + (d.node ? ` on ${d.node}` : "") +
    (d.message ? `\n${d.message}` : "");
  return [
    Plot.lineX(shown, { x, y: "pod", z: "pod", stroke: "#ccc" }),
    Plot.dot(shown.filter((r) => !ring(r)), { x, y: "pod", fill: "event", r: 5, title }),
    Plot.dot(shown.filter(ring), { x, y: "pod", stroke: "event", r: 9, strokeWidth: 2.5, title }),
  ];
}

/**
 * The queue timeline chart.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { showQueueTimeline } from "./queue_views.ts";
 * const chart = showQueueTimeline([{ t: 0, pod: "a", priority: 0, event: "bound", attempts: 0, node: "n1", backoff: 0, message: "" }]);
 * assert.match(chart.svg, /seconds/);
 * ```
 */
export function showQueueTimeline(
  rows: readonly QueueRow[],
  options: { title?: string; width?: number; events?: readonly string[] } = {},
): Chart {
  const events = options.events ?? ["arrive", "attempt", "bound", "nominated", "evicted"];
  const pods = new Set(rows.map((r) => r.pod));
  return renderPlot({
    title: options.title ?? "Scheduling queue: each pod's events over time",
    width: options.width ?? 760,
    height: 70 + 28 * Math.max(2, pods.size),
    marginLeft: 90,
    x: { label: "simulated time (seconds)", grid: true },
    y: { label: null },
    color: {
      legend: true,
      domain: [...events],
      range: events.map((e) => EVENT_COLORS[e] ?? "#999"),
    },
    marks: queueTimelineMarks(rows, events),
  });
}
