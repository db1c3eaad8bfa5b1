/**
 * The message of a pod that fits nowhere, as `kubectl describe pod` shows it in the
 * FailedScheduling event. From `pkg/scheduler/framework/types.go` (`FitError.Error`):
 *
 * ```
 *   "0/<all nodes> nodes are available:" + " <PreFilter message>."            if PreFilter failed
 *                                          + " <n₁> <reason₁>, <n₂> <reason₂>."  otherwise:
 *   each reason counted over the nodes' statuses, written "<count> <reason>", sorted as
 *   strings (Go sort.Strings: byte order, so "1 …" < "2 …" < "Insufficient" < "node(s)")
 * ```
 *
 * e.g. "0/5 nodes are available: 2 node(s) had untolerated taint {gpu: true}, 3 Insufficient cpu."
 *
 * @module
 */

import type { Status } from "@cluster/framework/mod.ts";

/** framework `NoNodeAvailableMsg`. */
const NO_NODE_AVAILABLE = (n: number) => `0/${n} nodes are available`;

/**
 * The "0/N nodes are available: …" message.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { fitErrorMessage } from "./fit_error.ts";
 * const cpu = { code: "Unschedulable" as const, reasons: ["Insufficient cpu"] };
 * const taint = { code: "UnschedulableAndUnresolvable" as const, reasons: ["node(s) had untolerated taint {gpu: true}"] };
 * assert.equal(
 *   fitErrorMessage(5, [cpu, cpu, cpu, taint, taint]),
 *   "0/5 nodes are available: 2 node(s) had untolerated taint {gpu: true}, 3 Insufficient cpu.",
 * );
 * ```
 */
export function fitErrorMessage(
  numAllNodes: number,
  statuses: readonly Status[],
  preFilter?: Status,
): string {
  let message = `${NO_NODE_AVAILABLE(numAllNodes)}:`;
  if (preFilter && preFilter.reasons.length > 0) {
    return `${message} ${preFilter.reasons.join(", ")}.`;
  }
  const histogram = new Map<string, number>();
  for (const status of statuses) {
    for (const reason of status.reasons) histogram.set(reason, (histogram.get(reason) ?? 0) + 1);
  }
  const parts = [...histogram].map(([reason, count]) => `${count} ${reason}`);
  parts.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)); // byte order, like Go's sort.Strings
  if (parts.length > 0) message += ` ${parts.join(", ")}.`;
  return message;
}
