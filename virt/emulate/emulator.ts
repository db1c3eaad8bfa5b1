/**
 * Full-system emulation: the interpreter runs the guest and every device access is a
 * call into a device model, as in Bochs or QEMU without KVM. No VM exits exist here:
 * the emulator *is* the CPU, so it sees every instruction anyway.
 *
 * ```
 *   machine.bus = platform.bus
 *   loop:
 *     stop ← interpret(machine, maxInstructions)     IN/OUT/MMIO call devices inline
 *     HLT with an interrupt pending and IF set → deliver it, keep going
 *     HLT otherwise                            → the guest is done (nothing can wake it)
 *     limit                                    → GuestFault budget-exhausted
 * ```
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { createPlatform } from "@virt/devices/platform.ts";
 * import { buildGuestImage } from "@virt/guest/workloads.ts";
 * import { emulate } from "@virt/emulate/emulator.ts";
 * const board = createPlatform(buildGuestImage("compute", { iterations: 100 }));
 * const run = emulate(board);
 * assert.ok(run.instructions > 1000);
 * assert.equal(board.bus.counts.mmioReads, 2); // the two virtio probes found nothing
 * ```
 *
 * @module
 */

import { Flag } from "../isa/instruction_set.ts";
import type { Platform } from "../devices/platform.ts";
import { budgetFault, interpret, Stop } from "./interpreter.ts";

/**
 * Options for {@linkcode emulate}.
 *
 * @example
 * ```ts
 * import type { EmulateOptions } from "@virt/emulate/emulator.ts";
 * const options: EmulateOptions = { maxInstructions: 1_000_000 };
 * ```
 */
export interface EmulateOptions {
  /** Instructions the guest may retire before `GuestFault` budget-exhausted. @default {200_000_000} */
  maxInstructions?: number;
}

/**
 * Default instruction budget of every mode.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { DEFAULT_MAX_INSTRUCTIONS } from "@virt/emulate/emulator.ts";
 * assert.equal(DEFAULT_MAX_INSTRUCTIONS, 200_000_000);
 * ```
 */
export const DEFAULT_MAX_INSTRUCTIONS = 200_000_000; // estimate: a few seconds of interpretation

/**
 * Whether a halted guest can still be woken (an interrupt pending with IF set).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Machine } from "@virt/isa/machine.ts";
 * import { canWake } from "@virt/emulate/emulator.ts";
 * assert.equal(canWake(new Machine()), false);
 * ```
 */
export function canWake(machine: { pendingIrq: number; flags: number }): boolean {
  return machine.pendingIrq !== 0 && (machine.flags & Flag.IF) !== 0;
}

/**
 * Run the platform's guest to its final HLT under the interpreter with inline devices.
 *
 * @example A runaway loop ends with a clear fault
 * ```ts
 * import assert from "node:assert/strict";
 * import { assemble } from "@virt/isa/assembler.ts";
 * import { createPlatform } from "@virt/devices/platform.ts";
 * import { emulate } from "@virt/emulate/emulator.ts";
 * const board = createPlatform(assemble("spin: JMP spin").bytes);
 * assert.throws(() => emulate(board, { maxInstructions: 1000 }), /budget-exhausted.*maxInstructions: 2000/);
 * ```
 */
export function emulate(
  platform: Platform,
  options: EmulateOptions = {},
): { instructions: number } {
  const { maxInstructions = DEFAULT_MAX_INSTRUCTIONS } = options;
  const machine = platform.machine;
  machine.bus = platform.bus;
  for (;;) {
    const stop = interpret(machine, maxInstructions);
    if (stop === Stop.Halt) {
      if (canWake(machine)) continue;
      return { instructions: machine.instructions };
    }
    if (stop === Stop.Limit) throw budgetFault(machine, maxInstructions);
    throw new Error(`emulate(): unexpected stop ${stop} with an inline bus`);
  }
}
