import assert from "node:assert/strict";
import { simulateMemory } from "./memory.ts";

Deno.test("memory.high reclaims cache and throttles; no limits means no events", () => {
  const steps = Array.from({ length: 5 }, () => ({ anon: 10, file: 30 }));
  const free = simulateMemory({ steps });
  assert.deepEqual(free.events, { low: 0, high: 0, max: 0, oom: 0, oom_kill: 0 });
  assert.equal(free.rows.at(-1)!.usage, 200);
  const high = simulateMemory({ high: 100, steps, reclaimPenaltySteps: 2 });
  // 40, 80, 120 → high (cache 90 → 70 … anon 30 + file 70 = 100), …
  assert.deepEqual(high.rows.map((r) => r.usage), [40, 80, 100, 100, 100]);
  assert.equal(high.events.high, 3);
  assert.equal(high.rows.at(-1)!.time, 5 + 3 * 2);
});

Deno.test("memory.max: reclaim first, OOM kill when anonymous memory alone is too big", () => {
  const run = simulateMemory({
    max: 100,
    steps: [{ anon: 50, file: 40 }, { file: 30 }, { anon: 60 }, { anon: 20 }],
  });
  assert.deepEqual(run.rows.map((r) => [r.usage, r.event]), [
    [90, ""],
    [100, "max"], // 120 → cache reclaimed to 50
    [0, "oom_kill"], // 110 anon > 100
    [20, ""],
  ]);
  assert.deepEqual(run.events, { low: 0, high: 0, max: 2, oom: 1, oom_kill: 1 });
});
