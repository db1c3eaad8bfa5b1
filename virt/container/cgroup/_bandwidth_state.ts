// The state of one bandwidth simulation (private to cgroup/; bandwidth.ts runs the loop):
// a Group per cgroup with its global runtime pool and per-CPU local runtime, a Thread per
// thread, and the period timer that refills the pools and counts cpu.stat.
//
//   Group  pool ──slices──► local[cpu]      throttled[cpu] since throttledSince[cpu]
//          quotaNs per periodNs (+ burstNs)  stat: cpu.stat counters
//
// Sources: Documentation/scheduler/sched-bwc.rst; kernel/sched/fair.c
// do_sched_cfs_period_timer, __refill_cfs_bandwidth_runtime.

import type { CpuStat } from "./interface_files.ts";
import type { PeriodRow } from "./bandwidth_types.ts";
import { CPU_PERIOD_DEFAULT_US, CPU_WEIGHT_DEFAULT } from "./params.ts";

/** One cgroup in the simulation. */
export interface Group {
  path: string;
  parent: Group | null;
  quotaNs: number | null;
  periodNs: number;
  burstNs: number;
  weight: number;
  pool: number;
  taken: number;
  local: number[];
  throttled: boolean[];
  throttledSince: number[];
  active: boolean;
  periodUsage: number;
  period: number;
  stat: CpuStat;
  /** Per-CPU virtual runtime of the group's entity in its parent's runqueue. */
  vr: number[];
  /** Per-CPU: was the entity runnable at the last tick (for wake-up placement)? */
  awake: boolean[];
  order: number;
  childGroups: Group[];
  ownThreads: Thread[];
}

/** One thread in the simulation. */
export interface Thread {
  name: string;
  group: string;
  chain: Group[];
  limited: Group[];
  cpu: number;
  remaining: number;
  start: number;
  usage: number;
  vruntime: number;
  awake: boolean;
  index: number;
  doneNs: number | null;
}

/** A group with no limit yet (cpu.max "max 100000", weight 100), `cpus` CPUs wide. */
export function newGroup(path: string, parent: Group | null, cpus: number, order: number): Group {
  const us = 1000;
  return {
    path,
    parent,
    quotaNs: null,
    periodNs: CPU_PERIOD_DEFAULT_US * us,
    burstNs: 0,
    weight: CPU_WEIGHT_DEFAULT,
    pool: 0,
    taken: 0,
    local: Array(cpus).fill(0),
    throttled: Array(cpus).fill(false),
    throttledSince: Array(cpus).fill(0),
    active: false,
    periodUsage: 0,
    period: 0,
    vr: Array(cpus).fill(0),
    awake: Array(cpus).fill(false),
    order,
    childGroups: [],
    ownThreads: [],
    stat: {
      usage_usec: 0,
      user_usec: 0,
      system_usec: 0,
      nr_periods: 0,
      nr_throttled: 0,
      throttled_usec: 0,
      nr_bursts: 0,
      burst_usec: 0,
    },
  };
}

/**
 * The period timer of `g` fires at `now` (a multiple of its period): count nr_periods,
 * nr_throttled and bursts, append the period's row, refill the pool and unthrottle.
 */
export function periodTimer(g: Group, now: number, periods: PeriodRow[]): void {
  const us = 1000;
  const cpus = g.throttled.length;
  const anyThrottled = g.throttled.some((x) => x);
  // the period timer runs only for groups with a quota (do_sched_cfs_period_timer)
  if (g.active && g.quotaNs !== null) g.stat.nr_periods += 1;
  if (anyThrottled) g.stat.nr_throttled += 1;
  if (g.quotaNs !== null) {
    periods.push({
      cgroup: g.path,
      period: g.period,
      t: now - g.periodNs,
      usageUs: g.periodUsage / us,
      throttled: anyThrottled,
    });
    if (g.taken > g.quotaNs) {
      g.stat.nr_bursts += 1;
      g.stat.burst_usec += (g.taken - g.quotaNs) / us;
    }
    // __refill_cfs_bandwidth_runtime: runtime = min(runtime + quota, quota + burst)
    g.pool = Math.min(g.pool + g.quotaNs, g.quotaNs + g.burstNs);
    g.taken = 0;
  }
  for (let cpu = 0; cpu < cpus; cpu++) {
    if (!g.throttled[cpu]) continue;
    g.stat.throttled_usec += (now - g.throttledSince[cpu]) / us;
    g.throttled[cpu] = false;
  }
  g.active = false;
  g.periodUsage = 0;
  g.period += 1;
}
