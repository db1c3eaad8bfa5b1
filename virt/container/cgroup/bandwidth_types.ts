/**
 * What goes into and comes out of `simulateBandwidth` (bandwidth.ts): the options with
 * their zod schema, and the tidy rows a chart or a test reads.
 *
 * ```
 *   options  { cpus, durationUs, tickUs, sliceUs, jump, groups[{path, cpuMax, cpuWeight,
 *              burstUs}], threads[{group, name, workUs, cpu, startUs}] }
 *   result   { timeline: TimelineRow[]   per-CPU stretches: running | throttled | idle
 *              periods:  PeriodRow[]     usage of each quota-limited group per period
 *              stats:    {path: CpuStat} cpu.stat per cgroup
 *              threads:  [{name, usageUs, doneNs}] }
 * ```
 *
 * Units follow the interface files: µs in options and cpu.stat (cgroup-v2.rst "cpu.max",
 * "cpu.stat"), ns for simulated time in the rows (the integer clock of src/sim).
 *
 * @module
 */

import { z } from "zod";
import type { CpuStat } from "./interface_files.ts";
import {
  CFS_BANDWIDTH_SLICE_US,
  CPU_WEIGHT_DEFAULT,
  CPU_WEIGHT_MAX,
  SIMULATION_TICK_US,
} from "./params.ts";

/**
 * The zod schema of BandwidthOptions (parsed with parseOptions).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { BandwidthOptionsSchema } from "./bandwidth_types.ts";
 * const options = BandwidthOptionsSchema.parse({ threads: [{ group: "/a" }] });
 * assert.equal(options.sliceUs, 5000); // sched_cfs_bandwidth_slice_us
 * ```
 */
export const BandwidthOptionsSchema = z.object({
  cpus: z.number().int().min(1).max(64).default(1),
  durationUs: z.number().int().min(1).max(60_000_000).default(1_000_000),
  tickUs: z.number().int().min(1).max(10_000).default(SIMULATION_TICK_US),
  sliceUs: z.number().int().min(1).max(1_000_000).default(CFS_BANDWIDTH_SLICE_US),
  jump: z.boolean().default(true),
  groups: z.array(
    z.object({
      path: z.string().regex(/^\/\S+$/, 'must be a cgroup path starting with "/", e.g. "/web/a"'),
      cpuMax: z.string().default("max 100000"),
      cpuWeight: z.number().int().min(1).max(CPU_WEIGHT_MAX).default(CPU_WEIGHT_DEFAULT),
      burstUs: z.number().int().min(0).default(0),
    }).strict(),
  ).default([]),
  threads: z.array(
    z.object({
      group: z.string().regex(/^\/\S*$/, 'must be a cgroup path starting with "/", e.g. "/web/a"'),
      name: z.string().optional(),
      workUs: z.number().int().min(1).nullable().default(null),
      cpu: z.number().int().min(0).optional(),
      startUs: z.number().int().min(0).default(0),
    }).strict(),
  ).min(1),
}).strict();

/**
 * Options of `simulateBandwidth` (µs as in the interface files).
 *
 * @example
 * ```ts
 * import type { BandwidthOptions } from "./bandwidth_types.ts";
 * const options: BandwidthOptions = {
 *   groups: [{ path: "/a", cpuMax: "50000 100000" }],
 *   threads: [{ group: "/a" }],
 * };
 * ```
 */
export interface BandwidthOptions {
  /** CPUs. @default 1 */
  readonly cpus?: number;
  /** Simulated time, µs. @default 1000000 */
  readonly durationUs?: number;
  /** Time step, µs; quotas and work should be multiples of it. @default 100 */
  readonly tickUs?: number;
  /** sched_cfs_bandwidth_slice_us. @default 5000 */
  readonly sliceUs?: number;
  /** Skip over steady stretches (false: step every tick; same result, slower). @default true */
  readonly jump?: boolean;
  /** Cgroups with cpu settings; missing ancestors are unlimited. @default [] */
  readonly groups?: readonly {
    /** Path, e.g. "/web/a". */
    readonly path: string;
    /** cpu.max text. @default "max 100000" */
    readonly cpuMax?: string;
    /** cpu.weight. @default 100 */
    readonly cpuWeight?: number;
    /** cpu.max.burst, µs. @default 0 */
    readonly burstUs?: number;
  }[];
  /** Threads, all runnable from t = 0. */
  readonly threads: readonly {
    /** The cgroup it is in: one of `groups` or below one ("/" or any path if `groups` is empty). */
    readonly group: string;
    /** Name in rows. @default "t<i>" */
    readonly name?: string;
    /** CPU work to do, µs; null runs forever (CPU-bound). @default null */
    readonly workUs?: number | null;
    /** CPU it runs on. @default i mod cpus */
    readonly cpu?: number;
    /** When it becomes runnable, µs. @default 0 */
    readonly startUs?: number;
  }[];
}

/**
 * One stretch of one CPU's timeline, tidy for a chart (times in ns).
 *
 * @example
 * ```ts
 * import type { TimelineRow } from "./bandwidth_types.ts";
 * const row: TimelineRow = { t: 0, end: 50_000_000, cpu: 0, cgroup: "/a", thread: "t0", state: "running" };
 * ```
 */
export interface TimelineRow {
  /** Start, ns. */
  readonly t: number;
  /** End, ns. */
  readonly end: number;
  /** CPU number. */
  readonly cpu: number;
  /** Cgroup running or throttled there ("" when idle). */
  readonly cgroup: string;
  /** Thread running or waiting there ("" when idle). */
  readonly thread: string;
  /** What the CPU does for that cgroup. */
  readonly state: "running" | "throttled" | "idle";
}

/**
 * One group's use of one period.
 *
 * @example
 * ```ts
 * import type { PeriodRow } from "./bandwidth_types.ts";
 * const row: PeriodRow = { cgroup: "/a", period: 0, t: 0, usageUs: 50000, throttled: true };
 * ```
 */
export interface PeriodRow {
  /** Cgroup path. */
  readonly cgroup: string;
  /** Period index from 0. */
  readonly period: number;
  /** Period start, ns. */
  readonly t: number;
  /** CPU time used in the period (all CPUs), µs. */
  readonly usageUs: number;
  /** Throttled at the period's end. */
  readonly throttled: boolean;
}

/**
 * The result of a bandwidth simulation.
 *
 * @example
 * ```ts
 * import type { BandwidthResult } from "./bandwidth_types.ts";
 * type Stat = BandwidthResult["stats"][string]; // a CpuStat
 * ```
 */
export interface BandwidthResult {
  /** Per-CPU stretches, in time order per CPU. */
  readonly timeline: readonly TimelineRow[];
  /** Per-period usage of every group with a quota. */
  readonly periods: readonly PeriodRow[];
  /** cpu.stat per cgroup path (every group, including implicit ancestors; not the root). */
  readonly stats: Readonly<Record<string, CpuStat>>;
  /** Per thread: CPU used and when its work finished (ns, null if not finished). */
  readonly threads: readonly {
    name: string;
    group: string;
    cpu: number;
    usageUs: number;
    doneNs: number | null;
  }[];
}
