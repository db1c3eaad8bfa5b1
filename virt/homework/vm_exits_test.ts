import assert from "node:assert/strict";
import { assign, homeworkOptions } from "@src/exercise/mod.ts";
import { assemble } from "../isa/mod.ts";
import { createPlatform } from "../devices/mod.ts";
import { runVmm } from "../kvm/mod.ts";
import { run } from "../run.ts";
import { vmExits, type VmExitsProblem } from "./vm_exits.ts";

/** Exits by reason and direction from a real exit log, in the answer key's shape. */
function observed(rows: readonly { reason: string; write: boolean; handledIn: string }[]) {
  const counts = new Map<string, number>();
  for (const row of rows) {
    if (row.reason === "INTERRUPT_INJECTION") continue;
    const key = `${row.reason}/${row.write}/${row.handledIn}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

function expected(problem: VmExitsProblem) {
  const solution = vmExits.solve(problem);
  return new Map(
    solution.totals.map((t) => [`${t.reason}/${t.write}/${t.handledIn}`, t.count] as const),
  );
}

Deno.test("vm-exits: solve() matches the exit log of run(image, { mode: 'kvm' })", () => {
  const variants = [
    {},
    { nested: false },
    { blocks: 12, maxTrips: 20 },
    { blocks: 3, maxTrips: 2 },
  ];
  for (const variant of variants) {
    const options = homeworkOptions(vmExits, variant);
    for (let seed = 0; seed < 40; seed++) {
      const problem = vmExits.generate(seed, options);
      const result = run(assemble(problem.source).bytes, { mode: "kvm" });
      const label = `seed ${seed} ${JSON.stringify(variant)}\n${problem.source}`;
      assert.deepEqual(observed(result.exitLog!.rows), expected(problem), label);
      // The summary rows of run() agree too.
      const solution = vmExits.solve(problem);
      assert.equal(result.exits.reduce((sum, row) => sum + row.count, 0), solution.total, label);
    }
  }
});

Deno.test("vm-exits: with shadow paging, MOVCR writes match runVmm's CR_ACCESS exits", () => {
  let crExits = 0;
  for (let seed = 0; seed < 40; seed++) {
    const problem = vmExits.generate(seed, homeworkOptions(vmExits, { shadowPaging: true }));
    const board = createPlatform(assemble(problem.source).bytes);
    const result = runVmm(board, { controlRegisterExits: true });
    assert.deepEqual(observed(result.exits.rows), expected(problem), `seed ${seed}`);
    crExits += vmExits.solve(problem).inKernel;
  }
  assert.ok(crExits > 0, "some seeds should write a control register");
});

Deno.test("vm-exits: a hand-counted program (loops multiply, RAM and MOVCR reads do not exit)", () => {
  // Lines 5–12 run 3 times; lines 7–8 run 3 × 4 = 12 times.
  //   OUT (line 7) 12, MMIO read (line 8) 12, IN (line 10) 3, MMIO write (line 14) 1, HLT 1.
  const source = [
    "        LI sp, 0x7ff0",
    "        LI r5, 0x4000",
    "        LI32 r4, 0x10000",
    "        LI r7, 3",
    "outer:  LI r6, 4",
    "        PUSHF",
    "inner:  OUT 0x80, r1",
    "        LD r2, [r4+8]",
    "        ADDI r6, -1",
    "        CMPI r6, 0",
    "        JNE inner",
    "        POPF",
    "        IN r3, 0x70",
    "        LD r1, [r5+4]",
    "        MOVCR r2, cr2",
    "        ADDI r7, -1",
    "        CMPI r7, 0",
    "        JNE outer",
    "        ST r1, [r4-0]",
    "        HLT",
  ].join("\n");
  // The hand count, with line 7's label inside the PUSHF … POPF span.
  const solution = vmExits.solve({ source, shadowPaging: false });
  assert.deepEqual(solution.lines.map((l) => [l.line, l.reason, l.write, l.runs]), [
    [7, "KVM_EXIT_IO", true, 12],
    [8, "KVM_EXIT_MMIO", false, 12],
    [13, "KVM_EXIT_IO", false, 3],
    [19, "KVM_EXIT_MMIO", true, 1],
    [20, "KVM_EXIT_HLT", false, 1],
  ]);
  assert.deepEqual([solution.toVmm, solution.inKernel, solution.total], [29, 0, 29]);
  assert.deepEqual(solution.silent, ["PUSHF", "POPF", "MOVCR from cr"]);
  const result = run(assemble(source).bytes, { mode: "kvm" });
  assert.deepEqual(observed(result.exitLog!.rows), expected({ source, shadowPaging: false }));
});

Deno.test("vm-exits: same seed → same program, different seeds differ", () => {
  for (const seed of [0, 7, 123456789]) {
    assert.equal(assign(vmExits, { seed }).text(true), assign(vmExits, { seed }).text(true));
  }
  const sources = new Set(
    Array.from({ length: 20 }, (_, seed) => assign(vmExits, { seed }).problem.source),
  );
  assert.equal(sources.size, 20);
});

Deno.test("vm-exits: every program has port I/O, MMIO and a sensitive instruction that does not exit", () => {
  for (let seed = 0; seed < 50; seed++) {
    const { solution } = assign(vmExits, { seed, options: { blocks: 3 } });
    const reasons = new Set(solution.totals.map((t) => t.reason));
    assert.ok(reasons.has("KVM_EXIT_IO") && reasons.has("KVM_EXIT_MMIO"), `seed ${seed}`);
    assert.ok(solution.silent.length > 0, `seed ${seed}`);
  }
});

Deno.test("vm-exits: render() hides the counts; with the solution it shows them per line", () => {
  const problem = vmExits.generate(7, homeworkOptions(vmExits, {}));
  const solution = vmExits.solve(problem);
  const question = vmExits.render(problem);
  assert.match(question, /^This guest program runs under hardware-assisted virtualization/);
  assert.match(question, /1\. How many VM exits of each reason/);
  assert.doesNotMatch(question, /to the VMM|×\d/);
  const answer = vmExits.render(problem, solution);
  assert.ok(answer.startsWith(question));
  assert.match(answer, new RegExp(`2\\. ${solution.toVmm} to the VMM, 0 in the kernel`));
  assert.match(answer, /KVM_EXIT_HLT +1\n/);
  const shadow = vmExits.render({ ...problem, shadowPaging: true });
  assert.match(shadow, /NO EPT/);
  assert.match(shadow, /and CR_ACCESS/);
});

Deno.test("vm-exits: bad options name the field and the valid range", () => {
  assert.throws(
    () => homeworkOptions(vmExits, { blocks: 40 }),
    /Cannot generate vm-exits homework: blocks must be ≤ 12 \(got 40\)/,
  );
  assert.throws(() => homeworkOptions(vmExits, { trips: 3 }), /valid options: blocks, maxTrips/);
  assert.throws(() => homeworkOptions(vmExits, { nested: "yes" }), /nested/);
});
