import assert from "node:assert/strict";
import { Random } from "@src/sim/mod.ts";
import { simulateBandwidth } from "./bandwidth.ts";

const MS = 1_000_000; // ns

Deno.test("sched-bwc: quota 50 ms / period 100 ms gives one CPU-bound thread 50 %, throttled every period", () => {
  const result = simulateBandwidth({
    groups: [{ path: "/a", cpuMax: "50000 100000" }],
    threads: [{ group: "/a", name: "spin" }],
    durationUs: 1_000_000,
  });
  // hand count: 10 periods × (50 ms running + 50 ms throttled)
  assert.deepEqual(result.stats["/a"], {
    usage_usec: 500_000,
    user_usec: 500_000,
    system_usec: 0,
    nr_periods: 10,
    nr_throttled: 10,
    throttled_usec: 500_000,
    nr_bursts: 0,
    burst_usec: 0,
  });
  assert.deepEqual(
    result.timeline.slice(0, 3).map((r) => [r.t / MS, r.end / MS, r.state]),
    [[0, 50, "running"], [50, 100, "throttled"], [100, 150, "running"]],
  );
  assert.ok(result.periods.every((p) => p.usageUs === 50_000 && p.throttled));
});

Deno.test("sched-bwc: two threads on two CPUs with quota = period are each throttled half the time", () => {
  const result = simulateBandwidth({
    cpus: 2,
    groups: [{ path: "/a", cpuMax: "100000 100000" }],
    threads: [{ group: "/a" }, { group: "/a" }],
    durationUs: 500_000,
  });
  // pool 100 ms drained in 5 ms slices by both CPUs at once: empty at 50 ms.
  // throttled_usec sums CPUs: 5 periods × 2 CPUs × 50 ms = 500 ms.
  assert.equal(result.stats["/a"].usage_usec, 500_000);
  assert.equal(result.stats["/a"].nr_throttled, 5);
  assert.equal(result.stats["/a"].throttled_usec, 500_000);
  for (const thread of result.threads) assert.equal(thread.usageUs, 250_000);
});

Deno.test("sched-bwc examples: 1 CPU worth (250/250), 2 CPUs worth (1000/500), 20 % (10/50)", () => {
  const one = simulateBandwidth({
    groups: [{ path: "/g", cpuMax: "250000 250000" }],
    threads: [{ group: "/g" }],
    durationUs: 1_000_000,
  });
  assert.deepEqual([one.stats["/g"].usage_usec, one.stats["/g"].nr_throttled], [1_000_000, 0]);
  const two = simulateBandwidth({
    cpus: 3,
    groups: [{ path: "/g", cpuMax: "1000000 500000" }],
    threads: [{ group: "/g" }, { group: "/g" }, { group: "/g" }],
    durationUs: 1_000_000,
  });
  // three CPU-bound threads share 2 CPUs' worth: 2 s of CPU in 1 s
  assert.equal(two.stats["/g"].usage_usec, 2_000_000);
  assert.equal(two.stats["/g"].nr_throttled, 2);
  const fifth = simulateBandwidth({
    groups: [{ path: "/g", cpuMax: "10000 50000" }],
    threads: [{ group: "/g" }],
    durationUs: 1_000_000,
  });
  assert.equal(fifth.stats["/g"].usage_usec, 200_000);
  assert.equal(fifth.stats["/g"].nr_periods, 20);
});

Deno.test("slices strand runtime: quota 7 ms on two CPUs is still 7 ms in all", () => {
  const result = simulateBandwidth({
    cpus: 2,
    groups: [{ path: "/g", cpuMax: "7000 100000" }],
    threads: [{ group: "/g" }, { group: "/g" }],
    durationUs: 100_000,
  });
  // CPU 0 takes a 5 ms slice, CPU 1 the remaining 2 ms.
  assert.deepEqual(result.threads.map((t) => t.usageUs), [5000, 2000]);
});

