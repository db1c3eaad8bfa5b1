/**
 * Classic trap-and-emulate virtualization (Popek & Goldberg 1974), without hardware
 * help: the guest kernel runs *deprivileged*, in real user mode, and every privileged
 * instruction it executes traps to the VMM, which emulates it against a virtual CPU
 * state (virtual IF, virtual mode bit, virtual control registers).
 *
 * ```
 *   guest kernel (real U = 1)          VMM
 *   ─────────────────────────          ───
 *   CLI  ── traps (privileged) ──────▶ vIF ← 0
 *   OUT  ── traps ───────────────────▶ device.portOut(…)
 *   IRET ── traps ───────────────────▶ pop pc, flags → vIF, vU; pop sp if vU
 *   POPF ── does NOT trap ──────────▶  (nothing: in user mode POPF silently keeps IF)
 *   PUSHF ─ does NOT trap: pushes the *real* flags, U = 1: the kernel sees user mode
 * ```
 *
 * That works for every instruction except the sensitive-but-unprivileged ones. Popek
 * and Goldberg's theorem says an architecture is virtualizable this way only when
 * every sensitive instruction is privileged; Robin & Irvine (2000) list the x86
 * instructions (POPF, PUSHF, SGDT, SMSW, …) that are not, which is why VMware used
 * binary translation and why Intel added VT-x. `popf_demo.ts` shows the failure.
 *
 * @example The workloads still run correctly (they use no POPF)
 * ```ts
 * import assert from "node:assert/strict";
 * import { createPlatform } from "@virt/devices/platform.ts";
 * import { buildGuestImage } from "@virt/guest/workloads.ts";
 * import { runTrapAndEmulate } from "@virt/kvm/trap_and_emulate.ts";
 * const result = runTrapAndEmulate(createPlatform(buildGuestImage("compute", { iterations: 10 })));
 * assert.ok(result.traps.some((row) => row.instruction === "MOVCR")); // the vector table setup trapped
 * ```
 *
 * @module
 */

import { budgetFault, interpret, Stop } from "../emulate/interpreter.ts";
import { DEFAULT_MAX_INSTRUCTIONS } from "../emulate/emulator.ts";
import { HostTrap, instructionAt } from "../emulate/traps.ts";
import { GuestFault } from "../isa/guest_fault.ts";
import { Flag, INSTRUCTIONS, Op, SP, Vector } from "../isa/instruction_set.ts";
import { RAM_SIZE } from "../isa/machine.ts";
import type { Platform } from "../devices/platform.ts";

/**
 * Options for {@linkcode runTrapAndEmulate}.
 *
 * @example
 * ```ts
 * import type { TrapAndEmulateOptions } from "@virt/kvm/trap_and_emulate.ts";
 * const options: TrapAndEmulateOptions = { maxInstructions: 1e6 };
 * ```
 */
export interface TrapAndEmulateOptions {
  /** Guest instruction budget. @default {200_000_000} */
  maxInstructions?: number;
}

/**
 * What a trap-and-emulate run produced.
 *
 * @example
 * ```ts
 * import type { TrapAndEmulateResult } from "@virt/kvm/trap_and_emulate.ts";
 * type Row = TrapAndEmulateResult["traps"][number];
 * ```
 */
export interface TrapAndEmulateResult {
  /** Guest instructions retired (emulated ones included). */
  instructions: number;
  /** Traps to the VMM by instruction (or "MMIO", or a reflected vector), as rows. */
  traps: { instruction: string; count: number }[];
  /** Virtual interrupts the VMM injected. */
  injected: number;
}

/**
 * Run the platform's guest deprivileged, emulating each privileged instruction.
 * Throws `GuestFault` like the other modes.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { createPlatform } from "@virt/devices/platform.ts";
 * import { buildGuestImage } from "@virt/guest/workloads.ts";
 * import { runTrapAndEmulate } from "@virt/kvm/trap_and_emulate.ts";
 * const board = createPlatform(buildGuestImage("net", { packets: 2 }));
 * const result = runTrapAndEmulate(board);
 * assert.equal(board.frames().length, 2);
 * assert.ok(result.traps.find((row) => row.instruction === "OUT")!.count > 2);
 * ```
 */
