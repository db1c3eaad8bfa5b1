/**
 * Homework `cgroup-throttle`: CFS bandwidth control by hand. A cgroup with cpu.max
 * "Q P" runs k threads, each alone on its own CPU, each with a fixed amount of work.
 * Every period the group's pool is refilled with Q; the CPUs take it in 5 ms slices in
 * lockstep, so each of the k busy threads gets an equal allowance (Q is a multiple of
 * 30 ms, so Q/k is a whole number of slices for k ≤ 3):
 *
 * ```
 *   allowance(k)     = min(Q / k, P)                CPU time per thread per period
 *   usage per period = k × allowance(k) = min(Q, k × P)
 *   throttled at the period's end  ⇔  Q / k < P and some thread still has work
 *   throttled_usec  += (threads still working) × (P − Q/k)   for each throttled period
 *   a thread finishing in period f ends at (f − 1) × P + allowance(k_f)
 * ```
 *
 * The threads' work is generated so that each finishes exactly when its allowance runs
 * out; the tests check `solve` against `simulateBandwidth` over many seeds.
 *
 * Usage: `deno task homework cgroup-throttle --seed 7 [-c]`.
 *
 * Sources: Documentation/scheduler/sched-bwc.rst (quota, period, 5 ms slices, throttling);
 * Documentation/admin-guide/cgroup-v2.rst "cpu.stat" (nr_periods, nr_throttled,
 * throttled_usec); kernel/sched/fair.c do_sched_cfs_period_timer (the counters per period).
 *
 * @module
 */

import { defineHomework, z } from "@src/exercise/mod.ts";
import { Random } from "@src/sim/mod.ts";

/**
 * A generated cgroup-throttle problem (times in ms).
 *
 * @example
 * ```ts
 * import type { CgroupThrottleProblem } from "./cgroup_throttle.ts";
 * const p: CgroupThrottleProblem = { quotaMs: 60, periodMs: 100, cpus: 2, workMs: [60, 30] };
 * ```
 */
export interface CgroupThrottleProblem {
  /** cpu.max quota, ms. */
  readonly quotaMs: number;
  /** cpu.max period, ms. */
  readonly periodMs: number;
  /** CPUs in the machine (≥ threads). */
  readonly cpus: number;
  /** CPU work of thread i (on CPU i), ms. */
  readonly workMs: readonly number[];
}

/**
 * The answer key.
 *
 * @example
 * ```ts
 * import type { CgroupThrottleSolution } from "./cgroup_throttle.ts";
 * type Usage = CgroupThrottleSolution["usageMsPerPeriod"]; // one number per period
 * ```
 */
export interface CgroupThrottleSolution {
  /** Group CPU time in each period until all work is done, ms. */
  readonly usageMsPerPeriod: readonly number[];
  /** cpu.stat nr_periods once all work is done. */
  readonly nrPeriods: number;
  /** cpu.stat nr_throttled. */
  readonly nrThrottled: number;
  /** cpu.stat throttled_usec. */
  readonly throttledUsec: number;
  /** When each thread's work completes, ms from the start. */
  readonly doneMs: readonly number[];
}

const Options = z.object({
  threads: z.number().int().min(0).max(3).default(0)
    .describe("threads in the cgroup, 1–3; 0: seeded"),
  periods: z.number().int().min(1).max(6).default(4)
    .describe("the last thread finishes within this many periods"),
});

/**
 * Options of the `cgroup-throttle` generator.
 *
 * @example
 * ```ts
 * import type { CgroupThrottleOptions } from "./cgroup_throttle.ts";
 * const options: CgroupThrottleOptions = { threads: 2, periods: 4 };
 * ```
 */
export type CgroupThrottleOptions = z.output<typeof Options>;

/** allowance(k) = min(Q / k, P). */
const allowance = (p: CgroupThrottleProblem, k: number) => Math.min(p.quotaMs / k, p.periodMs);

