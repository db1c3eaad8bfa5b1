/**
 * Pod churn on one node: a seeded sequence of pod starts (CNI ADD) and stops (CNI DEL)
 * through a runtime, recorded as tidy rows — which address each pod got, how many are in use,
 * and where the range ran out. For charts of IP allocation and for the `cni-ipam` homework.
 * Each step is one SPEC.md §3 attachment: "Adding an attachment" (ADD) or "Deleting an
 * attachment" (DEL, after which the runtime deletes the netns). A failed ADD is cleaned up with a
 * DEL, as libcni's callers do; a failure other than host-local's "no IP addresses available"
 * means the list itself is wrong and throws.
 *
 * ```
 * step  command  pod   address        code  inUse
 *    1  ADD      p1    10.22.0.2/28      0      1
 *    2  ADD      p2    10.22.0.3/28      0      2
 *    3  DEL      p1                      0      1
 *   …   ADD      p15                   999     13   ← range exhausted
 * ```
 *
 * @module
 */

import { z } from "zod";
import { parseOptions } from "@src/options/mod.ts";
import { Random } from "@src/sim/mod.ts";
import type { NetworkConfigList } from "./config.ts";
import { CniRuntime } from "./runtime.ts";

/**
 * One churn step.
 *
 * @example
 * ```ts
 * import type { ChurnRow } from "./churn.ts";
 * const row: ChurnRow = { step: 1, command: "ADD", pod: "p1", address: "10.22.0.2/27", code: 0, inUse: 1 };
 * ```
 */
export interface ChurnRow {
  /** Step number from 1. */
  readonly step: number;
  /** `ADD` or `DEL`. */
  readonly command: "ADD" | "DEL";
  /** Pod (container id). */
  readonly pod: string;
  /** The first address the pod got (ADD), or the one it released (DEL); "" on failure. */
  readonly address: string;
  /** 0 on success, else the CNI error code. */
  readonly code: number;
  /** Pods holding an address after the step. */
  readonly inUse: number;
}

const optionsSchema = z.strictObject({
  steps: z.number().int().min(1).max(100_000).default(60),
  addProbability: z.number().min(0).max(1).default(0.65),
});

/**
 * Options of `simulatePodChurn()`.
 *
 * @example
 * ```ts
 * import type { ChurnOptions } from "./churn.ts";
 * const options: ChurnOptions = { steps: 80, addProbability: 0.7 };
 * ```
 */
export interface ChurnOptions {
  /** Number of ADD/DEL steps. @default 60 */
  steps?: number;
  /** Probability that a step starts a pod (otherwise a random running pod stops). @default 0.65 */
  addProbability?: number;
}

/**
 * Start and stop pods at random (seeded) on a network configuration list.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { simulatePodChurn } from "./churn.ts";
 * const list = { cniVersion: "1.1.0", name: "pods", plugins: [{ type: "bridge",
 *   ipam: { type: "host-local", ranges: [[{ subnet: "10.22.0.0/29" }]] } }] };
 * const rows = simulatePodChurn(list, 1, { steps: 12, addProbability: 1 });
 * assert.deepEqual(rows.map((r) => r.code), [0, 0, 0, 0, 0, 999, 999, 999, 999, 999, 999, 999]);
 * ```
 */
export function simulatePodChurn(
  list: NetworkConfigList | unknown,
  seed: number,
  options: ChurnOptions = {},
): ChurnRow[] {
  const o = parseOptions(optionsSchema, options, "simulate pod churn");
  const random = new Random(seed).fork("cni-churn");
  const runtime = new CniRuntime();
  const running: { pod: string; address: string }[] = [];
  const rows: ChurnRow[] = [];
  let next = 0;
  for (let step = 1; step <= o.steps; step++) {
    if (running.length > 0 && !random.bernoulli(o.addProbability)) {
      const { pod, address } = running.splice(random.int(0, running.length - 1), 1)[0];
      const outcome = runtime.del(list, { containerId: pod, netns: `/run/netns/${pod}` });
      runtime.host.deleteNetns(`/run/netns/${pod}`);
      rows.push({
        step,
        command: "DEL",
        pod,
        address,
        code: outcome.ok ? 0 : outcome.error.code,
        inUse: running.length,
      });
      continue;
    }
    const pod = `p${++next}`;
    runtime.host.createNetns(`/run/netns/${pod}`);
    const outcome = runtime.add(list, { containerId: pod, netns: `/run/netns/${pod}` });
    const address = outcome.ok ? outcome.result?.ips?.[0]?.address ?? "" : "";
    if (!outcome.ok && !/no IP addresses available/.test(outcome.error.msg)) {
      // not the exhaustion this chart is about: the list itself is wrong; say so now
      throw new RangeError(
        `Cannot simulate pod churn: ADD of ${pod} failed with code ${outcome.error.code}: ${outcome.error.msg}${
          outcome.error.details ? ` (${outcome.error.details})` : ""
        }; fix the network configuration list`,
      );
    }
    if (outcome.ok) running.push({ pod, address });
    else runtime.del(list, { containerId: pod, netns: `/run/netns/${pod}` }); // the runtime cleans up a failed ADD
    rows.push({
      step,
      command: "ADD",
      pod,
      address,
      code: outcome.ok ? 0 : outcome.error.code,
      inUse: running.length,
    });
  }
  return rows;
}