export function runTrapAndEmulate(
  platform: Platform,
  options: TrapAndEmulateOptions = {},
): TrapAndEmulateResult {
  const { maxInstructions = DEFAULT_MAX_INSTRUCTIONS } = options;
  const { machine: m, bus } = platform;
  const counts = new Map<string, number>();
  const count = (name: string) => counts.set(name, (counts.get(name) ?? 0) + 1);
  // Virtual CPU state the guest believes it has.
  let virtualIf = (m.flags & Flag.IF) !== 0;
  let virtualUser = (m.flags & Flag.U) !== 0;
  const virtualCr = new Int32Array(5);
  let injected = 0;
  m.bus = null;
  m.privilegedToHost = true;
  m.flags = (m.flags & 0xf) | Flag.U; // real: always user mode, real interrupts off
  // Shadow MMU: the guest's page table applies only while the guest is in (virtual) user
  // mode; the deprivileged kernel runs in real user mode, so paging is switched off for it.
  const syncMmu = () => {
    m.cr[4] = virtualCr[4];
    m.paging = virtualUser && (virtualCr[4] & 1) !== 0;
  };
  const virtualFlags = () =>
    (m.flags & 0xf) | (virtualIf ? Flag.IF : 0) | (virtualUser ? Flag.U : 0);
  const fault = (detail: string): never => {
    throw new GuestFault("triple-fault", m.pc, instructionAt(m, m.pc), detail);
  };
  const push = (value: number) => {
    const sp = (m.regs[SP] - 4) | 0;
    if ((sp & 3) !== 0 || sp >>> 0 >= RAM_SIZE) {
      fault(`cannot push a trap frame: sp 0x${(sp >>> 0).toString(16)} is outside RAM`);
    }
    m.ram32[sp >> 2] = value;
    m.regs[SP] = sp;
  };
  const pop = () => {
    const sp = m.regs[SP];
    if ((sp & 3) !== 0 || sp >>> 0 >= RAM_SIZE) {
      fault(`cannot pop: sp 0x${(sp >>> 0).toString(16)} is outside RAM`);
    }
    m.regs[SP] = sp + 4;
    return m.ram32[sp >> 2];
  };
  // Deliver `vector` through the guest's *virtual* vector table.
  const reflect = (vector: number, returnPc: number) => {
    const base = virtualCr[0];
    const handler = base === 0 ? 0 : m.ram32[(base + 4 * vector) >> 2];
    if (handler === 0) {
      const kinds = [
        "divide-error",
        "invalid-opcode",
        "privileged",
        "bad-access",
        "page-fault",
      ] as const;
      throw new GuestFault(
        kinds[vector] ?? "triple-fault",
        m.pc,
        instructionAt(m, m.pc),
        `vector ${vector} has no handler in the guest's vector table (virtual cr0 = 0x${
          base.toString(16)
        })`,
      );
    }
    const userSp = m.regs[SP];
    if (virtualUser) m.regs[SP] = virtualCr[1];
    if (virtualUser) push(userSp);
    push(virtualFlags());
    push(returnPc);
    virtualUser = false;
    virtualIf = false;
    virtualCr[2] = vector;
    if (vector === Vector.BadAccess || vector === Vector.PageFault) virtualCr[3] = m.cr[3];
    syncMmu();
    m.pc = handler;
  };
  for (;;) {
    if (virtualIf && m.pendingIrq !== 0) {
      const line = 31 - Math.clz32(m.pendingIrq & -m.pendingIrq);
      m.pendingIrq &= ~(1 << line);
      injected++;
      m.interruptsDelivered++;
      reflect(Vector.Irq0 + line, m.pc);
    }
    let stop: number;
    try {
      stop = interpret(m, maxInstructions);
    } catch (error) {
      if (!(error instanceof HostTrap)) throw error;
      count(`vector ${error.vector}`);
      reflect(error.vector, error.returnPc);
      continue;
    }
    if (stop === Stop.Limit) throw budgetFault(m, maxInstructions);
    if (stop === Stop.MmioRead || stop === Stop.MmioWrite) {
      count("MMIO");
      if (stop === Stop.MmioWrite) bus.mmioWrite(m.exitAddress, m.exitSize, m.exitValue);
      else {
        m.exitValue = bus.mmioRead(m.exitAddress, m.exitSize);
        m.completeRead();
      }
      continue;
    }
    if (stop !== Stop.Privileged) throw new Error(`runTrapAndEmulate(): unexpected stop ${stop}`);
    // Emulate the privileged instruction at m.pc against the virtual state.
    const word = m.ram32[m.pc >> 2];
    const op = word & 0xff;
    const a = (word >>> 12) & 15;
    const imm = word >>> 16;
    count(INSTRUCTIONS[op]!.mnemonic);
    if (virtualUser) {
      reflect(Vector.GeneralProtection, m.pc); // the guest's own user code misbehaved
      continue;
    }
    if ((op === Op.MOVCR_TO || op === Op.MOVCR_FROM) && imm > 4) {
      reflect(Vector.InvalidOpcode, m.pc); // as the CPU would in kernel mode
      continue;
    }
    m.instructions++;
    let next = m.pc + 4;
    switch (op) {
      case Op.CLI:
        virtualIf = false;
        break;
      case Op.STI:
        virtualIf = true;
        break;
      case Op.IN:
        m.regs[a] = bus.portIn(imm);
        break;
      case Op.OUT:
        bus.portOut(imm, m.regs[a]);
        break;
      case Op.MOVCR_TO:
        virtualCr[imm] = m.regs[a];
        syncMmu();
        break;
      case Op.MOVCR_FROM:
        m.regs[a] = virtualCr[imm];
        break;
      case Op.IRET: {
        next = pop();
        const flags = pop();
        if ((flags & Flag.U) !== 0) m.regs[SP] = pop();
        virtualIf = (flags & Flag.IF) !== 0;
        virtualUser = (flags & Flag.U) !== 0;
        m.flags = (flags & 0xf) | Flag.U;
        syncMmu();
        break;
      }
      case Op.HLT:
        m.pc = next;
        if (virtualIf && m.pendingIrq !== 0) continue;
        return {
          instructions: m.instructions,
          traps: [...counts].map(([instruction, n]) => ({ instruction, count: n })),
          injected,
        };
    }
    m.pc = next;
  }
}
