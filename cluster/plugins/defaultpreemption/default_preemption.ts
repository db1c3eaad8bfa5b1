/**
 * DefaultPreemption, a PostFilter plugin (`pkg/scheduler/framework/plugins/defaultpreemption/
 * default_preemption.go` and `pkg/scheduler/framework/preemption/preemption.go`): when no node
 * fits a pod, find a node where evicting lower-priority pods makes it fit, evict them, and
 * nominate the node. The pod is bound in a later cycle, once the victims are gone.
 *
 * ```
 *   Preempt(pod):
 *     preemptionPolicy: Never              → Unschedulable "not eligible due to preemptionPolicy=Never."
 *     candidates: nodes whose Filter status was not UnschedulableAndUnresolvable
 *                 (else "Preemption is not helpful for scheduling")
 *     numCandidates = clamp(N × minCandidateNodesPercentage / 100, minCandidateNodesAbsolute, N)
 *     DryRunPreemption: from a seeded random offset, SelectVictimsOnNode on each candidate
 *                       (on a copy of the cluster) until numCandidates nodes can be made to fit
 *     SelectCandidate:  pickOneNodeForPreemption (pick_node.ts)
 *     PrepareCandidate: evict the victims; the pod's nominatedNodeName = the node
 *
 *   SelectVictimsOnNode: victims.ts;  pickOneNodeForPreemption: pick_node.ts
 * ```
 *
 * @module
 */

import type { Pod } from "@cluster/api/mod.ts";
import {
  type CycleState,
  type Handle,
  isSuccess,
  type PostFilterPlugin,
  type PostFilterResult,
  type Status,
  SUCCESS,
  unresolvable,
  unschedulable,
} from "@cluster/framework/mod.ts";
import { parseOptions, z } from "@src/options/mod.ts";
import { Random } from "@src/sim/mod.ts";
import { type Candidate, pickOneNodeForPreemption } from "./pick_node.ts";
import { NO_VICTIMS, selectVictimsOnNode } from "./victims.ts";

/**
 * Registry name.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { NAME } from "./default_preemption.ts";
 * assert.equal(NAME, "DefaultPreemption");
 * ```
 */
export const NAME = "DefaultPreemption";

/**
 * Reason strings (preemption.go, default_preemption.go).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { REASONS } from "./default_preemption.ts";
 * assert.equal(REASONS.noVictims, "No preemption victims found for incoming pod");
 * ```
 */
export const REASONS = Object.freeze({
  noVictims: NO_VICTIMS,
  notHelpful: "Preemption is not helpful for scheduling",
  policyNever: "not eligible due to preemptionPolicy=Never.",
});

/**
 * How many candidate nodes the dry run looks for (default_preemption.go `calculateNumCandidates`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { calculateNumCandidates } from "./default_preemption.ts";
 * assert.equal(calculateNumCandidates(50), 50);     // fewer than 100: all
 * assert.equal(calculateNumCandidates(5000), 500);  // 10 %
 * ```
 */
export function calculateNumCandidates(
  numNodes: number,
  minCandidateNodesPercentage = 10,
  minCandidateNodesAbsolute = 100,
): number {
  let n = Math.trunc((numNodes * minCandidateNodesPercentage) / 100);
  if (n < minCandidateNodesAbsolute) n = minCandidateNodesAbsolute;
  if (n > numNodes) n = numNodes;
  return n;
}

/**
 * One dry-run row per node considered, for tables and charts.
 *
 * @example
 * ```ts
 * import type { PreemptionRow } from "./default_preemption.ts";
 * const row: PreemptionRow = { node: "n1", victims: 2, victimNames: "a, b", highestVictimPriority: 10, outcome: "candidate", reason: "" };
 * ```
 */
export type PreemptionRow = {
  readonly node: string;
  readonly victims: number;
  readonly victimNames: string;
  readonly highestVictimPriority: number | null;
  /** "chosen", "candidate", "cannot help" or "not tried". */
  readonly outcome: string;
  readonly reason: string;
};

const Args = z.object({
  minCandidateNodesPercentage: z.number().int().min(0).max(100).default(10),
  minCandidateNodesAbsolute: z.number().int().min(0).default(100),
}).strict();

/**
 * Arguments of {@link newDefaultPreemption} (DefaultPreemptionArgs, apis/config/v1/defaults.go).
 *
 * @example
 * ```ts
 * import type { DefaultPreemptionArgs } from "./default_preemption.ts";
 * const args: DefaultPreemptionArgs = { minCandidateNodesAbsolute: 10 };
 * ```
 */
export interface DefaultPreemptionArgs {
  /** Share of nodes to dry-run, in percent. @default 10 */
  minCandidateNodesPercentage?: number;
  /** At least this many nodes (if the cluster has them). @default 100 */
  minCandidateNodesAbsolute?: number;
}

