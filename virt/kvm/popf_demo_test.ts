import assert from "node:assert/strict";
import { sensitiveInstructionDemo } from "./popf_demo.ts";

Deno.test("trap-and-emulate misses POPF: an interrupt leaks into the guest's critical section", () => {
  const rows = sensitiveInstructionDemo();
  const byMode = Object.fromEntries(rows.map((row) => [row.mode, row]));
  // A real CPU (the emulator) and VT-x (the kvm mode) honour the guest's POPF.
  assert.equal(byMode.emulate.interruptsInCriticalSection, 0);
  assert.equal(byMode.kvm.interruptsInCriticalSection, 0);
  // The deprivileged kernel's POPF silently kept IF; the VMM never trapped it.
  assert.equal(byMode["trap-and-emulate"].interruptsInCriticalSection, 1);
  // Every mode eventually takes the one interrupt.
  assert.deepEqual(rows.map((row) => row.interruptsTaken), [1, 1, 1]);
  // PUSHF (also sensitive, unprivileged) shows the deprivileged kernel it runs in user mode.
  assert.deepEqual(rows.map((row) => row.kernelSawUserMode), [false, false, true]);
});
