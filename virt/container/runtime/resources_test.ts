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
  assert.deepEqual([0, 2, 100, 1024, 2048, 262144].map(convertCpuSharesToWeight), [
    0,
    1,
    4,
    39,
    79,
    10000,
  ]);
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