Deno.test("hierarchy: a child is also limited by its parent's quota", () => {
  const result = simulateBandwidth({
    cpus: 2,
    groups: [
      { path: "/a", cpuMax: "30000 100000" },
      { path: "/a/b", cpuMax: "max 100000" },
      { path: "/c", cpuMax: "max 100000" },
    ],
    threads: [{ group: "/a/b" }, { group: "/a/b" }, { group: "/c", cpu: 0 }],
    durationUs: 1_000_000,
  });
  assert.equal(result.stats["/a"].usage_usec, 300_000);
  assert.equal(result.stats["/a/b"].usage_usec, 300_000);
  assert.equal(result.stats["/a/b"].nr_throttled, 0); // throttling happens at /a
  assert.equal(result.stats["/a"].nr_throttled, 10);
  // /c shares CPU 0: with equal weights it gets what /a/b leaves, at least half of CPU 0
  assert.ok(result.stats["/c"].usage_usec >= 500_000);
  const nested = simulateBandwidth({
    groups: [{ path: "/a", cpuMax: "50000 100000" }, { path: "/a/b", cpuMax: "10000 100000" }],
    threads: [{ group: "/a/b" }],
    durationUs: 200_000,
  });
  assert.equal(nested.stats["/a/b"].usage_usec, 20_000); // the tighter limit wins
});

Deno.test("cpu.weight shares a contended CPU in proportion: 100 vs 300 → 25 % / 75 %", () => {
  const result = simulateBandwidth({
    groups: [{ path: "/low", cpuWeight: 100 }, { path: "/high", cpuWeight: 300 }],
    threads: [{ group: "/low" }, { group: "/high" }],
    durationUs: 400_000,
  });
  assert.equal(result.stats["/low"].usage_usec, 100_000);
  assert.equal(result.stats["/high"].usage_usec, 300_000);
});

Deno.test("finite work completes at the hand-computed time", () => {
  // 120 ms of work at 50 ms per 100 ms: 50 + 50 in periods 0–1, last 20 ms in 200–220 ms.
  const result = simulateBandwidth({
    groups: [{ path: "/a", cpuMax: "50000 100000" }],
    threads: [{ group: "/a", workUs: 120_000 }],
    durationUs: 500_000,
  });
  assert.equal(result.threads[0].doneNs, 220 * MS);
  // idle after: periods 3 and 4 are not counted (the group is inactive)
  assert.equal(result.stats["/a"].nr_periods, 3);
  assert.equal(result.stats["/a"].nr_throttled, 2);
});

Deno.test("cpu.max.burst: an idle group saves up to quota + burst and spends it at once", () => {
  const options = (burstUs: number) => ({
    groups: [{ path: "/a", cpuMax: "20000 100000", burstUs }],
    threads: [{ group: "/a", workUs: 40_000, startUs: 300_000 }],
    durationUs: 600_000,
  });
  const plain = simulateBandwidth(options(0));
  assert.equal(plain.threads[0].doneNs, 420 * MS); // 20 ms at 300, 20 ms at 400
  const burst = simulateBandwidth(options(20_000));
  // pool = min(pool + quota, quota + burst) = 40 ms by t = 300 ms
  assert.equal(burst.threads[0].doneNs, 340 * MS);
  assert.deepEqual([burst.stats["/a"].nr_bursts, burst.stats["/a"].burst_usec], [1, 20_000]);
});

Deno.test("same options → identical result; bad options get field paths", () => {
  const options = {
    cpus: 2,
    groups: [{ path: "/a", cpuMax: "30000 50000" }],
    threads: [{ group: "/a" }, { group: "/a", workUs: 12_300 }],
    durationUs: 300_000,
  };
  assert.deepEqual(simulateBandwidth(options), simulateBandwidth(options));
  assert.throws(() => simulateBandwidth({ threads: [] }), /option threads length must be ≥ 1/);
  assert.throws(
    () => simulateBandwidth({ threads: [{ group: "/a", cpu: 3 }] }),
    /threads\[0\].cpu is 3 but there are 1 CPUs/,
  );
  assert.throws(
    () =>
      simulateBandwidth({
        groups: [{ path: "/a", cpuMax: "10 100000" }],
        threads: [{ group: "/a" }],
      }),
    /quota 10 µs is below 1000/,
  );
});

Deno.test("cpu.weight is hierarchical: /a's two children share /a's half", () => {
  // CFS picks level by level: /a and /b (equal weights) get 50 % each of one CPU;
  // inside /a, x and y split /a's half. A flat split would give each leaf a third.
  const result = simulateBandwidth({
    groups: [{ path: "/a/x" }, { path: "/a/y" }, { path: "/b" }],
    threads: [{ group: "/a/x" }, { group: "/a/y" }, { group: "/b" }],
    durationUs: 400_000,
  });
  assert.deepEqual(
    ["/a", "/a/x", "/a/y", "/b"].map((path) => result.stats[path].usage_usec),
    [200_000, 100_000, 100_000, 200_000],
  );
});

