/**
 * Trap and interrupt delivery, shared by the interpreter, the translated blocks and
 * the hypervisor modes (which inject interrupts on VM entry).
 *
 * ```
 *   deliver(vector, returnPc):
 *     handler ← word at cr0 + 4·vector          (no table / zero handler → GuestFault)
 *     if U:  sp' ← cr1; push old sp              (switch to the kernel stack)
 *     push flags; push returnPc                  (a fault here → triple-fault)
 *     flags.U ← 0; flags.IF ← 0; cr2 ← vector; pc ← handler
 *
 *   kernel stack after delivery from user mode:
 *     cr1 − 4  user sp
 *     cr1 − 8  flags
 *     cr1 − 12 return pc   ◀── sp
 * ```
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Machine } from "@virt/isa/machine.ts";
 * import { deliverTrap } from "@virt/emulate/traps.ts";
 * const machine = new Machine();
 * machine.cr[0] = 0x100;                 // vector table
 * machine.ram32[(0x100 + 4 * 8) >> 2] = 0x200; // handler of vector 8
 * machine.regs[8] = 0x8000;              // kernel stack
 * deliverTrap(machine, 8, 0x40);
 * assert.equal(machine.pc, 0x200);
 * assert.equal(machine.ram32[(0x8000 - 8) >> 2], 0x40); // return pc on the stack
 * ```
 *
 * @module
 */

import { disassembleWord } from "../isa/disassembler.ts";
import { GuestFault, type GuestFaultKind } from "../isa/guest_fault.ts";
import { ControlRegister, Flag, SP, Vector } from "../isa/instruction_set.ts";
import { type Machine, RAM_SIZE } from "../isa/machine.ts";
import { pageWalk } from "./_memory.ts";

const KIND_OF_VECTOR: Record<number, GuestFaultKind> = {
  [Vector.DivideError]: "divide-error",
  [Vector.InvalidOpcode]: "invalid-opcode",
  [Vector.GeneralProtection]: "privileged",
  [Vector.BadAccess]: "bad-access",
  [Vector.PageFault]: "page-fault",
};

/**
 * The instruction at `pc`, disassembled, or a note when the pc is outside RAM.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Machine } from "@virt/isa/machine.ts";
 * import { instructionAt } from "@virt/emulate/traps.ts";
 * assert.equal(instructionAt(new Machine(), 0x20000), "(outside RAM)");
 * ```
 */
export function instructionAt(machine: Machine, pc: number): string {
  // A user-mode pc under paging is virtual: look it up the way the fetch did.
  const at = machine.paging && (machine.flags & Flag.U) !== 0
    ? pageWalk(machine, pc, 4, false)
    : pc;
  if (at < 0) return "(unmapped page)";
  if (at + 4 > RAM_SIZE || at % 4 !== 0) return "(outside RAM)";
  return disassembleWord(machine.ram32[at >> 2] >>> 0);
}

/**
 * Thrown instead of delivering a trap when `machine.privilegedToHost` is set: under
 * trap-and-emulate the real vector table belongs to the VMM, which reflects the trap
 * into the guest's virtual one. `machine.pc` is the faulting instruction.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Machine } from "@virt/isa/machine.ts";
 * import { deliverTrap, HostTrap } from "@virt/emulate/traps.ts";
 * const machine = new Machine();
 * machine.privilegedToHost = true;
 * assert.throws(() => deliverTrap(machine, 3, 0x10), HostTrap);
 * ```
 */
export class HostTrap {
  /** The vector the guest raised. */
  readonly vector: number;
  /** The pc the trap frame would have held. */
  readonly returnPc: number;
  /** Record a trap for the host. */
  constructor(vector: number, returnPc: number) {
    this.vector = vector;
    this.returnPc = returnPc;
  }
}

