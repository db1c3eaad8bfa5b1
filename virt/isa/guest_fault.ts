/**
 * `GuestFault`: how every way a guest program can go wrong ends, in every mode.
 *
 * A real CPU that cannot deliver a trap (no handler, or a second fault while pushing
 * the trap frame) shuts down — x86 calls it a triple fault and resets. A runaway guest
 * on real hardware just spins. Here both end with a `GuestFault` naming what went
 * wrong, the pc and the instruction there, so a notebook shows the bug instead of
 * hanging or crashing the host.
 *
 * ```
 *   kind                 when
 *   invalid-opcode       undefined opcode or register field, and no handler installed
 *   divide-error         DIVU by zero, no handler
 *   privileged           privileged instruction in user mode, no handler
 *   bad-access           load/store outside RAM and the device window, no handler
 *   page-fault           a user-mode access the page table forbids, no handler
 *   pc-out-of-memory     the pc left RAM or is not a multiple of 4 (jump into the void)
 *   triple-fault         a fault while delivering a trap (bad kernel stack, bad vector)
 *   budget-exhausted     ran maxInstructions without halting (runaway loop)
 * ```
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { GuestFault } from "@virt/isa/guest_fault.ts";
 * const fault = new GuestFault("invalid-opcode", 0x10, "?? 0x00000000", "no handler for vector 1");
 * assert.equal(fault.kind, "invalid-opcode");
 * assert.match(fault.message, /pc 0x0010/);
 * ```
 *
 * @module
 */

/**
 * The ways a guest can fail.
 *
 * @example
 * ```ts
 * import type { GuestFaultKind } from "@virt/isa/guest_fault.ts";
 * const kind: GuestFaultKind = "triple-fault";
 * ```
 */
export type GuestFaultKind =
  | "invalid-opcode"
  | "divide-error"
  | "privileged"
  | "bad-access"
  | "page-fault"
  | "pc-out-of-memory"
  | "triple-fault"
  | "budget-exhausted";

/**
 * A guest program failed; carries the kind, the pc and the disassembled instruction.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { GuestFault } from "@virt/isa/guest_fault.ts";
 * const fault = new GuestFault("pc-out-of-memory", 0x20000, "(outside RAM)", "jumped outside RAM");
 * assert.ok(fault instanceof Error);
 * assert.equal(fault.name, "GuestFault");
 * ```
 */
export class GuestFault extends Error {
  /** What went wrong. */
  readonly kind: GuestFaultKind;
  /** Address of the instruction that faulted. */
  readonly pc: number;
  /** That instruction, disassembled (or a note when it cannot be read). */
  readonly instruction: string;

  /** Build the fault; `detail` says why and how to fix it. */
  constructor(kind: GuestFaultKind, pc: number, instruction: string, detail: string) {
    super(
      `Guest fault (${kind}) at pc 0x${(pc >>> 0).toString(16).padStart(4, "0")} ` +
        `[${instruction}]: ${detail}`,
    );
    this.name = "GuestFault";
    this.kind = kind;
    this.pc = pc;
    this.instruction = instruction;
  }
}
