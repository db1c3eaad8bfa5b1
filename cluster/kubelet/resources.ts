/**
 * From a pod's `resources:` to the numbers the kernel enforces. The kubelet classifies the
 * pod (its QoS class decides where its cgroup goes), converts CPU requests to shares and CPU
 * limits to a CFS quota, and hands them to the container runtime as OCI `linux.resources`;
 * the runtime (runc) then converts shares to cgroup v2 `cpu.weight`
 * (`virt/container/runtime`, `convertCpuSharesToWeight`).
 *
 * ```
 *  spec.containers[i].resources      kubelet (this file)              runc / cgroup v2
 *  requests.cpu: 250m           ──▶  cpu.shares = 250·1024/1000 = 256  ──▶ cpu.weight = 10
 *  limits.cpu: 500m             ──▶  quota 50000 / period 100000      ──▶ cpu.max "50000 100000"
 *  limits.memory: 128Mi         ──▶  memory.limit = 134217728         ──▶ memory.max 134217728
 * ```
 *
 * Sources (kubernetes/kubernetes): `pkg/kubelet/cm/helpers_linux.go` (MilliCPUToShares,
 * MilliCPUToQuota, constants), `pkg/apis/core/v1/helper/qos/qos.go` (GetPodQOS),
 * `pkg/kubelet/cm/qos_container_manager_linux.go` and `pod_container_manager_linux.go` (the
 * cgroup layout: Guaranteed pods directly under `kubepods`, the others under `burstable` or
 * `besteffort`, each in `pod<uid>`; cgroupfs driver names).
 *
 * @module
 */

import type { Container, Pod } from "../api/mod.ts";

/** `MinShares`: the kernel's minimum cpu.shares (helpers_linux.go). */
export const MIN_SHARES = 2;
/** `MaxShares`: the kernel's maximum cpu.shares (helpers_linux.go). */
export const MAX_SHARES = 262144;
/** `SharesPerCPU` (helpers_linux.go). */
export const SHARES_PER_CPU = 1024;
/** `QuotaPeriod`: the CFS period the kubelet sets, µs (100 ms; helpers_linux.go). */
export const QUOTA_PERIOD_US = 100000;
/** `MinQuotaPeriod`: the smallest quota the kubelet writes, µs (1 ms; helpers_linux.go). */
export const MIN_QUOTA_US = 1000;

/**
 * CPU shares for a CPU request in millicores (`MilliCPUToShares`):
 *
 * ```
 * shares = clamp(⌊milli · 1024 / 1000⌋, 2, 262144);   0 millicores → 2
 * ```
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { milliCpuToShares } from "./resources.ts";
 * assert.equal(milliCpuToShares(250), 256);
 * assert.equal(milliCpuToShares(0), 2);
 * assert.equal(milliCpuToShares(1), 2);
 * ```
 */
export function milliCpuToShares(milliCpu: number): number {
  if (!Number.isInteger(milliCpu) || milliCpu < 0) {
    throw new RangeError(
      `Cannot convert a CPU request to shares: ${milliCpu} is not a whole number of millicores ≥ 0`,
    );
  }
  if (milliCpu === 0) return MIN_SHARES;
  const shares = Math.floor((milliCpu * SHARES_PER_CPU) / 1000);
  return Math.min(MAX_SHARES, Math.max(MIN_SHARES, shares));
}

/**
 * The CFS quota for a CPU limit in millicores (`MilliCPUToQuota`), µs per `period`:
 *
 * ```
 * quota = max(⌊milli · period / 1000⌋, 1000);   no limit (0) → no quota
 * ```
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { milliCpuToQuota } from "./resources.ts";
 * assert.equal(milliCpuToQuota(500), 50000);     // half a CPU: 50 ms per 100 ms
 * assert.equal(milliCpuToQuota(5), 1000);        // at least 1 ms
 * assert.equal(milliCpuToQuota(0), 0);
 * ```
 */
export function milliCpuToQuota(milliCpu: number, period = QUOTA_PERIOD_US): number {
  if (!Number.isInteger(milliCpu) || milliCpu < 0) {
    throw new RangeError(
      `Cannot convert a CPU limit to a quota: ${milliCpu} is not a whole number of millicores ≥ 0`,
    );
  }
  if (milliCpu === 0) return 0;
  return Math.max(MIN_QUOTA_US, Math.floor((milliCpu * period) / 1000));
}

/**
 * A pod's quality-of-service class.
 *
 * @example
 * ```ts
 * import type { QosClass } from "./resources.ts";
 * const qos: QosClass = "Burstable";
 * ```
 */
export type QosClass = "Guaranteed" | "Burstable" | "BestEffort";

/** A container's requests, with the API server's default: a limit alone is also the request. */
function requestsOf(container: Container): Record<string, number> {
  return { ...container.resources.limits, ...container.resources.requests };
}

/**
 * `GetPodQOS` (qos.go), over cpu and memory:
 * BestEffort — no container requests or limits anything;
 * Guaranteed — every container has cpu and memory limits, and requests equal limits;
 * Burstable — everything else. (A limit alone counts as the request, as API defaulting does.)
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { makePod } from "../api/mod.ts";
 * import { qosClass } from "./resources.ts";
 * assert.equal(qosClass(makePod("a")), "BestEffort");
 * assert.equal(qosClass(makePod("b", { cpu: "250m" })), "Burstable");
 * ```
 */
