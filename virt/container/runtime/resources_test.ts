import assert from "node:assert/strict";
import {
  convertCpuSharesToWeight,
  convertQuotaPeriodToCpuMax,
  resourcesToCgroupWrites,
} from "./resources.ts";

Deno.test("runc's shares → weight formula, hand-computed", () => {
  // 1 + ((shares − 2) × 9999) / 262142 with integer division
  // 100  → 1 + (98 × 9999) / 262142 = 1 + 979902/262142 = 1 + 3 = 4
  // 2048 → 1 + (2046 × 9999) / 262142 = 1 + 20457954/262142 = 1 + 78 = 79
  assert.deepEqual(
    [0, 2, 100, 1024, 2048, 262144].map((shares) => convertCpuSharesToWeight(shares)),
    [
      0,
      1,
      4,
      39,
      79,
      10000,
    ],
  );
});

Deno.test("quota/period → cpu.max and the unset cases", () => {
  assert.equal(convertQuotaPeriodToCpuMax(0, 50000), "max 50000");
  assert.equal(convertQuotaPeriodToCpuMax(25000, 50000), "25000 50000");
  assert.deepEqual(resourcesToCgroupWrites(undefined), []);
  assert.deepEqual(
    resourcesToCgroupWrites({ memory: { limit: -1 }, pids: { limit: -1 }, cpu: { shares: 0 } }),
    [{ file: "memory.max", value: "max" }, { file: "pids.max", value: "max" }],
  );
  assert.deepEqual(resourcesToCgroupWrites({ memory: { limit: 0 }, pids: { limit: 0 } }), []);
});

Deno.test("convertQuotaPeriodToCpuMax(): quota ≤ 0 with no period is unset, as in runc", () => {
  // runc libcontainer/cgroups/utils.go (PR #2248):
  //   if quota <= 0 && period == 0 { return "" }
  assert.equal(convertQuotaPeriodToCpuMax(-1, 0), "");
  assert.equal(convertQuotaPeriodToCpuMax(-1, 50000), "max 50000");
  assert.throws(
    () => convertQuotaPeriodToCpuMax("50ms" as never, 0),
    /cpu.quota "50ms": pass a whole number of µs/,
  );
});

Deno.test("convertCpuSharesToWeight() rejects shares outside the cgroup v1 range 2…262144", () => {
  // kernel/sched/sched.h: MIN_SHARES 2, MAX_SHARES 1 << 18. Before, 300000 became weight
  // 11443 and failed later at the cgroup write with an ERANGE about cpu.weight.
  assert.throws(
    () => convertCpuSharesToWeight(300000),
    /cpu.shares 300000: outside 2…262144.*pass 2…262144/,
  );
  assert.throws(() => convertCpuSharesToWeight(1), RangeError);
  assert.throws(() => convertCpuSharesToWeight("1024" as never), TypeError);
  assert.equal(convertCpuSharesToWeight(262144), 10000);
  assert.throws(
    () => resourcesToCgroupWrites({ cpu: { shares: 300000 } }),
    /config.linux.resources.cpu.shares: /,
  );
});

Deno.test("convertCpuSharesToWeight() with the log formula maps the v1 range onto v2 and 1024 onto 100", () => {
  // The anchor points the new formula was designed for (opencontainers/cgroups#20; the
  // Kubernetes blog's table): MIN_SHARES → 1, the v1 default 1024 → the v2 default 100,
  // MAX_SHARES → 10000; in between it rises monotonically.
  const log = (shares: number) => convertCpuSharesToWeight(shares, { formula: "log" });
  assert.deepEqual([2, 1024, 262144].map(log), [1, 100, 10000]);
  let previous = 0;
  for (let shares = 2; shares <= 262144; shares *= 2) {
    assert.ok(log(shares) > previous, `rises at ${shares}`);
    previous = log(shares);
  }
  assert.throws(
    () => convertCpuSharesToWeight(1024, { formula: "quadratic" as never }),
    /formula "quadratic" is not "linear" \(runc ≤ 1\.3\.1\) or "log"/,
  );
});
