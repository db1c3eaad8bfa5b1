/**
 * A scheduling queue: many pods, one cycle each, in PrioritySort order
 * (`plugins/queuesort/priority_sort.go`: higher `priority` first, then first come first
 * served), recording a tidy row per pod for charts. A pod that fits nowhere stays
 * pending with its message (the real queue retries it when the cluster changes; this
 * one makes a single pass).
 *
 * ```
 *   rows:        { step, pod, priority, node | null, feasibleNodes, evaluatedNodes, message }
 *   utilisation: { node, resource, requested, allocatable, fraction }   one per node × resource
 * ```
 *
 * @module
 */

import { type Pod, podRequests } from "@cluster/api/mod.ts";
import type { Scheduler } from "./schedule_one.ts";

/**
 * One pod's outcome.
 *
 * @example
 * ```ts
 * import type { PlacementRow } from "./queue.ts";
 * const row: PlacementRow = { step: 0, pod: "web-0", priority: 0, node: "n1", cpu: 500, memory: 2 ** 28, feasibleNodes: 3, evaluatedNodes: 3, message: "" };
 * ```
 */
export interface PlacementRow {
  readonly step: number;
  readonly pod: string;
  readonly priority: number;
  readonly node: string | null;
  /** The pod's cpu request (millicores) and memory request (bytes). */
  readonly cpu: number;
  readonly memory: number;
  readonly feasibleNodes: number;
  readonly evaluatedNodes: number;
  /** "" if placed, else the "0/N nodes are available" message. */
  readonly message: string;
}

/**
 * PrioritySort's order: higher priority first, ties in arrival order (a stable sort).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { makePod } from "@cluster/api/mod.ts";
 * import { priorityOrder } from "./queue.ts";
 * const pods = [makePod("a"), makePod("b", { priority: 10 }), makePod("c")];
 * assert.deepEqual(priorityOrder(pods).map((p) => p.name), ["b", "a", "c"]);
 * ```
 */
export function priorityOrder(pods: readonly Pod[]): Pod[] {
  return pods.map((pod, index) => ({ pod, index }))
    .sort((a, b) => b.pod.priority - a.pod.priority || a.index - b.index)
    .map(({ pod }) => pod);
}

/**
 * Schedule every pod once, in priority order; one row per pod.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { makeNode, makePod } from "@cluster/api/mod.ts";
 * import { Scheduler } from "./schedule_one.ts";
 * import { scheduleAll } from "./queue.ts";
 * const scheduler = new Scheduler([makeNode("n1", { cpu: "2", memory: "4Gi" })], { seed: 1 });
 * const rows = scheduleAll(scheduler, [1, 2, 3].map((i) => makePod(`p${i}`, { cpu: "1" })));
 * assert.deepEqual(rows.map((r) => r.node), ["n1", "n1", null]);
 * ```
 */
export function scheduleAll(scheduler: Scheduler, pods: readonly Pod[]): PlacementRow[] {
  return priorityOrder(pods).map((pod, step) => {
    const result = scheduler.scheduleOne(pod);
    const request = podRequests(pod);
    return {
      step,
      pod: pod.name,
      priority: pod.priority,
      node: result.node,
      cpu: request.cpu ?? 0,
      memory: request.memory ?? 0,
      feasibleNodes: result.feasibleNodes,
      evaluatedNodes: result.evaluatedNodes,
      message: result.message ?? "",
    };
  });
}

/**
 * One node's use of one resource.
 *
 * @example
 * ```ts
 * import type { UtilisationRow } from "./queue.ts";
 * const row: UtilisationRow = { node: "n1", resource: "cpu", requested: 1500, allocatable: 4000, fraction: 0.375, pods: 3 };
 * ```
 */
export interface UtilisationRow {
  readonly node: string;
  readonly resource: string;
  readonly requested: number;
  readonly allocatable: number;
  /** requested / allocatable (0 when nothing is allocatable). */
  readonly fraction: number;
  /** Pods on the node. */
  readonly pods: number;
}

/**
 * Requested over allocatable, per node and resource (default cpu and memory).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { makeNode, makePod } from "@cluster/api/mod.ts";
 * import { Scheduler } from "./schedule_one.ts";
 * import { utilisation } from "./queue.ts";
 * const scheduler = new Scheduler([makeNode("n1", { cpu: "4", memory: "4Gi" })], { seed: 1 });
 * scheduler.scheduleOne(makePod("p", { cpu: "1", memory: "1Gi" }));
 * assert.deepEqual(utilisation(scheduler).map((r) => r.fraction), [0.25, 0.25]);
 * ```
 */
export function utilisation(
  scheduler: Scheduler,
  resources: readonly string[] = ["cpu", "memory"],
): UtilisationRow[] {
  return scheduler.snapshot.nodes.flatMap((info) =>
    resources.map((resource) => {
      const requested = info.requested[resource] ?? 0;
      const allocatable = info.node.allocatable[resource] ?? 0;
      return {
        node: info.name,
        resource,
        requested,
        allocatable,
        fraction: allocatable === 0 ? 0 : requested / allocatable,
        pods: info.pods.length,
      };
    })
  );
}