function generate(seed: number, options: CgroupThrottleOptions): CgroupThrottleProblem {
  const random = new Random(seed).fork("cgroup-throttle");
  const k = options.threads || random.int(1, 3);
  const periodMs = random.choice([50, 100]);
  const quotaMs = 30 * random.int(1, Math.min(6, Math.floor((k * periodMs) / 30) + 1));
  const cpus = random.int(k, 4);
  const finish = Array.from({ length: k }, () => random.int(1, options.periods));
  const base = { quotaMs, periodMs, cpus, workMs: [] };
  // work_i = Σ over periods p ≤ f_i of allowance(k_p), k_p = threads with f ≥ p
  const workMs = finish.map((f) => {
    let work = 0;
    for (let p = 1; p <= f; p++) work += allowance(base, finish.filter((g) => g >= p).length);
    return work;
  });
  return { quotaMs, periodMs, cpus, workMs };
}

function solve(problem: CgroupThrottleProblem): CgroupThrottleSolution {
  const left = [...problem.workMs];
  const doneMs: number[] = left.map(() => 0);
  const usageMsPerPeriod: number[] = [];
  let nrThrottled = 0;
  let throttledUsec = 0;
  for (let period = 0; left.some((w) => w > 0); period++) {
    const busy = left.map((w, i) => (w > 0 ? i : -1)).filter((i) => i >= 0);
    const share = allowance(problem, busy.length);
    let continuing = 0;
    for (const i of busy) {
      const run = Math.min(share, left[i]);
      left[i] -= run;
      if (left[i] === 0) doneMs[i] = period * problem.periodMs + run;
      else continuing += 1;
    }
    // usage per period = k × allowance(k) (threads finish exactly at their allowance)
    usageMsPerPeriod.push(busy.length * share);
    if (share < problem.periodMs && continuing > 0) {
      nrThrottled += 1;
      throttledUsec += continuing * (problem.periodMs - share) * 1000;
    }
  }
  return {
    usageMsPerPeriod,
    nrPeriods: usageMsPerPeriod.length,
    nrThrottled,
    throttledUsec,
    doneMs,
  };
}

function render(problem: CgroupThrottleProblem, solution?: CgroupThrottleSolution): string {
  const { quotaMs: q, periodMs: p } = problem;
  const k = problem.workMs.length;
  const out = [
    `A cgroup has cpu.max "${q * 1000} ${p * 1000}" (quota ${q} ms per ${p} ms period) on a`,
    `${problem.cpus}-CPU machine. It runs ${k} thread${k > 1 ? "s" : ""}, thread i alone on CPU i,`,
    `all runnable from t = 0, needing ${problem.workMs.map((w, i) => `t${i}: ${w} ms`).join(", ")}`,
    "of CPU time. Runtime is handed out in 5 ms slices (sched_cfs_bandwidth_slice_us); the",
    "threads run in lockstep, so busy threads share each period's quota equally.",
    "",
    `1. How much CPU time may each busy thread use per period while all ${k} run?`,
  ];
  if (solution) {
    out.push(`   min(Q / k, P) = min(${q} / ${k}, ${p}) = ${allowance(problem, k)} ms`);
  }
  out.push("2. How much CPU time does the group use in each period until all work is done?");
  if (solution) out.push(`   ${solution.usageMsPerPeriod.map((u) => `${u} ms`).join(", ")}`);
  out.push("3. What do nr_periods, nr_throttled and throttled_usec in cpu.stat read then?");
  if (solution) {
    out.push(
      `   nr_periods ${solution.nrPeriods}, nr_throttled ${solution.nrThrottled}, ` +
        `throttled_usec ${solution.throttledUsec} (summed over CPUs)`,
    );
  }
  out.push("4. When does each thread's work complete (ms from the start)?");
  if (solution) {
    out.push(`   ${solution.doneMs.map((d, i) => `t${i} at ${d} ms`).join(", ")}`);
  }
  return out.join("\n");
}

/**
 * The `cgroup-throttle` homework generator.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { assign } from "@src/exercise/mod.ts";
 * import { cgroupThrottle } from "./cgroup_throttle.ts";
 * const sheet = assign(cgroupThrottle, { seed: 7 });
 * assert.equal(sheet.solution.nrPeriods, sheet.solution.usageMsPerPeriod.length);
 * ```
 */
export const cgroupThrottle = defineHomework({
  name: "cgroup-throttle",
  description: "CFS bandwidth control: usage per period, cpu.stat counters and completion times",
  options: Options,
  generate,
  solve,
  render,
});
