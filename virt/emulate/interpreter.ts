/**
 * The interpreter: fetch, decode, execute, one guest instruction at a time.
 *
 * ```
 *   loop while instructions < limit:
 *     word ← ram32[pc / 4]                         fetch  (pc must be in RAM, 4-aligned)
 *     op, a, b, imm ← fields of word               decode (shifts, no allocation)
 *     switch (op) { case ADD: regs[a] += regs[b] … }   execute
 *     pc ← pc + 4 (or the branch target)
 * ```
 *
 * This is how Bochs works, and QEMU's TCI: every guest instruction costs a trip
 * through the `switch`. Registers live in an `Int32Array`, RAM in a `Uint8Array` with
 * an `Int32Array` view, so the host does 32-bit arithmetic without boxing.
 *
 * The same loop serves every mode. With `machine.bus` set, port I/O and MMIO call the
 * device models inline (full emulation). With `machine.bus === null` the CPU stops at
 * each I/O access and returns a `Stop` code with the access in the machine's exit
 * fields: that is a VM exit, and `kvm/vcpu.ts` turns it into a `KVM_EXIT_IO` or
 * `KVM_EXIT_MMIO`. Faults the guest cannot handle become `GuestFault`.
 *
 * @example Count down from 3
 * ```ts
 * import assert from "node:assert/strict";
 * import { assemble } from "@virt/isa/assembler.ts";
 * import { Machine } from "@virt/isa/machine.ts";
 * import { interpret, Stop } from "@virt/emulate/interpreter.ts";
 * const machine = new Machine();
 * machine.load(assemble("LI r1, 3\nloop: ADDI r1, -1\nCMPI r1, 0\nJNE loop\nHLT").bytes);
 * assert.equal(interpret(machine, 1000), Stop.Halt);
 * assert.equal(machine.regs[1], 0);
 * assert.equal(machine.instructions, 1 + 3 * 3 + 1);
 * ```
 *
 * @module
 */

import { GuestFault } from "../isa/guest_fault.ts";
import { Flag, Op, SP, Vector } from "../isa/instruction_set.ts";
import { type Machine, RAM_SIZE } from "../isa/machine.ts";
import { deliverPendingInterrupt, deliverTrap, instructionAt } from "./traps.ts";
import { CONTINUE, loadSlow, pageWalk, pop, push, storeSlow, TRAPPED } from "./_memory.ts";

/**
 * Why `interpret()` returned.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Stop } from "@virt/emulate/interpreter.ts";
 * assert.equal(Stop.Limit, 0);
 * ```
 */
export const Stop = {
  /** Reached the instruction limit (a time slice ended). */
  Limit: 0,
  /** Executed HLT; pc is after it. */
  Halt: 1,
  /** OUT with no bus: exitAddress = port, exitValue = value; pc is after it. */
  PortOut: 2,
  /** IN with no bus: exitAddress = port, the host fills exitValue, then `completeRead()`. */
  PortIn: 3,
  /** Store to the device window with no bus. */
  MmioWrite: 4,
  /** Load from the device window with no bus; completes like PortIn. */
  MmioRead: 5,
  /** Privileged instruction in user mode with `privilegedToHost`; pc is at it. */
  Privileged: 6,
  /** MOVCR to a control register with `controlWriteExits` (done; exitAddress = cr). */
  ControlWrite: 7,
} as const;

const USER = Flag.U;
const FLAG_BITS = Flag.Z | Flag.N | Flag.C | Flag.V | Flag.IF | Flag.U;
/**
 * Run `machine` until its retired-instruction count reaches `limit` or it stops
 * (HLT, an I/O exit, a host-handled privileged instruction). Returns a `Stop` code.
 * Pending interrupts are delivered on entry and after each I/O access, STI, POPF and
 * IRET. Throws `GuestFault` when the guest cannot handle a fault.
 *
 * @example An OUT with no bus stops the CPU: a VM exit
 * ```ts
 * import assert from "node:assert/strict";
 * import { assemble } from "@virt/isa/assembler.ts";
 * import { Machine } from "@virt/isa/machine.ts";
 * import { interpret, Stop } from "@virt/emulate/interpreter.ts";
 * const machine = new Machine();
 * machine.load(assemble("LI r2, 7\nOUT 0x1f0, r2\nHLT").bytes);
 * assert.equal(interpret(machine, 100), Stop.PortOut);
 * assert.deepEqual([machine.exitAddress, machine.exitValue, machine.pc], [0x1f0, 7, 8]);
 * ```
 */
