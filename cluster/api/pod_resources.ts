/**
 * A pod's effective request: what the scheduler charges a node for it. From
 * k8s.io/component-helpers `resource/helpers.go` (`PodRequests`) and, for the scoring
 * defaults, `pkg/scheduler/util/pod_resources.go`.
 *
 * ```
 *   request(r) = max( Σ containers.requests[r],  max over init containers requests[r] )
 *                + overhead[r]
 * ```
 *
 * Init containers run one after another before the app containers, so only the largest
 * counts (restartable "sidecar" init containers, which keep running, are not modelled).
 * For *scoring*, a container that does not state a cpu or memory request counts as
 * 100m CPU / 200Mi memory (`nonZero`), so "best effort" pods are not free to pile up.
 *
 * @module
 */

import type { Container, Pod, Resources } from "./objects.ts";

/**
 * pkg/scheduler/util/pod_resources.go `DefaultMilliCPURequest`: 0.1 core.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { DEFAULT_MILLI_CPU_REQUEST } from "./pod_resources.ts";
 * assert.equal(DEFAULT_MILLI_CPU_REQUEST, 100);
 * ```
 */
export const DEFAULT_MILLI_CPU_REQUEST = 100;
/**
 * pkg/scheduler/util/pod_resources.go `DefaultMemoryRequest`: 200 MiB.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { DEFAULT_MEMORY_REQUEST } from "./pod_resources.ts";
 * assert.equal(DEFAULT_MEMORY_REQUEST, 200 * 2 ** 20);
 * ```
 */
export const DEFAULT_MEMORY_REQUEST = 200 * 1024 * 1024;

function containerRequests(container: Container, nonZero: boolean): Resources {
  const requests = { ...container.resources.requests };
  if (nonZero) {
    if (requests.cpu === undefined) requests.cpu = DEFAULT_MILLI_CPU_REQUEST;
    if (requests.memory === undefined) requests.memory = DEFAULT_MEMORY_REQUEST;
  }
  return requests;
}

/**
 * The pod's effective requests; with `nonZero`, absent cpu/memory requests of each
 * container count as the defaults (the scoring view).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { makePod } from "./builders.ts";
 * import { podRequests } from "./pod_resources.ts";
 * const pod = makePod("p", { cpu: "1", initContainers: [{ cpu: "2" }] });
 * assert.equal(podRequests(pod).cpu, 2000);                 // the init container is larger
 * assert.equal(podRequests(makePod("q", {}), { nonZero: true }).memory, 200 * 2 ** 20);
 * ```
 */
export function podRequests(pod: Pod, options: { nonZero?: boolean } = {}): Resources {
  const nonZero = options.nonZero ?? false;
  const total: Resources = {};
  for (const container of pod.containers) {
    for (const [name, amount] of Object.entries(containerRequests(container, nonZero))) {
      total[name] = (total[name] ?? 0) + amount;
    }
  }
  for (const container of pod.initContainers) {
    for (const [name, amount] of Object.entries(containerRequests(container, nonZero))) {
      total[name] = Math.max(total[name] ?? 0, amount);
    }
  }
  for (const [name, amount] of Object.entries(pod.overhead)) {
    total[name] = (total[name] ?? 0) + amount;
  }
  return total;
}