Deno.test("a thread that wakes late does not bank CPU time (place_entity)", () => {
  // /late starts at 100 ms; from then on it shares the CPU 50/50 with /early instead of
  // running alone until its vruntime catches up with /early's 100 ms.
  const result = simulateBandwidth({
    groups: [{ path: "/early" }, { path: "/late" }],
    threads: [{ group: "/early" }, { group: "/late", startUs: 100_000 }],
    durationUs: 300_000,
  });
  assert.equal(result.stats["/early"].usage_usec, 200_000);
  assert.equal(result.stats["/late"].usage_usec, 100_000);
});

Deno.test("groups without a quota count no periods (no period timer)", () => {
  const result = simulateBandwidth({
    groups: [{ path: "/a", cpuMax: "50000 100000" }, { path: "/a/b" }],
    threads: [{ group: "/a/b" }],
    durationUs: 300_000,
  });
  assert.equal(result.stats["/a"].nr_periods, 3);
  assert.equal(result.stats["/a/b"].nr_periods, 0);
});

Deno.test("jumping over steady stretches gives exactly the tick-by-tick result", async (t) => {
  const random = new Random(11);
  for (let i = 0; i < 40; i++) {
    const cpus = random.int(1, 3);
    const period = random.choice([10_000, 50_000, 100_000]);
    const options = {
      cpus,
      durationUs: 3 * period + random.int(0, 20) * 100,
      groups: [
        { path: "/a", cpuMax: `${random.int(1, 3 * cpus * 10) * period / 10} ${period}` },
        { path: "/a/b", cpuMax: random.bernoulli(0.5) ? "max 100000" : `${period / 2} ${period}` },
        { path: "/c", cpuWeight: random.int(1, 500), burstUs: 0 },
      ],
      threads: Array.from({ length: random.int(1, 4) }, () => ({
        group: random.choice(["/a", "/a/b", "/c"]),
        workUs: random.bernoulli(0.5) ? null : random.int(1, 200) * 100,
        startUs: random.bernoulli(0.3) ? random.int(0, 100) * 100 : 0,
      })),
    };
    await t.step(`scenario ${i}`, () => {
      assert.deepEqual(
        simulateBandwidth(options),
        simulateBandwidth({ ...options, jump: false }),
        JSON.stringify(options),
      );
    });
  }
});

Deno.test("simulateBandwidth(): a bad cpuMax names its option path and the fix", () => {
  assert.throws(
    () =>
      simulateBandwidth({ groups: [{ path: "/g", cpuMax: "50ms" }], threads: [{ group: "/g" }] }),
    (e: Error) =>
      e instanceof SyntaxError &&
      /option groups\[0\]\.cpuMax: .*50ms is 50000/.test(e.message),
  );
  assert.throws(
    () => simulateBandwidth({ groups: [{ path: "g" }], threads: [{ group: "/g" }] }),
    /groups\[0\]\.path must be a cgroup path starting with "\/"/,
  );
});

Deno.test("simulateBandwidth(): a thread in an undeclared cgroup (a typo) is refused", () => {
  assert.throws(
    () =>
      simulateBandwidth({
        groups: [{ path: "/g", cpuMax: "50000 100000" }],
        threads: [{ group: "/gg" }],
      }),
    /threads\[0\]\.group "\/gg" is not in groups \[\/g\] nor below one; fix the spelling, or add \{ path: "\/gg" \}/,
  );
  // below a declared group, or in the root, is fine
  const ok = simulateBandwidth({
    groups: [{ path: "/g", cpuMax: "50000 100000" }],
    threads: [{ group: "/g/worker" }, { group: "/" }],
    cpus: 2,
  });
  assert.equal(ok.stats["/g"].usage_usec, 500_000);
});

Deno.test("simulateBandwidth(): a period off the tick grid names the field and both fixes", () => {
  assert.throws(
    () =>
      simulateBandwidth({
        groups: [{ path: "/g", cpuMax: "50000 100050" }],
        threads: [{ group: "/g" }],
      }),
    /groups\[0\]\.cpuMax period 100050 µs \(\/g\) is not a multiple of tickUs 100; use a period that is a multiple of 100 µs, or pass a tickUs/,
  );
});