/**
 * The DefaultPreemption plugin. The scheduler provides `handle.dryRunFilter`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { makeNode, makePod } from "@cluster/api/mod.ts";
 * import { Scheduler } from "@cluster/scheduler/mod.ts";
 * const scheduler = new Scheduler([makeNode("n1", { cpu: "1", memory: "1Gi" })], {
 *   seed: 1, pods: [makePod("batch", { cpu: "1", nodeName: "n1" })],
 * });
 * const result = scheduler.scheduleOne(makePod("urgent", { cpu: "1", priority: 1000 }));
 * assert.equal(result.nominatedNode, "n1");
 * assert.deepEqual(result.victims, ["batch"]);
 * ```
 */
export function newDefaultPreemption(args?: unknown): PostFilterPlugin {
  const parsed = parseOptions(
    Args,
    (args ?? {}) as DefaultPreemptionArgs,
    "configure DefaultPreemption",
  );
  return {
    name: NAME,
    postFilter(
      _state: CycleState,
      pod: Pod,
      handle: Handle,
      statuses: ReadonlyMap<string, Status>,
    ): PostFilterResult {
      if (pod.preemptionPolicy === "Never") {
        return { status: unschedulable(REASONS.policyNever), victims: [] };
      }
      const dryRunFilter = handle.dryRunFilter;
      if (!dryRunFilter) {
        return {
          status: {
            code: "Error",
            reasons: ["DefaultPreemption needs handle.dryRunFilter; run it from a Scheduler"],
          },
          victims: [],
        };
      }
      const all = handle.snapshot.nodes;
      const nodeStatus = new Map<string, Status>();
      const rows = new Map<string, PreemptionRow>();
      const row = (node: string, fields: Partial<PreemptionRow>) =>
        rows.set(node, {
          node,
          victims: 0,
          victimNames: "",
          highestVictimPriority: null,
          outcome: "not tried",
          reason: "",
          ...fields,
        });
      // nodesWherePreemptionMightHelp: skip UnschedulableAndUnresolvable nodes.
      const potential = all.filter((info) => {
        const status = statuses.get(info.name);
        if (status?.code === "UnschedulableAndUnresolvable") {
          nodeStatus.set(info.name, unresolvable(REASONS.notHelpful));
          row(info.name, {
            outcome: "cannot help",
            reason: `${REASONS.notHelpful} (${status.reasons.join(", ")})`,
          });
          return false;
        }
        return true;
      });
      const candidates: Candidate[] = [];
      if (potential.length > 0) {
        const random = handle.random ?? new Random(0);
        const offset = random.int(0, potential.length - 1); // GetOffsetAndNumCandidates
        const wanted = calculateNumCandidates(
          potential.length,
          parsed.minCandidateNodesPercentage,
          parsed.minCandidateNodesAbsolute,
        );
        for (let i = 0; i < potential.length && candidates.length < wanted; i++) {
          const name = potential[(offset + i) % potential.length].name;
          const { victims, status } = selectVictimsOnNode(
            pod,
            handle.snapshot.withNodeCopy(name),
            name,
            dryRunFilter,
          );
          if (isSuccess(status) && victims.length > 0) {
            candidates.push({ node: name, victims, numPDBViolations: 0 });
            row(name, {
              victims: victims.length,
              victimNames: victims.map((v) => v.name).join(", "),
              highestVictimPriority: victims[0].priority,
              outcome: "candidate",
            });
          } else {
            const failed = isSuccess(status)
              ? unresolvable(`expected at least one victim pod on node "${name}"`)
              : status;
            nodeStatus.set(name, failed);
            row(name, { outcome: "cannot help", reason: failed.reasons.join(", ") });
          }
        }
      }
      for (const info of all) if (!rows.has(info.name)) row(info.name, {});
      const pick = pickOneNodeForPreemption(candidates);
      if (pick === null) {
        // FitError over the nodes' preemption statuses, prefixed "preemption: " by PostFilter.
        const histogram = new Map<string, number>();
        for (const status of nodeStatus.values()) {
          for (const reason of status.reasons) {
            histogram.set(reason, (histogram.get(reason) ?? 0) + 1);
          }
        }
        const parts = [...histogram].map(([reason, n]) => `${n} ${reason}`).sort();
        const message = `preemption: 0/${all.length} nodes are available: ${parts.join(", ")}.`;
        return { status: unschedulable(message), victims: [], rows: [...rows.values()] };
      }
      const chosen = candidates.find((c) => c.node === pick.node)!;
      const chosenRow = rows.get(pick.node)!;
      rows.set(pick.node, { ...chosenRow, outcome: "chosen", reason: pick.rule });
      return {
        status: SUCCESS,
        nominatedNodeName: pick.node,
        victims: chosen.victims,
        rows: all.map((info) => rows.get(info.name)!),
      };
    },
  };
}
