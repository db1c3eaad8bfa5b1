/**
 * Tunables of the cgroup v2 model, in one place (like xv6's `param.h`), each with its
 * source. Times are in microseconds, as the interface files write them.
 *
 * ```
 *   cpu.max          "max 100000"     quota (µs or max) per period (µs)
 *   cpu.weight       100              1 … 10000
 *   runtime slices   5000 µs          handed from the group's pool to one CPU at a time
 * ```
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { CPU_PERIOD_DEFAULT_US, CFS_BANDWIDTH_SLICE_US } from "./params.ts";
 * assert.equal(CPU_PERIOD_DEFAULT_US / CFS_BANDWIDTH_SLICE_US, 20);
 * ```
 *
 * @module
 */

/**
 * Default cpu.max period, µs (Documentation/admin-guide/cgroup-v2.rst, cpu.max: "max 100000").
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { CPU_PERIOD_DEFAULT_US } from "./params.ts";
 * assert.equal(CPU_PERIOD_DEFAULT_US, 100000);
 * ```
 */
export const CPU_PERIOD_DEFAULT_US = 100_000; // cgroup-v2.rst cpu.max default; kernel/sched/fair.c default_cfs_period()

/**
 * Smallest cpu.max period and quota, µs (Documentation/scheduler/sched-bwc.rst: "1ms").
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { CPU_PERIOD_MIN_US } from "./params.ts";
 * assert.equal(CPU_PERIOD_MIN_US, 1000);
 * ```
 */
export const CPU_PERIOD_MIN_US = 1_000; // sched-bwc.rst: period and quota ≥ 1 ms (min_cfs_quota_period)

/**
 * Largest cpu.max period, µs (sched-bwc.rst: "The upper bound on the period length is 1s").
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { CPU_PERIOD_MAX_US } from "./params.ts";
 * assert.equal(CPU_PERIOD_MAX_US, 1_000_000);
 * ```
 */
export const CPU_PERIOD_MAX_US = 1_000_000; // sched-bwc.rst; max_cfs_quota_period in kernel/sched/core.c

/**
 * Runtime moved from a group's global pool to one CPU at a time, µs
 * (/proc/sys/kernel/sched_cfs_bandwidth_slice_us, sched-bwc.rst "default 5ms").
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { CFS_BANDWIDTH_SLICE_US } from "./params.ts";
 * assert.equal(CFS_BANDWIDTH_SLICE_US, 5000);
 * ```
 */
export const CFS_BANDWIDTH_SLICE_US = 5_000; // sched-bwc.rst, sysctl_sched_cfs_bandwidth_slice

/**
 * Runtime a CPU keeps when its group goes idle there; the rest returns to the pool, µs
 * (min_cfs_rq_runtime in kernel/sched/fair.c, return_cfs_rq_runtime).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { MIN_CFS_RQ_RUNTIME_US } from "./params.ts";
 * assert.equal(MIN_CFS_RQ_RUNTIME_US, 1000);
 * ```
 */
export const MIN_CFS_RQ_RUNTIME_US = 1_000; // kernel/sched/fair.c: min_cfs_rq_runtime = 1 ms

/**
 * cpu.weight default and bounds (cgroup-v2.rst "Weights": [1, 10000], default 100).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { CPU_WEIGHT_DEFAULT, CPU_WEIGHT_MAX, CPU_WEIGHT_MIN } from "./params.ts";
 * assert.ok(CPU_WEIGHT_MIN < CPU_WEIGHT_DEFAULT && CPU_WEIGHT_DEFAULT < CPU_WEIGHT_MAX);
 * ```
 */
export const CPU_WEIGHT_DEFAULT = 100; // cgroup-v2.rst, "Weights"
/** Smallest cpu.weight. @example ```ts
 * import assert from "node:assert/strict";
 * import { CPU_WEIGHT_MIN } from "./params.ts";
 * assert.equal(CPU_WEIGHT_MIN, 1);
 * ``` */
export const CPU_WEIGHT_MIN = 1; // cgroup-v2.rst, "Weights"
/** Largest cpu.weight. @example ```ts
 * import assert from "node:assert/strict";
 * import { CPU_WEIGHT_MAX } from "./params.ts";
 * assert.equal(CPU_WEIGHT_MAX, 10000);
 * ``` */
export const CPU_WEIGHT_MAX = 10_000; // cgroup-v2.rst, "Weights"

/**
 * Time step of the bandwidth simulation, µs (a modelling choice, not a kernel value: the
 * kernel checks runtime at every scheduler tick and on every context switch).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { SIMULATION_TICK_US } from "./params.ts";
 * assert.equal(1000 % SIMULATION_TICK_US, 0); // whole ticks per millisecond
 * ```
 */
export const SIMULATION_TICK_US = 100; // estimate: fine enough for 1 ms granularity quotas

/**
 * The controllers a new model hierarchy offers at its root (cgroup-v2.rst "Controllers").
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ROOT_CONTROLLERS } from "./params.ts";
 * assert.ok(ROOT_CONTROLLERS.includes("cpu"));
 * ```
 */
export const ROOT_CONTROLLERS: readonly string[] = ["cpuset", "cpu", "io", "memory", "pids"];

/**
 * Every cgroup v2 controller the kernel knows by name (cgroup-v2.rst "Controllers"); writing
 * "+name" for one the cgroup lacks is ENOENT, for any other name EINVAL.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { KNOWN_CONTROLLERS } from "./params.ts";
 * assert.ok(KNOWN_CONTROLLERS.includes("hugetlb"));
 * ```
 */
export const KNOWN_CONTROLLERS: readonly string[] = [
  "cpuset",
  "cpu",
  "io",
  "memory",
  "hugetlb",
  "pids",
  "rdma",
  "misc",
  "perf_event",
]; // include/linux/cgroup_subsys.h, the v2-capable subsystems
