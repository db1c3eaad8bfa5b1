/**
 * CFS bandwidth control, simulated: how cpu.max turns into "run, then wait for the next
 * period" (Documentation/scheduler/sched-bwc.rst). Each group with a quota has a global
 * runtime pool, refilled every period; CPUs running its threads take runtime from the pool
 * in slices (sched_cfs_bandwidth_slice_us, 5 ms) and spend it locally. A CPU that needs
 * runtime when the pool is empty throttles the group there until the next refill.
 *
 * ```
 *   period timer ──► pool = min(pool + quota, quota + burst)  (__refill_cfs_bandwidth_runtime)
 *                      │ slices of min(slice − local, pool)     (assign_cfs_rq_runtime)
 *              ┌───────┴───────┐
 *          CPU 0 local      CPU 1 local    each running tick: local −= tick at every
 *              │                │          constrained level (the group and its ancestors)
 *          local ≤ 0 and pool empty  ⇒  throttled on that CPU until the refill
 * ```
 *
 * cpu.stat counters follow kernel/sched/fair.c do_sched_cfs_period_timer: at each period
 * boundary an active group counts nr_periods += 1, and nr_throttled += 1 if any of its CPUs
 * is throttled then; throttled_usec sums throttled time over CPUs (throttled_clock);
 * nr_bursts/burst_usec count periods that used more than the quota.
 *
 * Threads may start late (`startUs`): a group idle for a while accumulates up to
 * quota + burst in its pool, which is what cpu.max.burst is for.
 *
 * Model choices (stated, simpler than the kernel): time advances in fixed ticks (100 µs by
 * default, integer ns); each thread stays on one CPU (given, or thread i on CPU i mod cpus);
 * on one CPU, CFS's pick is followed level by level: the group or thread with the least
 * virtual runtime (runtime × 100 / cpu.weight) runs; a CPU whose group goes idle returns all but 1 ms of its local
 * runtime to the pool at once (the kernel waits for its 5 ms slack timer).
 *
 * @module
 */

import { parseOptions } from "@src/options/mod.ts";
import { type CpuStat, parseCpuMax } from "./interface_files.ts";
import { CPU_WEIGHT_DEFAULT, MIN_CFS_RQ_RUNTIME_US } from "./params.ts";
import {
  type BandwidthOptions,
  BandwidthOptionsSchema,
  type BandwidthResult,
  type PeriodRow,
  type TimelineRow,
} from "./bandwidth_types.ts";
import { type Group, newGroup, periodTimer, type Thread } from "./_bandwidth_state.ts";

/** Run `parse`; prefix its error with the option path, keeping the error class. */
function withContext<T>(field: string, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (!(error instanceof Error)) throw error;
    const Class = error.constructor as new (message: string) => Error;
    throw new Class(`Cannot simulate CFS bandwidth: option ${field}: ${error.message}`);
  }
}

/**
 * Run threads in cgroups with cpu.max limits and return the timeline, per-period usage
 * and cpu.stat. Same options → same result.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { simulateBandwidth } from "./bandwidth.ts";
 * // sched-bwc.rst: quota 50 ms per 100 ms period → a CPU-bound thread gets 50 %.
 * const result = simulateBandwidth({
 *   groups: [{ path: "/a", cpuMax: "50000 100000" }],
 *   threads: [{ group: "/a" }],
 *   durationUs: 1_000_000,
 * });
 * assert.equal(result.stats["/a"].usage_usec, 500_000);
 * assert.equal(result.stats["/a"].nr_throttled, 10);
 * ```
 */
