/**
 * The sensitive-instruction demo: a guest kernel disables interrupts the x86 way —
 * `PUSHF; clear IF in the copy; POPF` — rings a doorbell that raises an interrupt, and
 * records whether the interrupt arrived inside its critical section. It also records
 * the mode bit it sees through PUSHF.
 *
 * ```
 *   mode                    interrupts inside the critical section   kernel sees U bit
 *   emulate (a real CPU)    0                                        0
 *   kvm (VT-x)              0  (POPF runs in guest kernel mode)      0
 *   trap-and-emulate        1  (POPF in user mode kept IF; the VMM   1 (PUSHF shows the
 *                              never saw it and injected anyway)       real user mode)
 * ```
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { sensitiveInstructionDemo } from "@virt/kvm/popf_demo.ts";
 * const rows = sensitiveInstructionDemo();
 * assert.deepEqual(rows.map((row) => [row.mode, row.interruptsInCriticalSection]), [
 *   ["emulate", 0], ["kvm", 0], ["trap-and-emulate", 1],
 * ]);
 * ```
 *
 * @module
 */

import { emulate } from "../emulate/emulator.ts";
import { assemble } from "../isa/assembler.ts";
import { createPlatform } from "../devices/platform.ts";
import { runTrapAndEmulate } from "./trap_and_emulate.ts";
import { runVmm } from "./vmm.ts";

/**
 * The demo guest. At its HLT: r0 = interrupts taken inside the critical section,
 * r1 = interrupts taken in all, r2 = the U bit PUSHF showed.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { POPF_DEMO_SOURCE } from "@virt/kvm/popf_demo.ts";
 * assert.match(POPF_DEMO_SOURCE, /POPF/);
 * ```
 */
export const POPF_DEMO_SOURCE = `
        JMP start
.org 0x40
vectors:
        .word 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0
        .word isr, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0
start:
        LI32 sp, 0xfff0
        LI r0, vectors
        MOVCR cr0, r0
        MOVCR cr1, sp
        LI r6, 0                ; interrupts taken (the handler counts)
        STI
        PUSHF                   ; enter the critical section the x86 way
        POP r0
        MOV r4, r0              ; the flags as the kernel sees them
        ANDI r0, 0xfeff         ; clear IF (bit 8) in the copy
        PUSH r0
        POPF                    ; sensitive, not privileged
        LI r0, 0
        OUT 0xe0, r0            ; doorbell: raise line 0 now
        MOV r5, r6              ; interrupts taken inside the critical section
        STI                     ; leave it: a pending interrupt arrives here
        NOP
        CLI
        MOV r0, r5
        MOV r1, r6
        MOV r2, r4
        SHRI r2, 9              ; the U bit PUSHF showed
        ANDI r2, 1
        HLT
isr:
        ADDI r6, 1
        IRET
`;

/**
 * One row per mode.
 *
 * @example
 * ```ts
 * import type { PopfDemoRow } from "@virt/kvm/popf_demo.ts";
 * const row: PopfDemoRow = { mode: "kvm", interruptsInCriticalSection: 0, interruptsTaken: 1, kernelSawUserMode: false };
 * ```
 */
export interface PopfDemoRow {
  /** Execution mode. */
  mode: "emulate" | "kvm" | "trap-and-emulate";
  /** Interrupts the guest took while it believed IF was clear (correct: 0). */
  interruptsInCriticalSection: number;
  /** Interrupts taken in all (1). */
  interruptsTaken: number;
  /** PUSHF showed U = 1 to the kernel (correct: false). */
  kernelSawUserMode: boolean;
}

/**
 * Run the demo guest under emulation, the KVM-style VMM and trap-and-emulate.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { sensitiveInstructionDemo } from "@virt/kvm/popf_demo.ts";
 * assert.equal(sensitiveInstructionDemo()[2].kernelSawUserMode, true);
 * ```
 */
export function sensitiveInstructionDemo(): PopfDemoRow[] {
  const image = assemble(POPF_DEMO_SOURCE).bytes;
  const runners = {
    emulate: (board: ReturnType<typeof createPlatform>) => emulate(board),
    kvm: (board: ReturnType<typeof createPlatform>) => runVmm(board),
    "trap-and-emulate": (board: ReturnType<typeof createPlatform>) => runTrapAndEmulate(board),
  };
  return (Object.keys(runners) as PopfDemoRow["mode"][]).map((mode) => {
    const board = createPlatform(image);
    runners[mode](board);
    const regs = board.machine.regs;
    return {
      mode,
      interruptsInCriticalSection: regs[0],
      interruptsTaken: regs[1],
      kernelSawUserMode: regs[2] === 1,
    };
  });
}
