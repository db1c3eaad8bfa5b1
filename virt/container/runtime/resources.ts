/**
 * From OCI `linux.resources` to cgroup v2 interface files, the way runc converts them
 * (opencontainers/runc libcontainer/cgroups/utils.go and fs2/*.go). The OCI fields were
 * designed for cgroup v1 (cpu.shares 2…262144, CFS quota/period); v2 has cpu.weight
 * 1…10000 and a combined cpu.max:
 *
 * ```
 *   cpu.shares  → cpu.weight = 1 + ((shares − 2) × 9999) / 262142   (integer division;
 *                 ConvertCPUSharesToCgroupV2Value; 0 → unset)
 *   cpu.quota, cpu.period → cpu.max = "<quota|max> <period or 100000>"
 *                 (ConvertCPUQuotaCPUPeriodToCgroupV2Value; quota ≤ 0 → max;
 *                 quota ≤ 0 with period 0 → unset)
 *   memory.limit → memory.max  (−1 → "max"; 0 → unset)
 *   pids.limit   → pids.max    (< 0 → "max"; 0 → unset; fs2/pids.go isPidsSet)
 * ```
 *
 * runc 1.3.2 and 1.4 (and crun 1.23) switched cpu.shares to a log-quadratic mapping that
 * sends the v1 default 1024 to the v2 default 100 (opencontainers/cgroups#20, runc#4785, the
 * Kubernetes blog "New conversion from cgroup v1 CPU shares to v2 CPU weight", 2025):
 *
 * ```
 *   L = log2(shares);   cpu.weight = ⌈10^(L²/612 + 125·L/612 − 7/34)⌉      2 → 1, 1024 → 100, 262144 → 10000
 * ```
 *
 * `convertCpuSharesToWeight` gives either; the default is the linear one of runc ≤ 1.3.1, the
 * version installed here (1.1.5) and the tests' oracle.
 *
 * @module
 */

import type { RuntimeConfig } from "./config.ts";

/**
 * runc's cpu.shares → cpu.weight: `formula: "linear"` (runc ≤ 1.3.1, the default) or `"log"`
 * (runc ≥ 1.3.2, crun ≥ 1.23).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { convertCpuSharesToWeight } from "./resources.ts";
 * assert.equal(convertCpuSharesToWeight(1024), 39);   // 1 + (1022 × 9999) / 262142 = 1 + 38
 * assert.equal(convertCpuSharesToWeight(2), 1);
 * assert.equal(convertCpuSharesToWeight(262144), 10000);
 * assert.equal(convertCpuSharesToWeight(1024, { formula: "log" }), 100);
 * ```
 */
export function convertCpuSharesToWeight(
  shares: number,
  options: { formula?: "linear" | "log" } = {},
): number {
  const formula = options.formula ?? "linear";
  if (formula !== "linear" && formula !== "log") {
    throw new RangeError(
      `Cannot convert cpu.shares: formula ${
        JSON.stringify(formula)
      } is not "linear" (runc ≤ 1.3.1) ` +
        'or "log" (runc ≥ 1.3.2); pick one of those',
    );
  }
  if (typeof shares !== "number" || !Number.isInteger(shares)) {
    throw new TypeError(
      `Cannot convert cpu.shares ${JSON.stringify(shares)}: shares are a whole number; ` +
        "pass e.g. 1024",
    );
  }
  if (shares === 0) return 0;
  // the cgroup v1 range: MIN_SHARES 2 … MAX_SHARES 1 << 18 (kernel/sched/sched.h)
  if (shares < 2 || shares > 262144) {
    throw new RangeError(
      `Cannot convert cpu.shares ${shares}: outside 2…262144, the cgroup v1 range; ` +
        "pass 2…262144 (1024 is the v1 default) or 0 for unset",
    );
  }
  if (formula === "log") {
    // L = log2(shares); ⌈10^(L²/612 + 125·L/612 − 7/34)⌉ (opencontainers/cgroups utils.go)
    const l = Math.log2(shares);
    return Math.ceil(10 ** ((l * l + 125 * l) / 612 - 7 / 34));
  }
  // 1 + ((shares − 2) × 9999) / 262142, Go uint64 integer division
  return 1 + Math.floor(((shares - 2) * 9999) / 262142);
}

/**
 * runc's quota/period → cpu.max text ("" when neither is set).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { convertQuotaPeriodToCpuMax } from "./resources.ts";
 * assert.equal(convertQuotaPeriodToCpuMax(50000, 0), "50000 100000");
 * assert.equal(convertQuotaPeriodToCpuMax(-1, 20000), "max 20000");
 * assert.equal(convertQuotaPeriodToCpuMax(0, 0), "");
 * assert.equal(convertQuotaPeriodToCpuMax(-1, 0), ""); // unlimited and no period: unset
 * ```
 */
export function convertQuotaPeriodToCpuMax(quota: number, period: number): string {
  for (const [name, value] of [["quota", quota], ["period", period]] as const) {
    if (typeof value !== "number" || !Number.isInteger(value)) {
      throw new TypeError(
        `Cannot convert cpu.${name} ${JSON.stringify(value)}: pass a whole number of µs, ` +
          "e.g. 50000",
      );
    }
  }
  // runc: `if quota <= 0 && period == 0 { return "" }`
  if (quota <= 0 && period === 0) return "";
  const p = period === 0 ? 100000 : period;
  return quota <= 0 ? `max ${p}` : `${quota} ${p}`;
}

/**
 * One interface file write a runtime performs.
 *
 * @example
 * ```ts
 * import type { CgroupWrite } from "./resources.ts";
 * const write: CgroupWrite = { file: "cpu.weight", value: "39" };
 * ```
 */
export interface CgroupWrite {
  /** Interface file name. */
  readonly file: string;
  /** Text written. */
  readonly value: string;
}

/**
 * The cgroup v2 writes for a config's `linux.resources`, in runc's order (cpu, memory, pids).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { resourcesToCgroupWrites } from "./resources.ts";
 * assert.deepEqual(
 *   resourcesToCgroupWrites({ cpu: { shares: 512, quota: 20000, period: 100000 }, memory: { limit: 67108864 } }),
 *   [
 *     { file: "cpu.weight", value: "20" },
 *     { file: "cpu.max", value: "20000 100000" },
 *     { file: "memory.max", value: "67108864" },
 *   ],
 * );
 * ```
 */
export function resourcesToCgroupWrites(
  resources: NonNullable<RuntimeConfig["linux"]>["resources"],
): CgroupWrite[] {
  const writes: CgroupWrite[] = [];
  const cpu = resources?.cpu;
  if (cpu) {
    let weight: number;
    try {
      weight = convertCpuSharesToWeight(cpu.shares ?? 0);
    } catch (error) {
      throw new RangeError(`config.linux.resources.cpu.shares: ${(error as Error).message}`);
    }
    if (weight !== 0) writes.push({ file: "cpu.weight", value: String(weight) });
    const max = convertQuotaPeriodToCpuMax(cpu.quota ?? 0, cpu.period ?? 0);
    if (max !== "") writes.push({ file: "cpu.max", value: max });
  }
  const limit = resources?.memory?.limit;
  if (limit !== undefined && limit !== 0) {
    writes.push({ file: "memory.max", value: limit < 0 ? "max" : String(limit) });
  }
  const pids = resources?.pids?.limit;
  if (pids !== undefined && pids !== 0) {
    writes.push({ file: "pids.max", value: pids < 0 ? "max" : String(pids) });
  }
  return writes;
}
