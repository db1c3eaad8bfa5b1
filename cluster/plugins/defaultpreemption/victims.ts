/**
 * Which pods to evict on one node (`SelectVictimsOnNode`,
 * `pkg/scheduler/framework/plugins/defaultpreemption/default_preemption.go`).
 *
 * ```
 *   remove every pod with priority < preemptor's          (none → "No preemption victims found…")
 *   the preemptor still does not fit → this node cannot help (that Filter status)
 *   reprieve: add them back most important first (MoreImportantPod: higher priority, then the
 *             earlier start); one that makes the preemptor not fit again is removed: a victim
 * ```
 *
 * @module
 */

import type { Pod } from "@cluster/api/mod.ts";
import {
  isSuccess,
  type NodeInfo,
  type Snapshot,
  type Status,
  SUCCESS,
  unresolvable,
} from "@cluster/framework/mod.ts";

/**
 * The reason when no pod on a node has a lower priority (default_preemption.go).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { NO_VICTIMS } from "./victims.ts";
 * assert.equal(NO_VICTIMS, "No preemption victims found for incoming pod");
 * ```
 */
export const NO_VICTIMS = "No preemption victims found for incoming pod";

/**
 * `MoreImportantPod` (pkg/scheduler/util/utils.go): higher priority, then earlier start.
 * A pod without a start time counts as started now (later than any recorded start).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { makePod } from "@cluster/api/mod.ts";
 * import { moreImportantPod } from "./victims.ts";
 * assert.ok(moreImportantPod(makePod("a", { priority: 10 }), makePod("b", { priority: 1 })));
 * assert.ok(moreImportantPod(makePod("old", { startTime: 1 }), makePod("new", { startTime: 5 })));
 * ```
 */
export function moreImportantPod(a: Pod, b: Pod): boolean {
  if (a.priority !== b.priority) return a.priority > b.priority;
  return startTime(a) < startTime(b);
}

/**
 * A pod's start time for ordering; unset counts as now, later than any recorded start
 * (util `GetPodStartTime`: nil → time.Now()).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { makePod } from "@cluster/api/mod.ts";
 * import { startTime } from "./victims.ts";
 * assert.equal(startTime(makePod("p")), Infinity);
 * ```
 */
export function startTime(pod: Pod): number {
  return pod.startTime ?? Number.POSITIVE_INFINITY; // GetPodStartTime: nil → time.Now()
}

/**
 * Filter `pod` on one node of a snapshot: PreFilter + Filter, the first failure or Success.
 *
 * @example
 * ```ts
 * import type { DryRunFilter } from "./victims.ts";
 * const always: DryRunFilter = () => ({ code: "Success", reasons: [] });
 * ```
 */
export type DryRunFilter = (pod: Pod, snapshot: Snapshot, nodeName: string) => Status;

/**
 * The victims on one node (default_preemption.go `SelectVictimsOnNode`). `snapshot` is a
 * copy and is left with the victims removed.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { makeNode, makePod, podRequests } from "@cluster/api/mod.ts";
 * import { Snapshot, unschedulable } from "@cluster/framework/mod.ts";
 * import { selectVictimsOnNode } from "./victims.ts";
 * const pods = ["a", "b"].map((n) => makePod(n, { cpu: "1", nodeName: "n1" }));
 * const snapshot = new Snapshot([makeNode("n1", { cpu: "2" })], pods);
 * const fits = (pod: typeof pods[0], s: Snapshot, node: string) =>
 *   s.get(node).requested.cpu + podRequests(pod).cpu <= 2000 ? { code: "Success" as const, reasons: [] } : unschedulable("Insufficient cpu");
 * const { victims } = selectVictimsOnNode(makePod("vip", { cpu: "1", priority: 100 }), snapshot, "n1", fits);
 * assert.equal(victims.length, 1);
 * ```
 */
export function selectVictimsOnNode(
  pod: Pod,
  snapshot: Snapshot,
  nodeName: string,
  dryRunFilter: DryRunFilter,
): { victims: Pod[]; status: Status } {
  const info: NodeInfo = snapshot.get(nodeName);
  const potential = info.pods.filter((p) => p.priority < pod.priority);
  if (potential.length === 0) return { victims: [], status: unresolvable(NO_VICTIMS) };
  for (const p of potential) info.removePod(p);
  const status = dryRunFilter(pod, snapshot, nodeName);
  if (!isSuccess(status)) return { victims: [], status };
  potential.sort((a, b) => (moreImportantPod(a, b) ? -1 : moreImportantPod(b, a) ? 1 : 0));
  const victims: Pod[] = [];
  // PDBs are not modelled, so every potential victim is "non-violating".
  for (const p of potential) {
    info.addPod(p);
    if (!isSuccess(dryRunFilter(pod, snapshot, nodeName))) {
      info.removePod(p);
      victims.push(p);
    }
  }
  return { victims, status: SUCCESS };
}