export function simulateBandwidth(options: BandwidthOptions): BandwidthResult {
  const o = parseOptions(BandwidthOptionsSchema, options, "simulate CFS bandwidth");
  const us = 1000;
  const dt = o.tickUs * us;
  const cpus = o.cpus;
  const groups = new Map<string, Group>();
  const make = (path: string): Group => {
    const existing = groups.get(path);
    if (existing) return existing;
    const cut = path.lastIndexOf("/");
    const group = newGroup(path, cut > 0 ? make(path.slice(0, cut)) : null, cpus, groups.size);
    groups.set(path, group);
    return group;
  };
  for (const [i, spec] of o.groups.entries()) {
    const group = make(spec.path.replace(/\/+$/, ""));
    const max = withContext(`groups[${i}].cpuMax`, () => parseCpuMax(spec.cpuMax));
    group.quotaNs = max.quotaUs === null ? null : max.quotaUs * us;
    group.periodNs = max.periodUs * us;
    group.burstNs = spec.burstUs * us;
    group.weight = spec.cpuWeight;
    group.pool = group.quotaNs ?? 0; // the pool starts full when the quota is set
    if (max.periodUs % o.tickUs !== 0) {
      throw new RangeError(
        `Cannot simulate CFS bandwidth: groups[${i}].cpuMax period ${max.periodUs} µs (${spec.path}) ` +
          `is not a multiple of tickUs ${o.tickUs}; use a period that is a multiple of ` +
          `${o.tickUs} µs, or pass a tickUs that divides every period`,
      );
    }
  }
  const declared = o.groups.map((g) => g.path.replace(/\/+$/, ""));
  const threads: Thread[] = o.threads.map((spec, i) => {
    // A thread's cgroup must be declared or below a declared one (a typo would otherwise
    // make a new, unlimited cgroup and the limit would silently not apply).
    const path = spec.group.replace(/\/+$/, "") || "/";
    if (
      declared.length > 0 && path !== "/" &&
      !declared.some((d) => path === d || path.startsWith(`${d}/`))
    ) {
      throw new RangeError(
        `Cannot simulate CFS bandwidth: threads[${i}].group ${JSON.stringify(spec.group)} is ` +
          `not in groups [${declared.join(", ")}] nor below one; fix the spelling, or add ` +
          `{ path: ${JSON.stringify(path)} } to groups for an unlimited cgroup`,
      );
    }
    const cpu = spec.cpu ?? i % cpus;
    if (cpu >= cpus) {
      throw new RangeError(
        `Cannot simulate CFS bandwidth: threads[${i}].cpu is ${cpu} but there are ${cpus} CPUs; ` +
          `use 0…${cpus - 1} or raise cpus`,
      );
    }
    const group = spec.group === "/" ? null : make(spec.group.replace(/\/+$/, ""));
    const chain: Group[] = [];
    for (let g = group; g; g = g.parent) chain.push(g);
    return {
      name: spec.name ?? `t${i}`,
      group: spec.group,
      chain,
      limited: chain.filter((g) => g.quotaNs !== null),
      cpu,
      remaining: spec.workUs === null ? Infinity : spec.workUs * us,
      start: spec.startUs * us,
      usage: 0,
      vruntime: 0,
      awake: false,
      index: i,
      doneNs: null as number | null,
    };
  });
  for (const g of groups.values()) g.parent?.childGroups.push(g);
  for (const th of threads) th.chain[0]?.ownThreads.push(th);
  const rootGroups = [...groups.values()].filter((g) => !g.parent);
  const rootThreads = threads.filter((th) => th.chain.length === 0);
  const slice = o.sliceUs * us;
  const keep = MIN_CFS_RQ_RUNTIME_US * us;
  const limited = [...groups.values()].filter((g) => g.quotaNs !== null);
  const timeline: { -readonly [K in keyof TimelineRow]: TimelineRow[K] }[] = [];
  const periods: PeriodRow[] = [];
  const last: number[] = Array(cpus).fill(-1); // index in timeline of each CPU's last row
  const emit = (row: (typeof timeline)[number]) => {
    const previous = timeline[last[row.cpu]];
    if (
      previous && previous.end === row.t && previous.state === row.state &&
      previous.cgroup === row.cgroup && previous.thread === row.thread
    ) {
      previous.end = row.end;
      return;
    }
    last[row.cpu] = timeline.push(row) - 1;
  };

  /** A level can run on `cpu` if it has local runtime or gets a slice from the pool. */
  const admit = (g: Group, cpu: number, t: number): boolean => {
    if (g.throttled[cpu]) return false;
    if (g.local[cpu] > 0) return true;
    // assign_cfs_rq_runtime: amount = min(slice − local, pool)
    const amount = Math.min(slice - g.local[cpu], g.pool);
    g.pool -= amount;
    g.taken += amount;
    g.local[cpu] += amount;
    if (g.local[cpu] > 0) return true;
    g.throttled[cpu] = true;
    g.throttledSince[cpu] = t;
    return false;
  };

  /**
   * The order CFS would try runnable threads on `cpu`: at each level of the cgroup tree the
   * entity (group or thread) with the least virtual runtime first, descending into groups;
   * a throttled group is skipped by the caller, which tries the next thread. An entity that
   * wakes up starts at the least vruntime of its awake siblings (place_entity), so sleeping
   * does not bank CPU time.
   */
  const cfsOrder = (cpu: number, runnable: Thread[]): Thread[] => {
    const hot = new Set<Group>();
    for (const th of runnable) for (const g of th.chain) hot.add(g);
    const live = new Set(runnable);
    if (runnable.length <= 1) {
      // nothing to choose between; only remember who is awake
      for (const g of groups.values()) g.awake[cpu] = hot.has(g);
      for (const th of onCpu[cpu]) th.awake = live.has(th);
      return runnable;
    }
    const visit = (childGroups: Group[], ownThreads: Thread[]): Thread[] => {
      const entities = [
        ...childGroups.filter((g) => hot.has(g)).map((g) => ({
          key: g.order,
          get: () => g.vr[cpu],
          set: (v: number) => (g.vr[cpu] = v),
          awake: g.awake[cpu],
          expand: () => visit(g.childGroups, g.ownThreads),
        })),
        ...ownThreads.filter((th) => live.has(th)).map((th) => ({
          key: 1e9 + th.index,
          get: () => th.vruntime,
          set: (v: number) => (th.vruntime = v),
          awake: th.awake,
          expand: () => [th],
        })),
      ];
      const awake = entities.filter((e) => e.awake).map((e) => e.get());
      const floor = awake.length ? Math.min(...awake) : -Infinity;
      for (const e of entities) if (!e.awake && e.get() < floor) e.set(floor);
      entities.sort((x, y) => x.get() - y.get() || x.key - y.key);
      return entities.flatMap((e) => e.expand());
    };
    const order = visit(rootGroups, rootThreads);
    for (const g of groups.values()) g.awake[cpu] = hot.has(g);
    for (const th of onCpu[cpu]) th.awake = live.has(th);
    return order;
  };

  const durationNs = o.durationUs * us;
  const onCpu = Array.from({ length: cpus }, (_, cpu) => threads.filter((th) => th.cpu === cpu));
  /**
   * How far the simulation may jump from `t` at once (a multiple of the tick): while every
   * CPU has at most one runnable thread whose levels all hold local runtime, nothing
   * changes but counters until a runtime runs out, a thread finishes or starts, a period
   * ends or the run ends. Otherwise one tick. Same result as stepping tick by tick.
   */
  const span = (t: number): number => {
    if (!o.jump) return dt;
    let ticks = Math.ceil((durationNs - t) / dt);
    for (const th of threads) {
      if (th.start > t) ticks = Math.min(ticks, Math.ceil((th.start - t) / dt));
    }
    for (const g of groups.values()) ticks = Math.min(ticks, (g.periodNs - (t % g.periodNs)) / dt);
    for (let cpu = 0; cpu < cpus && ticks > 1; cpu++) {
      const runnable = onCpu[cpu].filter((th) => th.remaining > 0 && th.start <= t);
      if (runnable.length > 1) return dt;
      const th = runnable[0];
      if (!th) {
        // an idle CPU may still hand runtime back this tick (return_cfs_rq_runtime)
        if (limited.some((g) => !g.throttled[cpu] && g.local[cpu] > keep)) return dt;
        continue;
      }
      if (th.limited.some((g) => g.throttled[cpu])) continue; // throttled until the refill
      if (th.limited.some((g) => g.local[cpu] <= 0)) return dt; // takes a slice: tick mode
      for (const g of th.limited) ticks = Math.min(ticks, Math.ceil(g.local[cpu] / dt));
      if (th.remaining !== Infinity) ticks = Math.min(ticks, Math.ceil(th.remaining / dt));
    }
    return Math.max(1, ticks) * dt;
  };

  for (let t = 0, jump = dt; t < durationNs; t += jump) {
    jump = span(t);
    for (let cpu = 0; cpu < cpus; cpu++) {
      const runnable = onCpu[cpu].filter((th) => th.remaining > 0 && th.start <= t);
      for (const th of runnable) for (const g of th.chain) g.active = true;
      const ordered = cfsOrder(cpu, runnable);
      let ran: (typeof threads)[number] | undefined;
      let waiting: (typeof threads)[number] | undefined;
      for (const th of ordered) {
        // every constrained level must admit (a child is also limited by its parents)
        if (th.limited.every((g) => admit(g, cpu, t))) {
          ran = th;
          break;
        }
        waiting ??= th;
      }
      const step = Math.min(jump, durationNs - t);
      if (ran) {
        const run = Math.min(step, ran.remaining);
        ran.remaining -= run;
        ran.usage += run;
        // vruntime += run × 100 / weight at every level (a thread counts as weight 100)
        ran.vruntime += run;
        for (const g of ran.chain) g.vr[cpu] += (run * CPU_WEIGHT_DEFAULT) / g.weight;
        for (const g of ran.chain) {
          g.stat.usage_usec += run;
          g.periodUsage += run;
        }
        for (const g of ran.limited) g.local[cpu] -= run;
        if (ran.remaining === 0) ran.doneNs = t + run;
        emit({ t, end: t + run, cpu, cgroup: ran.group, thread: ran.name, state: "running" });
        if (run < step) {
          emit({ t: t + run, end: t + step, cpu, cgroup: "", thread: "", state: "idle" });
        }
      } else if (waiting) {
        emit({
          t,
          end: t + step,
          cpu,
          cgroup: waiting.group,
          thread: waiting.name,
          state: "throttled",
        });
      } else emit({ t, end: t + step, cpu, cgroup: "", thread: "", state: "idle" });
      // return_cfs_rq_runtime: an idle CPU gives back all but min_cfs_rq_runtime
      for (const g of limited) {
        if (g.local[cpu] <= keep || g.throttled[cpu]) continue;
        const busy = runnable.some((th) => th.chain.includes(g));
        if (!busy && !g.throttled[cpu] && g.local[cpu] > keep) {
          g.pool += g.local[cpu] - keep;
          g.taken -= g.local[cpu] - keep;
          g.local[cpu] = keep;
        }
      }
    }
    const now = t + jump;
    for (const g of groups.values()) {
      if (now % g.periodNs === 0 && now <= durationNs) periodTimer(g, now, periods);
    }
  }
  const stats: Record<string, CpuStat> = {};
  for (const g of groups.values()) {
    for (let cpu = 0; cpu < cpus; cpu++) {
      if (g.throttled[cpu]) g.stat.throttled_usec += (durationNs - g.throttledSince[cpu]) / us;
    }
    g.stat.usage_usec /= us;
    g.stat.user_usec = g.stat.usage_usec;
    stats[g.path] = g.stat;
  }
  return {
    timeline,
    periods,
    stats,
    threads: threads.map((th) => ({
      name: th.name,
      group: th.group,
      cpu: th.cpu,
      usageUs: th.usage / us,
      doneNs: th.doneNs,
    })),
  };
}
