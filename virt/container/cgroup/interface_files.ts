/**
 * cgroup v2 interface files as text: what you read and write under /sys/fs/cgroup/<path>/.
 * Each parser gives a plain value and throws a clear error where the kernel answers
 * EINVAL; each formatter prints what the kernel prints
 * (Documentation/admin-guide/cgroup-v2.rst, "Interface Files" and "Controllers").
 *
 * ```
 *   cpu.max        "$MAX $PERIOD"        "max 100000", "50000 100000"; "50000" keeps the period
 *   cpu.weight     1 … 10000             default 100
 *   memory.max     "max" | bytes         also memory.high/low/min; K M G T suffixes (memparse)
 *   pids.max       "max" | count
 *   cpu.stat       flat keyed            "usage_usec 123\nuser_usec …"
 *   memory.events  flat keyed            "low 0\nhigh 3\nmax 1\noom 0\noom_kill 0"
 *   cgroup.subtree_control  "+cpu +memory -io"   (space separated, + enables, - disables)
 * ```
 *
 * "max" is represented as `null` (no limit).
 *
 * @module
 */

import { CPU_PERIOD_DEFAULT_US, CPU_PERIOD_MAX_US, CPU_PERIOD_MIN_US } from "./params.ts";
import { CPU_WEIGHT_MAX, CPU_WEIGHT_MIN } from "./params.ts";

/**
 * A parsed cpu.max: quota per period in µs; quota null means "max" (no limit).
 *
 * @example
 * ```ts
 * import type { CpuMax } from "./interface_files.ts";
 * const half: CpuMax = { quotaUs: 50000, periodUs: 100000 };
 * ```
 */
export interface CpuMax {
  /** Runtime per period, µs; null for "max". */
  readonly quotaUs: number | null;
  /** Period, µs. */
  readonly periodUs: number;
}

/** µs per unit a learner may type by mistake ("50ms"): the files take plain microseconds. */
const UNITS_US: Record<string, number> = { us: 1, "µs": 1, ms: 1000, s: 1_000_000 };

function integer(text: string, file: string, what: string, fix = 'write digits or "max"'): number {
  if (!/^\d+$/.test(text)) {
    const unit = /^(\d+(?:\.\d+)?)\s*(us|µs|ms|s)$/.exec(text);
    const hint = unit && file === "cpu.max"
      ? `; ${file} takes microseconds without a unit: ${text} is ${
        Math.round(Number(unit[1]) * UNITS_US[unit[2]])
      }`
      : `; ${fix}`;
    throw new SyntaxError(
      `Cannot parse ${file}: ${what} ${JSON.stringify(text)} is not a non-negative integer ` +
        `(the kernel answers EINVAL)${hint}`,
    );
  }
  return Number(text);
}

/**
 * Parse a cpu.max write: "$MAX $PERIOD" or "$MAX" alone (the period stays `previousPeriodUs`).
 * Quota and period must be 1 ms … 1 s for the period and ≥ 1 ms for the quota (sched-bwc.rst).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseCpuMax } from "./interface_files.ts";
 * assert.deepEqual(parseCpuMax("max 100000"), { quotaUs: null, periodUs: 100000 });
 * assert.deepEqual(parseCpuMax("50000"), { quotaUs: 50000, periodUs: 100000 });
 * assert.throws(() => parseCpuMax("500 100000"), /quota 500 µs is below 1000/);
 * ```
 */
export function parseCpuMax(text: string, previousPeriodUs = CPU_PERIOD_DEFAULT_US): CpuMax {
  const fields = String(text).trim().split(/\s+/);
  if (fields.length < 1 || fields.length > 2 || fields[0] === "") {
    throw new SyntaxError(
      `Cannot parse cpu.max ${
        JSON.stringify(text)
      }: expected "$MAX $PERIOD", e.g. "50000 100000" ` +
        `or "max 100000"`,
    );
  }
  // "$MAX $PERIOD": quota first. "100000 50000" is valid: 2 CPUs' worth per 50 ms period.
  const quotaUs = fields[0] === "max" ? null : integer(fields[0], "cpu.max", "quota");
  const periodUs = fields.length === 2 ? integer(fields[1], "cpu.max", "period") : previousPeriodUs;
  if (periodUs < CPU_PERIOD_MIN_US || periodUs > CPU_PERIOD_MAX_US) {
    throw new RangeError(
      `Invalid cpu.max: period ${periodUs} µs is outside ${CPU_PERIOD_MIN_US}…${CPU_PERIOD_MAX_US} ` +
        "(EINVAL); choose a period from 1 ms to 1 s",
    );
  }
  if (quotaUs !== null && quotaUs < CPU_PERIOD_MIN_US) {
    throw new RangeError(
      `Invalid cpu.max: quota ${quotaUs} µs is below ${CPU_PERIOD_MIN_US} (EINVAL); ` +
        "use at least 1000 or max",
    );
  }
  return { quotaUs, periodUs };
}

