import assert from "node:assert/strict";
import { assign, homeworkOptions } from "@src/exercise/mod.ts";
import { run } from "../run.ts";
import { batchCost, type BatchCostProblem } from "./batch_cost.ts";

/** Cycles of a run that are not guest instructions: exits, emulation, device. */
function overheadAndDevice(sectors: number, batch: number) {
  const result = run("disk", { mode: "virtio", sizes: { sectors, batch } });
  const cycles = (category: string) => result.costs.find((c) => c.category === category)!.cycles;
  return {
    kicks: result.deviceWork.kicks,
    interrupts: result.interrupts,
    nonGuest: cycles("exit") + cycles("emulation") + cycles("device"),
    device: cycles("device"),
  };
}

Deno.test("batch-cost: solve() matches the kicks and cost differences of run('disk', virtio)", () => {
  for (let seed = 0; seed < 8; seed++) {
    const problem = batchCost.generate(seed, homeworkOptions(batchCost, {}));
    const solution = batchCost.solve(problem);
    const measured = problem.batchSizes.map((b) => overheadAndDevice(problem.sectors, b));
    solution.rows.forEach((row, i) => {
      const label = `seed ${seed}, S ${problem.sectors}, b ${row.batch}`;
      assert.equal(measured[i].kicks, row.batches, label);
      assert.equal(measured[i].interrupts, row.batches, label);
      // The setup (virtio probing, the final HLT) is the same for every b: differences
      // between batch sizes are the batching overhead alone.
      const difference = measured[i].nonGuest - measured[0].nonGuest;
      assert.ok(Math.abs(difference - (row.overhead - solution.rows[0].overhead)) < 1e-6, label);
      assert.ok(
        Math.abs(measured[i].device - 2 * problem.sectors * solution.deviceWork) < 1e-6,
        label,
      );
    });
  }
});

Deno.test("batch-cost: a hand-worked bill for 8 sectors with the default costs", () => {
  // kick 1360 + 600 = 1960; interrupt 300 + 2 × (1360 + 1150 + 1000) = 7320; per batch 9280.
  // device work 2000 + 512 × 0.1 = 2051.2. b = 1: 16 batches → 148480 / 16 + 2051.2 = 11331.2;
  // b = 8: 2 batches → 18560 / 16 + 2051.2 = 3211.2 cycles = 1070.4 ns at 3 GHz.
  // Within 60%: overhead/request ≤ 1230.72 → 2·⌈8/b⌉ × 9280 / 16 ≤ 1230.72 → ⌈8/b⌉ ≤ 1.06 → b = 8.
  const problem: BatchCostProblem = {
    ...batchCost.generate(0, homeworkOptions(batchCost, {})),
    sectors: 8,
    batchSizes: [1, 8],
    targetPercent: 60,
  };
  const solution = batchCost.solve(problem);
  assert.deepEqual([solution.kick, solution.interrupt, solution.perBatch], [1960, 7320, 9280]);
  assert.equal(solution.deviceWork, 2051.2);
  assert.deepEqual(solution.rows.map((r) => [r.batches, r.perRequest, r.ns]), [
    [16, 11331.2, 3777.1],
    [2, 3211.2, 1070.4],
  ]);
  assert.equal(solution.smallestWithinTarget, 8);
  assert.equal(batchCost.solve({ ...problem, targetPercent: 50 }).smallestWithinTarget, null);
});

Deno.test("batch-cost: same seed → same problem, different seeds differ; render with and without answers", () => {
  assert.equal(
    assign(batchCost, { seed: 7 }).text(true),
    assign(batchCost, { seed: 7 }).text(true),
  );
  const texts = new Set(
    Array.from({ length: 10 }, (_, seed) => assign(batchCost, { seed }).text()),
  );
  assert.equal(texts.size, 10);
  const sheet = assign(batchCost, { seed: 7 });
  assert.doesNotMatch(sheet.text(), /per batch \d|cycles\/request/);
  assert.match(sheet.text(true), new RegExp(`per batch ${sheet.solution.perBatch}\\n`));
  assert.throws(() => homeworkOptions(batchCost, { sizes: 9 }), /sizes must be ≤ 8/);
});