export function qosClass(pod: Pod): QosClass {
  const containers = [...pod.containers, ...pod.initContainers];
  const tracked = ["cpu", "memory"];
  let any = false;
  let guaranteed = true;
  for (const container of containers) {
    const requests = requestsOf(container);
    const limits = container.resources.limits;
    for (const name of tracked) {
      if ((requests[name] ?? 0) > 0 || (limits[name] ?? 0) > 0) any = true;
      if (!((limits[name] ?? 0) > 0) || requests[name] !== limits[name]) guaranteed = false;
    }
  }
  if (!any) return "BestEffort";
  return guaranteed ? "Guaranteed" : "Burstable";
}

/**
 * The pod's cgroup with the cgroupfs driver: `/kubepods/pod<uid>` for Guaranteed pods,
 * `/kubepods/burstable/pod<uid>` and `/kubepods/besteffort/pod<uid>` for the others.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { podCgroup } from "./resources.ts";
 * assert.equal(podCgroup("Burstable", "7"), "/kubepods/burstable/pod7");
 * assert.equal(podCgroup("Guaranteed", "7"), "/kubepods/pod7");
 * ```
 */
export function podCgroup(qos: QosClass, uid: string): string {
  const tier = qos === "Guaranteed" ? "" : `/${qos.toLowerCase()}`;
  return `/kubepods${tier}/pod${uid}`;
}

/**
 * OCI `linux.resources` as the kubelet asks for them for one container (through the CRI's
 * LinuxContainerResources): shares from the request, quota/period from the limit, memory limit.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseManifests } from "../api/mod.ts";
 * import { containerResources } from "./resources.ts";
 * const [pod] = parseManifests(`
 * kind: Pod
 * metadata: { name: web }
 * spec:
 *   containers:
 *   - name: app
 *     resources: { requests: { cpu: 250m }, limits: { cpu: 500m, memory: 128Mi } }
 * `).pods;
 * assert.deepEqual(containerResources(pod.containers[0]), {
 *   cpu: { shares: 256, quota: 50000, period: 100000 },
 *   memory: { limit: 134217728 },
 * });
 * ```
 */
export function containerResources(container: Container): {
  cpu: { shares: number; quota?: number; period?: number };
  memory?: { limit: number };
} {
  const requests = requestsOf(container);
  const limits = container.resources.limits;
  const cpu: { shares: number; quota?: number; period?: number } = {
    shares: milliCpuToShares(requests.cpu ?? 0),
  };
  if ((limits.cpu ?? 0) > 0) {
    cpu.quota = milliCpuToQuota(limits.cpu);
    cpu.period = QUOTA_PERIOD_US;
  }
  return (limits.memory ?? 0) > 0 ? { cpu, memory: { limit: limits.memory } } : { cpu };
}

/**
 * The pod cgroup's limits (`ResourceConfigForPod`, helpers_linux.go), from the pod's totals —
 * the sum over its containers, or an init container's if larger, plus overhead:
 *
 * ```
 *  Guaranteed  shares(Σ requests.cpu), quota(Σ limits.cpu) per 100 ms, memory Σ limits.memory
 *  Burstable   shares(Σ requests.cpu); a quota only if every container limits cpu,
 *              a memory limit only if every container limits memory
 *  BestEffort  shares 2 (MinShares), nothing else
 * ```
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseManifests } from "../api/mod.ts";
 * import { podResourceConfig } from "./resources.ts";
 * const [pod] = parseManifests(`
 * kind: Pod
 * metadata: { name: web }
 * spec:
 *   containers:
 *   - { name: a, resources: { requests: { cpu: 100m, memory: 100Mi }, limits: { cpu: 200m, memory: 200Mi } } }
 *   - { name: b, resources: { requests: { cpu: 100m } } }
 * `).pods;
 * // Burstable; b has no limits, so the pod gets shares only
 * assert.deepEqual(podResourceConfig(pod), { shares: 204 });
 * ```
 */
export function podResourceConfig(pod: Pod): {
  shares: number;
  quota?: number;
  period?: number;
  memory?: number;
} {
  const qos = qosClass(pod);
  if (qos === "BestEffort") return { shares: MIN_SHARES };
  const total = (pick: (c: Container) => Record<string, number>, name: string) => {
    let sum = 0;
    for (const c of pod.containers) sum += pick(c)[name] ?? 0;
    for (const c of pod.initContainers) sum = Math.max(sum, pick(c)[name] ?? 0);
    return sum + (pod.overhead[name] ?? 0);
  };
  const limits = (c: Container) => c.resources.limits;
  const config: { shares: number; quota?: number; period?: number; memory?: number } = {
    shares: milliCpuToShares(total(requestsOf, "cpu")),
  };
  const everyLimits = (name: string) =>
    pod.containers.every((c) => (c.resources.limits[name] ?? 0) > 0);
  if (qos === "Guaranteed" || everyLimits("cpu")) {
    config.quota = milliCpuToQuota(total(limits, "cpu"));
    config.period = QUOTA_PERIOD_US;
  }
  if (qos === "Guaranteed" || everyLimits("memory")) config.memory = total(limits, "memory");
  return config;
}