/**
 * Format cpu.max as the kernel prints it.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { formatCpuMax } from "./interface_files.ts";
 * assert.equal(formatCpuMax({ quotaUs: null, periodUs: 100000 }), "max 100000\n");
 * ```
 */
export function formatCpuMax(value: CpuMax): string {
  return `${value.quotaUs === null ? "max" : value.quotaUs} ${value.periodUs}\n`;
}

/**
 * Parse cpu.weight: an integer 1 … 10000 (cgroup-v2.rst "Weights").
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseCpuWeight } from "./interface_files.ts";
 * assert.equal(parseCpuWeight("200\n"), 200);
 * assert.throws(() => parseCpuWeight("0"), /cpu.weight 0: outside 1…10000/);
 * ```
 */
export function parseCpuWeight(text: string): number {
  const weight = integer(
    String(text).trim(),
    "cpu.weight",
    "value",
    `write a whole number ${CPU_WEIGHT_MIN}…${CPU_WEIGHT_MAX}, e.g. "100"`,
  );
  if (weight < CPU_WEIGHT_MIN || weight > CPU_WEIGHT_MAX) {
    throw new RangeError(
      `Invalid cpu.weight ${weight}: outside ${CPU_WEIGHT_MIN}…${CPU_WEIGHT_MAX} (ERANGE); ` +
        `write a weight from ${CPU_WEIGHT_MIN} to ${CPU_WEIGHT_MAX} (100 is the default)`,
    );
  }
  return weight;
}

const SUFFIX: Record<string, number> = { K: 2 ** 10, M: 2 ** 20, G: 2 ** 30, T: 2 ** 40 };

/**
 * Parse memory.max/high/low/min: "max" (null) or bytes, with an optional K/M/G/T suffix
 * (powers of 1024, lib/cmdline.c memparse). The kernel rounds down to whole pages when it
 * applies the value; the model keeps bytes.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseMemoryValue } from "./interface_files.ts";
 * assert.equal(parseMemoryValue("max"), null);
 * assert.equal(parseMemoryValue("256M"), 268435456);
 * ```
 */
export function parseMemoryValue(text: string, file = "memory.max"): number | null {
  const value = String(text).trim();
  if (value === "max") return null;
  const match = /^(\d+)([KMGTkmgt])?$/.exec(value);
  if (!match) {
    throw new SyntaxError(
      `Cannot parse ${file} ${JSON.stringify(text)}: write "max" or bytes, e.g. "268435456" or ` +
        `"256M" (EINVAL)`,
    );
  }
  return Number(match[1]) * (match[2] ? SUFFIX[match[2].toUpperCase()] : 1);
}

/**
 * Format a memory or pids limit: null → "max".
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { formatLimit } from "./interface_files.ts";
 * assert.equal(formatLimit(null), "max\n");
 * assert.equal(formatLimit(4096), "4096\n");
 * ```
 */
export function formatLimit(value: number | null): string {
  return `${value === null ? "max" : value}\n`;
}

/**
 * Parse pids.max: "max" (null) or a count.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parsePidsMax } from "./interface_files.ts";
 * assert.equal(parsePidsMax("64"), 64);
 * assert.throws(() => parsePidsMax("-1"), SyntaxError);
 * ```
 */
export function parsePidsMax(text: string): number | null {
  const value = String(text).trim();
  return value === "max" ? null : integer(value, "pids.max", "value", 'write a count or "max"');
}

/**
 * Parse a flat keyed file (cpu.stat, memory.events, cgroup.stat): "key value" per line.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseFlatKeyed } from "./interface_files.ts";
 * assert.deepEqual(parseFlatKeyed("nr_periods 10\nnr_throttled 10\n"), { nr_periods: 10, nr_throttled: 10 });
 * ```
 */
