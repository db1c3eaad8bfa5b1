import assert from "node:assert/strict";
import { weightShares } from "./weight.ts";
import { simulateBandwidth } from "./bandwidth.ts";

Deno.test("weightShares(): a satisfied sibling's leftover is shared by weight", () => {
  // 2 CPUs; a (w 100, wants 0.2), b (w 100, wants 2), c (w 200, wants 2):
  // first pass 2 × 100/400 = 0.5 ≥ 0.2 → a gets 0.2; then 1.8 split 1:2 → b 0.6, c 1.2
  const shares = weightShares({
    cpus: 2,
    groups: [
      { name: "a", weight: 100, demand: 0.2 },
      { name: "b", weight: 100, demand: 2 },
      { name: "c", weight: 200, demand: 2 },
    ],
  });
  const cpus = shares.map((s) => Math.round(s.cpus * 1e9) / 1e9);
  assert.deepEqual(cpus, [0.2, 0.6, 1.2]);
  assert.throws(() => weightShares({ groups: [{ name: "a", weight: 0, demand: 1 }] }), RangeError);
});

Deno.test("weightShares() agrees with the tick-by-tick simulation on one CPU", () => {
  const weights = [50, 150, 300];
  const shares = weightShares({
    groups: weights.map((weight, i) => ({ name: `/g${i}`, weight, demand: 1 })),
  });
  const run = simulateBandwidth({
    groups: weights.map((cpuWeight, i) => ({ path: `/g${i}`, cpuWeight })),
    threads: weights.map((_, i) => ({ group: `/g${i}` })),
    durationUs: 500_000,
  });
  shares.forEach((share) => {
    const measured = run.stats[share.name].usage_usec / 500_000;
    assert.ok(Math.abs(measured - share.fraction) < 0.002, `${share.name} ${measured}`);
  });
});

Deno.test("weightShares() rejects two siblings with the same name", () => {
  assert.throws(
    () =>
      weightShares({
        cpus: 2,
        groups: [{ name: "a", weight: 100, demand: 2 }, { name: "a", weight: 300, demand: 2 }],
      }),
    /two groups are named "a"; give every sibling its own name/,
  );
});