/**
 * Deliver trap or interrupt `vector`, pushing `returnPc`. Throws `GuestFault` when it
 * cannot be delivered (kind from the vector for exceptions, `triple-fault` when the
 * frame cannot be pushed or the table is unreadable).
 *
 * @example No vector table: the fault names the cause
 * ```ts
 * import assert from "node:assert/strict";
 * import { Machine } from "@virt/isa/machine.ts";
 * import { deliverTrap } from "@virt/emulate/traps.ts";
 * assert.throws(() => deliverTrap(new Machine(), 1, 0), /invalid-opcode.*no vector table/);
 * ```
 */
export function deliverTrap(machine: Machine, vector: number, returnPc: number): void {
  if (machine.privilegedToHost) throw new HostTrap(vector, returnPc);
  const faultPc = machine.pc;
  const base = machine.cr[ControlRegister.VectorBase];
  const kind: GuestFaultKind = KIND_OF_VECTOR[vector] ?? "triple-fault";
  const fail = (failKind: GuestFaultKind, detail: string): never => {
    throw new GuestFault(failKind, faultPc, instructionAt(machine, faultPc), detail);
  };
  if (base === 0) {
    fail(
      kind,
      `vector ${vector} raised but no vector table is installed (cr0 = 0); ` +
        `install one with MOVCR cr0, rN before enabling interrupts or faulting`,
    );
  }
  const entry = base + 4 * vector;
  if (entry < 0 || entry + 4 > RAM_SIZE || entry % 4 !== 0) {
    fail(
      "triple-fault",
      `vector table entry 0x${entry.toString(16)} is outside RAM or unaligned (cr0 = 0x${
        base.toString(16)
      })`,
    );
  }
  const handler = machine.ram32[entry >> 2];
  if (handler === 0) {
    fail(
      kind,
      `vector ${vector} has no handler (word at 0x${entry.toString(16)} is 0); install one`,
    );
  }
  const fromUser = (machine.flags & Flag.U) !== 0;
  const userSp = machine.regs[SP];
  let sp = fromUser ? machine.cr[ControlRegister.KernelStack] : userSp;
  const frame = fromUser ? [userSp, machine.flags, returnPc] : [machine.flags, returnPc];
  if ((sp & 3) !== 0 || sp - 4 * frame.length < 0 || sp > RAM_SIZE) {
    fail(
      "triple-fault",
      `cannot push the trap frame for vector ${vector}: kernel stack pointer ` +
        `0x${
          (sp >>> 0).toString(16)
        } is outside RAM or unaligned; set sp (and cr1 for traps from user mode)`,
    );
  }
  for (const word of frame) {
    sp -= 4;
    machine.ram32[sp >> 2] = word;
  }
  machine.regs[SP] = sp;
  machine.flags &= ~(Flag.U | Flag.IF);
  machine.cr[ControlRegister.Cause] = vector;
  machine.pc = handler;
  machine.halted = false;
}

/**
 * If an interrupt line is raised and IF is set, deliver the lowest line (clearing its
 * pending bit: lines are edge-triggered) and return true.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Flag } from "@virt/isa/instruction_set.ts";
 * import { Machine } from "@virt/isa/machine.ts";
 * import { deliverPendingInterrupt } from "@virt/emulate/traps.ts";
 * const machine = new Machine();
 * machine.raiseIrq(0);
 * assert.equal(deliverPendingInterrupt(machine), false); // IF is clear
 * machine.flags |= Flag.IF;
 * machine.cr[0] = 0x100;
 * machine.ram32[(0x100 + 64) >> 2] = 0x300; // vector 16 = line 0
 * machine.regs[8] = 0x8000;
 * assert.equal(deliverPendingInterrupt(machine), true);
 * assert.equal(machine.pc, 0x300);
 * ```
 */
export function deliverPendingInterrupt(machine: Machine): boolean {
  const pending = machine.pendingIrq;
  if (pending === 0 || (machine.flags & Flag.IF) === 0) return false;
  const line = 31 - Math.clz32(pending & -pending);
  machine.pendingIrq &= ~(1 << line);
  machine.interruptsDelivered++;
  deliverTrap(machine, Vector.Irq0 + line, machine.pc);
  return true;
}