export function parseFlatKeyed(text: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [i, line] of String(text).split("\n").entries()) {
    if (line.trim() === "") continue;
    const match = /^([a-z_0-9.]+) (\d+)$/.exec(line.trim());
    if (!match) {
      throw new SyntaxError(
        `Cannot parse flat keyed line ${i + 1} ${JSON.stringify(line)}: expected "key value"`,
      );
    }
    out[match[1]] = Number(match[2]);
  }
  return out;
}

/**
 * Format a flat keyed file in the given key order.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { formatFlatKeyed } from "./interface_files.ts";
 * assert.equal(formatFlatKeyed({ low: 0, high: 2 }), "low 0\nhigh 2\n");
 * ```
 */
export function formatFlatKeyed(values: Record<string, number>): string {
  return Object.entries(values).map(([key, value]) => `${key} ${value}\n`).join("");
}

/**
 * cpu.stat of a cgroup with the cpu controller enabled (cgroup-v2.rst "cpu.stat").
 *
 * @example
 * ```ts
 * import type { CpuStat } from "./interface_files.ts";
 * const idle: CpuStat = { usage_usec: 0, user_usec: 0, system_usec: 0, nr_periods: 0,
 *   nr_throttled: 0, throttled_usec: 0, nr_bursts: 0, burst_usec: 0 };
 * ```
 */
export interface CpuStat {
  /** CPU time used, µs. */
  usage_usec: number;
  /** …of which in user mode (the model runs only user code). */
  user_usec: number;
  /** …of which in the kernel. */
  system_usec: number;
  /** Enforcement periods that elapsed while the group was active. */
  nr_periods: number;
  /** Periods that ended with the group throttled. */
  nr_throttled: number;
  /** Time its runqueues spent throttled, summed over CPUs, µs. */
  throttled_usec: number;
  /** Periods in which the group used more than its quota (cpu.max.burst). */
  nr_bursts: number;
  /** Runtime used beyond the quota, µs. */
  burst_usec: number;
}

/**
 * memory.events (cgroup-v2.rst "memory.events").
 *
 * @example
 * ```ts
 * import type { MemoryEvents } from "./interface_files.ts";
 * const none: MemoryEvents = { low: 0, high: 0, max: 0, oom: 0, oom_kill: 0 };
 * ```
 */
export interface MemoryEvents {
  /** Reclaimed though under memory.low. */
  low: number;
  /** Throttled into direct reclaim above memory.high. */
  high: number;
  /** Usage about to pass memory.max. */
  max: number;
  /** Reclaim failed at memory.max: the allocation was about to fail. */
  oom: number;
  /** Processes killed by the OOM killer. */
  oom_kill: number;
}

/**
 * One token of a cgroup.subtree_control write.
 *
 * @example
 * ```ts
 * import type { SubtreeChange } from "./interface_files.ts";
 * const change: SubtreeChange = { enable: true, controller: "cpu" };
 * ```
 */
export interface SubtreeChange {
  /** "+" enables, "-" disables. */
  readonly enable: boolean;
  /** Controller name. */
  readonly controller: string;
}

/**
 * Parse "+cpu +memory -io". A token without + or - is EINVAL, as in the kernel
 * (kernel/cgroup/cgroup.c cgroup_subtree_control_write); a later token for the same
 * controller wins.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseSubtreeControl } from "./interface_files.ts";
 * assert.deepEqual(parseSubtreeControl("+cpu -io"), [
 *   { enable: true, controller: "cpu" },
 *   { enable: false, controller: "io" },
 * ]);
 * assert.throws(() => parseSubtreeControl("cpu"), /prefix each controller with \+ or -/);
 * ```
 */
export function parseSubtreeControl(text: string): SubtreeChange[] {
  return String(text).trim().split(/\s+/).filter((t) => t !== "").map((token) => {
    if (!/^[+-][a-z_]+$/.test(token)) {
      throw new SyntaxError(
        `Cannot parse cgroup.subtree_control token ${JSON.stringify(token)} (EINVAL): ` +
          `prefix each controller with + or -, e.g. "+cpu +memory"`,
      );
    }
    return { enable: token[0] === "+", controller: token.slice(1) };
  });
}
