import assert from "node:assert/strict";
import { assemble } from "../isa/assembler.ts";
import { Machine } from "../isa/machine.ts";
import { createPlatform } from "../devices/platform.ts";
import { ExitReason } from "./exit_reason.ts";
import { Vcpu } from "./vcpu.ts";
import { runVmm } from "./vmm.ts";

Deno.test("N port writes give exactly N KVM_EXIT_IO exits, in order, with their data", () => {
  const n = 37;
  const board = createPlatform(
    assemble(`
    LI r1, 0
loop:
    OUT 0x80, r1
    ADDI r1, 1
    CMPI r1, ${n}
    JNE loop
    HLT`).bytes,
  );
  const result = runVmm(board);
  const io = result.exits.where({ reason: "KVM_EXIT_IO" });
  assert.equal(io.length, n);
  assert.deepEqual(io.map((row) => row.value), Array.from({ length: n }, (_, i) => i));
  assert.ok(io.every((row) => row.address === 0x80 && row.write && row.handledIn === "vmm"));
  assert.equal(result.exits.where({ reason: "KVM_EXIT_HLT" }).length, 1);
  // guest time: the k-th OUT retires after 1 + 4k instructions
  assert.deepEqual(io.slice(0, 3).map((row) => row.instructions), [2, 6, 10]);
});

Deno.test("an IN exit is completed on re-entry with the data the VMM wrote into kvm_run", () => {
  const machine = new Machine();
  machine.load(assemble("IN r3, 0x60\nLI32 r4, 0x10000\nLD r5, [r4+8]\nHLT").bytes);
  const vcpu = new Vcpu(machine);
  let run = vcpu.run();
  assert.equal(run.exitReason, ExitReason.KVM_EXIT_IO);
  assert.equal(run.io.direction, 0);
  run.io.data = 0xabcd;
  run = vcpu.run();
  assert.equal(run.exitReason, ExitReason.KVM_EXIT_MMIO);
  assert.deepEqual([run.mmio.physAddr, run.mmio.len, run.mmio.isWrite], [0x10008, 4, false]);
  run.mmio.data = 2;
  assert.equal(vcpu.run().exitReason, ExitReason.KVM_EXIT_HLT);
  assert.equal(machine.regs[3], 0xabcd);
  assert.equal(machine.regs[5], 2);
});

Deno.test("control-register writes exit to the kernel only when CR exiting is on", () => {
  const source = "LI r1, 0x100\nMOVCR cr0, r1\nMOVCR cr1, r1\nHLT";
  const quiet = runVmm(createPlatform(assemble(source).bytes));
  assert.equal(quiet.exits.where({ reason: "CR_ACCESS" }).length, 0);
  const exiting = runVmm(createPlatform(assemble(source).bytes), { controlRegisterExits: true });
  const cr = exiting.exits.where({ reason: "CR_ACCESS" });
  assert.deepEqual(cr.map((row) => [row.address, row.handledIn]), [[0, "kernel"], [1, "kernel"]]);
});

Deno.test("a guest with no vector table dies with KVM_EXIT_SHUTDOWN and its GuestFault", () => {
  const board = createPlatform(assemble(".word 0xff\nHLT").bytes);
  assert.throws(() => runVmm(board), (error: Error) => {
    assert.equal(error.name, "GuestFault");
    assert.match(error.message, /invalid-opcode.*pc 0x0000/);
    return true;
  });
});
