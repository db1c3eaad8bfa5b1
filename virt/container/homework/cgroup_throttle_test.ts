import assert from "node:assert/strict";
import { assign, homeworkOptions } from "@src/exercise/mod.ts";
import { simulateBandwidth } from "../cgroup/mod.ts";
import { cgroupThrottle, type CgroupThrottleProblem } from "./cgroup_throttle.ts";

function simulate(problem: CgroupThrottleProblem, periods: number) {
  return simulateBandwidth({
    cpus: problem.cpus,
    groups: [{ path: "/job", cpuMax: `${problem.quotaMs * 1000} ${problem.periodMs * 1000}` }],
    threads: problem.workMs.map((w, i) => ({ group: "/job", workUs: w * 1000, cpu: i })),
    durationUs: (periods + 1) * problem.periodMs * 1000,
    tickUs: 1000,
  });
}

Deno.test("cgroup-throttle: solve() agrees with simulateBandwidth over 300 seeds", () => {
  for (let seed = 0; seed < 300; seed++) {
    const problem = cgroupThrottle.generate(seed, homeworkOptions(cgroupThrottle, {}));
    const solution = cgroupThrottle.solve(problem);
    const run = simulate(problem, solution.nrPeriods);
    const label = `seed ${seed}: ${JSON.stringify(problem)}`;
    const stat = run.stats["/job"];
    assert.equal(stat.nr_periods, solution.nrPeriods, label);
    assert.equal(stat.nr_throttled, solution.nrThrottled, label);
    assert.equal(stat.throttled_usec, solution.throttledUsec, label);
    assert.deepEqual(
      run.periods.slice(0, solution.nrPeriods).map((p) => p.usageUs / 1000),
      solution.usageMsPerPeriod,
      label,
    );
    assert.deepEqual(run.threads.map((t) => t.doneNs! / 1e6), solution.doneMs, label);
  }
});

Deno.test("cgroup-throttle: a hand-worked problem", () => {
  // Q 60, P 100, two threads: 30 ms each per period (throttled 70 ms each).
  // t1 needs 30 → done at 30 ms; then t0 alone gets min(60, 100) = 60 per period:
  // t0 needs 30 + 60 + 60 = 150 → done at 200 + 60 = 260 ms.
  // throttled: period 0 (t0 continues: 1 × 70 ms), period 1 (1 × 40 ms); period 2 ends with t0 done.
  const solution = cgroupThrottle.solve({ quotaMs: 60, periodMs: 100, cpus: 2, workMs: [150, 30] });
  assert.deepEqual(solution, {
    usageMsPerPeriod: [60, 60, 60],
    nrPeriods: 3,
    nrThrottled: 2,
    throttledUsec: 110_000,
    doneMs: [260, 30],
  });
});

Deno.test("cgroup-throttle: deterministic, varied, answers only with -c; option errors", () => {
  assert.equal(
    assign(cgroupThrottle, { seed: 3 }).text(true),
    assign(cgroupThrottle, { seed: 3 }).text(true),
  );
  const texts = new Set(
    Array.from({ length: 10 }, (_, seed) => assign(cgroupThrottle, { seed }).text()),
  );
  assert.equal(texts.size, 10);
  const sheet = assign(cgroupThrottle, { seed: 3 });
  assert.doesNotMatch(sheet.text(), /nr_periods \d/);
  assert.match(sheet.text(true), new RegExp(`nr_periods ${sheet.solution.nrPeriods},`));
  assert.throws(() => homeworkOptions(cgroupThrottle, { threads: 4 }), /threads must be ≤ 3/);
});
