import assert from "node:assert/strict";
import { run } from "./run.ts";
import { buildGuestImage } from "./guest/workloads.ts";

Deno.test("run() names the bad option, its value and the fix", () => {
  assert.throws(
    () => run("disk", { mode: "qemu" as never }),
    /option mode must be one of .* \(got "qemu"\)/,
  );
  assert.throws(
    () => run("disk", { costs: { vmExitRoundTripCycles: -1 } }),
    /option costs.vmExitRoundTripCycles must be ≥ 0 \(got -1\)/,
  );
  assert.throws(
    () => run("disk", { costs: { vmexit: 1 } as never }),
    /option costs.vmexit is not a known option/,
  );
  assert.throws(
    () => run("disk", { sizes: { sectors: 300 } }),
    /option sectors must be ≤ 256 \(got 300\)/,
  );
  assert.throws(() => run("disk", { maxInstructions: 0 }), /option maxInstructions must be ≥ 1/);
  assert.throws(() => buildGuestImage("games" as never), /Unknown workload "games"/);
});

Deno.test("run() reports time at the stated clock", () => {
  const result = run("compute", { mode: "kvm", sizes: { iterations: 10 }, costs: { clockGhz: 2 } });
  assert.equal(result.ns, result.cycles / 2);
  for (const row of result.costs) assert.equal(row.ns, row.cycles / 2);
});