export function interpret(machine: Machine, limit: number): number {
  const m = machine;
  const regs = m.regs;
  const ram32 = m.ram32;
  const ram = m.ram;
  if (m.pendingIrq !== 0) deliverPendingInterrupt(m);
  let pc = m.pc | 0;
  let flags = m.flags;
  let paging = m.paging;
  let count = m.instructions;
  let code = 0;
  while (count < limit) {
    let fetch = pc;
    if (paging && (flags & USER) !== 0) {
      fetch = pageWalk(m, pc, 4, false);
      if (fetch < 0) {
        // Instruction fetch page fault: the faulting instruction has not retired.
        m.cr[3] = pc;
        m.pc = pc;
        m.instructions = count;
        deliverTrap(m, Vector.PageFault, pc);
        pc = m.pc;
        flags = m.flags;
        count = m.instructions;
        continue;
      }
    }
    if ((fetch & 3) !== 0 || fetch >>> 0 >= RAM_SIZE) {
      m.pc = pc;
      m.instructions = count;
      throw new GuestFault(
        "pc-out-of-memory",
        pc,
        "(outside RAM)",
        `the pc left RAM (0x0000–0x${(RAM_SIZE - 1).toString(16)}) or is not a multiple of 4; ` +
          `check the jump, RET or IRET that got here (a corrupted stack is the usual cause)`,
      );
    }
    const w = ram32[fetch >> 2];
    const a = (w >>> 12) & 15;
    const b = (w >>> 8) & 15;
    count++;
    if ((w & 0x8800) !== 0 && (a > SP || b > SP)) {
      code = Vector.InvalidOpcode;
    } else {
      switch (w & 0xff) {
        case Op.ADD:
          regs[a] = regs[a] + regs[b];
          pc += 4;
          continue;
        case Op.SUB:
          regs[a] = regs[a] - regs[b];
          pc += 4;
          continue;
        case Op.AND:
          regs[a] &= regs[b];
          pc += 4;
          continue;
        case Op.OR:
          regs[a] |= regs[b];
          pc += 4;
          continue;
        case Op.XOR:
          regs[a] ^= regs[b];
          pc += 4;
          continue;
        case Op.SHL:
          regs[a] <<= regs[b];
          pc += 4;
          continue;
        case Op.SHR:
          regs[a] = regs[a] >>> regs[b];
          pc += 4;
          continue;
        case Op.SAR:
          regs[a] >>= regs[b];
          pc += 4;
          continue;
        case Op.MUL:
          regs[a] = Math.imul(regs[a], regs[b]);
          pc += 4;
          continue;
        case Op.DIVU: {
          const divisor = regs[b] >>> 0;
          if (divisor === 0) {
            code = Vector.DivideError;
            break;
          }
          regs[a] = (regs[a] >>> 0) / divisor;
          pc += 4;
          continue;
        }
        case Op.MOV:
          regs[a] = regs[b];
          pc += 4;
          continue;
        case Op.CMP:
        case Op.CMPI: {
          const x = regs[a];
          const y = (w & 0xff) === Op.CMP ? regs[b] : w >> 16;
          const d = (x - y) | 0;
          flags = (flags & ~15) | (d === 0 ? Flag.Z : 0) | (d < 0 ? Flag.N : 0) |
            ((x >>> 0) < (y >>> 0) ? Flag.C : 0) | (((x ^ y) & (x ^ d)) < 0 ? Flag.V : 0);
          m.flags = flags;
          pc += 4;
          continue;
        }
        case Op.ADDI:
          regs[a] = regs[a] + (w >> 16);
          pc += 4;
          continue;
        case Op.ANDI:
          regs[a] &= w >>> 16;
          pc += 4;
          continue;
        case Op.ORI:
          regs[a] |= w >>> 16;
          pc += 4;
          continue;
        case Op.XORI:
          regs[a] ^= w >>> 16;
          pc += 4;
          continue;
        case Op.SHLI:
          regs[a] <<= w >>> 16;
          pc += 4;
          continue;
        case Op.SHRI:
          regs[a] = regs[a] >>> (w >>> 16);
          pc += 4;
          continue;
        case Op.SARI:
          regs[a] >>= w >>> 16;
          pc += 4;
          continue;
        case Op.MULI:
          regs[a] = Math.imul(regs[a], w >> 16);
          pc += 4;
          continue;
        case Op.LI:
          regs[a] = w >> 16;
          pc += 4;
          continue;
        case Op.LUI:
          regs[a] = w & 0xffff0000;
          pc += 4;
          continue;
        case Op.LD: {
          const address = (regs[b] + (w >> 16)) | 0;
          if (!paging && (address & 3) === 0 && address >>> 0 < RAM_SIZE) {
            regs[a] = ram32[address >> 2];
            pc += 4;
            continue;
          }
          m.instructions = count - 1;
          code = loadSlow(m, address, 4, a, pc);
          if (code === CONTINUE) {
            pc += 4;
            continue;
          }
          if (code === TRAPPED) {
            pc = m.pc;
            flags = m.flags;
            count = m.instructions;
            continue;
          }
          m.instructions = count;
          return code;
        }
        case Op.LDB:
        case Op.LDH: {
          const size = (w & 0xff) === Op.LDB ? 1 : 2;
          const address = (regs[b] + (w >> 16)) | 0;
          if (!paging && address >>> 0 <= RAM_SIZE - size) {
            regs[a] = size === 1 ? ram[address] : ram[address] | (ram[address + 1] << 8);
            pc += 4;
            continue;
          }
          m.instructions = count - 1;
          code = loadSlow(m, address, size, a, pc);
          if (code === CONTINUE) {
            pc += 4;
            continue;
          }
          if (code === TRAPPED) {
            pc = m.pc;
            flags = m.flags;
            count = m.instructions;
            continue;
          }
          m.instructions = count;
          return code;
        }
        case Op.ST:
        case Op.STB:
        case Op.STH: {
          const op = w & 0xff;
          const size = op === Op.ST ? 4 : op === Op.STB ? 1 : 2;
          const address = (regs[b] + (w >> 16)) | 0;
          const value = regs[a];
          if (!paging && size === 4 && (address & 3) === 0 && address >>> 0 < RAM_SIZE) {
            ram32[address >> 2] = value;
            pc += 4;
            continue;
          }
          if (!paging && size !== 4 && address >>> 0 <= RAM_SIZE - size) {
            ram[address] = value;
            if (size === 2) ram[address + 1] = value >>> 8;
            pc += 4;
            continue;
          }
          m.instructions = count - 1;
          code = storeSlow(m, address, size, value, pc);
          if (code === CONTINUE) {
            pc += 4;
            if (m.pendingIrq !== 0) {
              m.pc = pc;
              m.instructions = count;
              if (deliverPendingInterrupt(m)) {
                pc = m.pc;
                flags = m.flags;
                count = m.instructions;
              }
            }
            continue;
          }
          if (code === TRAPPED) {
            pc = m.pc;
            flags = m.flags;
            count = m.instructions;
            continue;
          }
          m.instructions = count;
          return code;
        }
        case Op.JMP:
          pc = w >>> 16;
          continue;
        case Op.JEQ:
          pc = (flags & Flag.Z) !== 0 ? w >>> 16 : pc + 4;
          continue;
        case Op.JNE:
          pc = (flags & Flag.Z) === 0 ? w >>> 16 : pc + 4;
          continue;
        case Op.JLT:
          pc = (((flags >> 1) ^ (flags >> 3)) & 1) !== 0 ? w >>> 16 : pc + 4;
          continue;
        case Op.JGE:
          pc = (((flags >> 1) ^ (flags >> 3)) & 1) === 0 ? w >>> 16 : pc + 4;
          continue;
        case Op.JLTU:
          pc = (flags & Flag.C) !== 0 ? w >>> 16 : pc + 4;
          continue;
        case Op.JGEU:
          pc = (flags & Flag.C) === 0 ? w >>> 16 : pc + 4;
          continue;
        case Op.JGT:
          pc = (flags & Flag.Z) === 0 && (((flags >> 1) ^ (flags >> 3)) & 1) === 0
            ? w >>> 16
            : pc + 4;
          continue;
        case Op.JLE:
          pc = (flags & Flag.Z) !== 0 || (((flags >> 1) ^ (flags >> 3)) & 1) !== 0
            ? w >>> 16
            : pc + 4;
          continue;
        case Op.CALL:
          m.instructions = count - 1;
          if (!push(m, pc + 4, pc)) {
            pc = m.pc;
            flags = m.flags;
            count = m.instructions;
            continue;
          }
          pc = w >>> 16;
          continue;
        case Op.RET:
          m.instructions = count - 1;
          if (!pop(m, pc)) {
            pc = m.pc;
            flags = m.flags;
            count = m.instructions;
            continue;
          }
          pc = m.exitValue;
          continue;
        case Op.JR:
          pc = regs[a];
          continue;
        case Op.PUSH:
          m.instructions = count - 1;
          if (!push(m, regs[a], pc)) {
            pc = m.pc;
            flags = m.flags;
            count = m.instructions;
            continue;
          }
          pc += 4;
          continue;
        case Op.POP:
          m.instructions = count - 1;
          if (!pop(m, pc)) {
            pc = m.pc;
            flags = m.flags;
            count = m.instructions;
            continue;
          }
          regs[a] = m.exitValue;
          pc += 4;
          continue;
        case Op.PUSHF:
          m.instructions = count - 1;
          if (!push(m, m.flags, pc)) {
            pc = m.pc;
            flags = m.flags;
            count = m.instructions;
            continue;
          }
          pc += 4;
          continue;
        case Op.POPF: {
          // Sensitive but unprivileged: in user mode IF and U are silently kept.
          m.instructions = count - 1;
          if (!pop(m, pc)) {
            pc = m.pc;
            flags = m.flags;
            count = m.instructions;
            continue;
          }
          const popped = m.exitValue & FLAG_BITS;
          const keep = Flag.IF | Flag.U;
          m.flags = (m.flags & USER) !== 0 ? (popped & ~keep) | (m.flags & keep) : popped;
          flags = m.flags;
          pc += 4;
          if (m.pendingIrq !== 0) {
            m.pc = pc;
            m.instructions = count;
            if (deliverPendingInterrupt(m)) {
              pc = m.pc;
              flags = m.flags;
              count = m.instructions;
            }
          }
          continue;
        }
        case Op.INT: {
          const vector = w >>> 16;
          if (vector >= Vector.Count) {
            code = Vector.InvalidOpcode;
            break;
          }
          m.pc = pc;
          m.instructions = count;
          deliverTrap(m, vector, pc + 4);
          pc = m.pc;
          flags = m.flags;
          count = m.instructions;
          continue;
        }
        case Op.IRET:
        case Op.HLT:
        case Op.CLI:
        case Op.STI:
        case Op.IN:
        case Op.OUT:
        case Op.MOVCR_TO:
        case Op.MOVCR_FROM: {
          const op = w & 0xff;
          if ((flags & USER) !== 0) {
            m.pc = pc;
            m.instructions = count - 1;
            if (m.privilegedToHost) return Stop.Privileged;
            code = Vector.GeneralProtection;
            break;
          }
          if (op === Op.CLI) {
            m.flags &= ~Flag.IF;
            flags = m.flags;
            pc += 4;
            continue;
          }
          if (op === Op.STI || op === Op.IRET) {
            if (op === Op.STI) {
              m.flags |= Flag.IF;
              flags = m.flags;
              pc += 4;
            } else {
              m.instructions = count - 1;
              if (!pop(m, pc)) {
                pc = m.pc;
                flags = m.flags;
                count = m.instructions;
                continue;
              }
              const target = m.exitValue;
              if (!pop(m, pc)) {
                pc = m.pc;
                flags = m.flags;
                count = m.instructions;
                continue;
              }
              const popped = m.exitValue & FLAG_BITS;
              if ((popped & USER) !== 0) {
                if (!pop(m, pc)) {
                  pc = m.pc;
                  flags = m.flags;
                  count = m.instructions;
                  continue;
                }
                regs[SP] = m.exitValue;
              }
              m.flags = popped;
              flags = popped;
              pc = target;
            }
            m.pc = pc;
            m.instructions = count;
            if (m.pendingIrq !== 0 && deliverPendingInterrupt(m)) {
              pc = m.pc;
              flags = m.flags;
              count = m.instructions;
            }
            continue;
          }
          if (op === Op.MOVCR_TO || op === Op.MOVCR_FROM) {
            const index = w >>> 16;
            if (index > 4) {
              code = Vector.InvalidOpcode;
              break;
            }
            pc += 4;
            if (op === Op.MOVCR_FROM) {
              regs[a] = m.cr[index];
              continue;
            }
            m.cr[index] = regs[a];
            if (index === 4) paging = m.paging = (regs[a] & 1) !== 0;
            if (m.controlWriteExits) {
              m.pc = pc;
              m.instructions = count;
              m.exitAddress = index;
              m.exitValue = regs[a];
              return Stop.ControlWrite;
            }
            continue;
          }
          m.pc = pc + 4;
          m.instructions = count;
          if (op === Op.HLT) {
            m.halted = true;
            return Stop.Halt;
          }
          const port = w >>> 16;
          if (m.bus !== null) {
            if (op === Op.IN) regs[a] = m.bus.portIn(port);
            else m.bus.portOut(port, regs[a]);
            pc += 4;
            if (m.pendingIrq !== 0 && deliverPendingInterrupt(m)) {
              pc = m.pc;
              flags = m.flags;
              count = m.instructions;
            }
            continue;
          }
          m.exitAddress = port;
          m.exitSize = 4;
          if (op === Op.IN) {
            m.exitRegister = a;
            m.exitValue = 0;
            return Stop.PortIn;
          }
          m.exitValue = regs[a];
          return Stop.PortOut;
        }
        default:
          code = Vector.InvalidOpcode;
      }
    }
    // An exception: the faulting instruction does not retire; deliver or fault.
    m.pc = pc;
    m.instructions = count - 1;
    deliverTrap(m, code, pc);
    count = m.instructions;
    pc = m.pc;
    flags = m.flags;
    count = m.instructions;
  }
  m.pc = pc;
  m.instructions = count;
  return Stop.Limit;
}

/**
 * The `GuestFault` for a guest that used up its instruction budget (a runaway loop),
 * with the option to raise.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Machine } from "@virt/isa/machine.ts";
 * import { budgetFault } from "@virt/emulate/interpreter.ts";
 * const fault = budgetFault(new Machine(), 1000);
 * assert.equal(fault.kind, "budget-exhausted");
 * assert.match(fault.message, /maxInstructions: 2000/);
 * ```
 */
export function budgetFault(machine: Machine, maxInstructions: number): GuestFault {
  return new GuestFault(
    "budget-exhausted",
    machine.pc,
    instructionAt(machine, machine.pc),
    `the guest ran ${maxInstructions} instructions without finishing (a runaway loop?); ` +
      `if it is meant to run longer pass { maxInstructions: ${maxInstructions * 2} }`,
  );
}
