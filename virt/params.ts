/**
 * The cost model of chapter 2, in one place (like xv6's `param.h`): what one guest
 * instruction, one VM exit, one emulated device access… costs, in host CPU cycles.
 * `run()` multiplies these by the counts a run produced; pass `{ costs: {...} }` to try
 * other numbers. Each constant names its source or says it is an estimate.
 *
 * ```
 *   mode        guest instructions           exits / emulation                    device
 *   emulate     × INTERPRETED_CYCLES          accesses × EMULATED_ACCESS            requests, bytes
 *   translate   × TRANSLATED_CYCLES           + translated instr × TRANSLATION      requests, bytes
 *   kvm         × NATIVE_CYCLES               exits × (VM_EXIT_ROUND_TRIP           requests, bytes
 *                                               + USER_SPACE_EXIT + VMM_DEVICE_DISPATCH)
 *   virtio      × NATIVE_CYCLES               as kvm; kicks via ioeventfd          requests, bytes
 *                                               × (VM_EXIT_ROUND_TRIP + VIRTQUEUE_KICK)
 * ```
 *
 * Time in ns = cycles / CLOCK_GHZ.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { DEFAULT_COSTS } from "@virt/params.ts";
 * assert.ok(DEFAULT_COSTS.interpretedCycles > DEFAULT_COSTS.translatedCycles);
 * assert.ok(DEFAULT_COSTS.translatedCycles > DEFAULT_COSTS.nativeCycles);
 * ```
 *
 * @module
 */

/**
 * Host clock used to turn cycles into nanoseconds, GHz.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { CLOCK_GHZ } from "@virt/params.ts";
 * assert.equal(CLOCK_GHZ, 3);
 * ```
 */
export const CLOCK_GHZ = 3; // estimate: a typical server core (2.5–3.5 GHz)

/**
 * Cycles of one guest instruction run natively (hardware-assisted modes).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { NATIVE_CYCLES } from "@virt/params.ts";
 * assert.equal(NATIVE_CYCLES, 1);
 * ```
 */
export const NATIVE_CYCLES = 1; // estimate: simple integer instructions at IPC ≈ 1

/**
 * Host cycles per guest instruction in the fetch–decode–execute interpreter.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { INTERPRETED_CYCLES } from "@virt/params.ts";
 * assert.equal(INTERPRETED_CYCLES, 40);
 * ```
 */
export const INTERPRETED_CYCLES = 40; // measured: virt_bench.ts, 50–72 M guest instr/s on a 2.1 GHz Xeon ≈ 29–42 cycles

/**
 * Host cycles per guest instruction in translated code (steady state).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { TRANSLATED_CYCLES } from "@virt/params.ts";
 * assert.equal(TRANSLATED_CYCLES, 6);
 * ```
 */
export const TRANSLATED_CYCLES = 6; // estimate: QEMU TCG runs integer code ~5–10× slower than native

/**
 * Host cycles to translate one guest instruction (decode, emit JavaScript, compile).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { TRANSLATION_CYCLES } from "@virt/params.ts";
 * assert.equal(TRANSLATION_CYCLES, 3000);
 * ```
 */
export const TRANSLATION_CYCLES = 3_000; // estimate: ~1 µs per guest instruction for new Function + first JIT

/**
 * Cycles of one emulated device access (IN/OUT/MMIO) in the emulator: a call into the
 * device model, no mode switch.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { EMULATED_ACCESS_CYCLES } from "@virt/params.ts";
 * assert.equal(EMULATED_ACCESS_CYCLES, 200);
 * ```
 */
export const EMULATED_ACCESS_CYCLES = 200; // estimate: QEMU memory-region dispatch to a device callback

/**
 * Cycles of one VM exit plus the VM entry back (hardware transition, in the kernel).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { VM_EXIT_ROUND_TRIP_CYCLES } from "@virt/params.ts";
 * assert.equal(VM_EXIT_ROUND_TRIP_CYCLES, 1_360);
 * ```
 */
export const VM_EXIT_ROUND_TRIP_CYCLES = 1_360; // source: LKML 2020-12 (lkml.iu.edu/hypermail/linux/kernel/2012.2/00527.html), KVM/SVM VMRUN→#VMEXIT ≈ 1,344–1,376 cycles

/**
 * Extra cycles when an exit goes out to the user-space VMM: returning from the
 * `KVM_RUN` ioctl and calling it again.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { USER_SPACE_EXIT_CYCLES } from "@virt/params.ts";
 * assert.equal(USER_SPACE_EXIT_CYCLES, 1_150);
 * ```
 */
export const USER_SPACE_EXIT_CYCLES = 1_150; // source: same LKML measurement, ioctl entry→VMRUN ≈ 576 + VMRUN→ioctl exit ≈ 576–656 cycles

/**
 * Cycles the user-space VMM spends dispatching one exit to a device model.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { VMM_DEVICE_DISPATCH_CYCLES } from "@virt/params.ts";
 * assert.equal(VMM_DEVICE_DISPATCH_CYCLES, 1_000);
 * ```
 */
export const VMM_DEVICE_DISPATCH_CYCLES = 1_000; // estimate: QEMU's kvm_cpu_exec → address_space_rw → device callback

/**
 * Extra cycles of a virtqueue kick handled by `KVM_IOEVENTFD` (signal the eventfd, wake
 * the device thread), on top of the exit round trip.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { VIRTQUEUE_KICK_CYCLES } from "@virt/params.ts";
 * assert.equal(VIRTQUEUE_KICK_CYCLES, 600);
 * ```
 */
export const VIRTQUEUE_KICK_CYCLES = 600; // estimate: eventfd_signal + wake-up of an iothread/vhost worker

/**
 * Cycles to inject (or, in the emulator, deliver) one interrupt into the guest.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { INTERRUPT_INJECTION_CYCLES } from "@virt/params.ts";
 * assert.equal(INTERRUPT_INJECTION_CYCLES, 300);
 * ```
 */
export const INTERRUPT_INJECTION_CYCLES = 300; // estimate: VMCS event injection on the next VM entry

/**
 * Backend cycles per device request (one disk command or one frame): the host syscall.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { DEVICE_REQUEST_CYCLES } from "@virt/params.ts";
 * assert.equal(DEVICE_REQUEST_CYCLES, 2_000);
 * ```
 */
export const DEVICE_REQUEST_CYCLES = 2_000; // estimate: a pread/pwrite or sendmsg on cached data, ~0.7 µs

/**
 * Backend cycles per byte moved (a memcpy).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { DEVICE_BYTE_CYCLES } from "@virt/params.ts";
 * assert.equal(DEVICE_BYTE_CYCLES, 0.1);
 * ```
 */
export const DEVICE_BYTE_CYCLES = 0.1; // estimate: memcpy at ~10 bytes per cycle

/**
 * Cycles of one trap into a classic trap-and-emulate VMM and back (no VT-x).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { TRAP_AND_EMULATE_CYCLES } from "@virt/params.ts";
 * assert.equal(TRAP_AND_EMULATE_CYCLES, 2_000);
 * ```
 */
export const TRAP_AND_EMULATE_CYCLES = 2_000; // estimate: a fault into the VMM, decode, emulate, return

/**
 * The cost model as one object; `run()` takes overrides of any field.
 *
 * @example
 * ```ts
 * import type { CostModel } from "@virt/params.ts";
 * const slowExits: Partial<CostModel> = { vmExitRoundTripCycles: 2_400 };
 * ```
 */
export interface CostModel {
  /**
   * Host clock, GHz: ns = cycles / clockGhz.
   *
   * @default {3} (`CLOCK_GHZ`)
   */
  clockGhz: number;
  /**
   * Cycles per guest instruction run natively.
   *
   * @default {1} (`NATIVE_CYCLES`)
   */
  nativeCycles: number;
  /**
   * Host cycles per interpreted guest instruction.
   *
   * @default {40} (`INTERPRETED_CYCLES`)
   */
  interpretedCycles: number;
  /**
   * Host cycles per guest instruction in translated code.
   *
   * @default {6} (`TRANSLATED_CYCLES`)
   */
  translatedCycles: number;
  /**
   * Host cycles to translate one guest instruction.
   *
   * @default {3000} (`TRANSLATION_CYCLES`)
   */
  translationCycles: number;
  /**
   * Cycles per device access in the emulator.
   *
   * @default {200} (`EMULATED_ACCESS_CYCLES`)
   */
  emulatedAccessCycles: number;
  /**
   * Cycles of a VM exit plus VM entry.
   *
   * @default {1360} (`VM_EXIT_ROUND_TRIP_CYCLES`)
   */
  vmExitRoundTripCycles: number;
  /**
   * Extra cycles when an exit returns to the user-space VMM.
   *
   * @default {1150} (`USER_SPACE_EXIT_CYCLES`)
   */
  userSpaceExitCycles: number;
  /**
   * Cycles the VMM spends dispatching an exit to a device model.
   *
   * @default {1000} (`VMM_DEVICE_DISPATCH_CYCLES`)
   */
  vmmDeviceDispatchCycles: number;
  /**
   * Extra cycles of an ioeventfd virtqueue kick.
   *
   * @default {600} (`VIRTQUEUE_KICK_CYCLES`)
   */
  virtqueueKickCycles: number;
  /**
   * Cycles to inject or deliver one interrupt.
   *
   * @default {300} (`INTERRUPT_INJECTION_CYCLES`)
   */
  interruptInjectionCycles: number;
  /**
   * Backend cycles per device request.
   *
   * @default {2000} (`DEVICE_REQUEST_CYCLES`)
   */
  deviceRequestCycles: number;
  /**
   * Backend cycles per byte moved.
   *
   * @default {0.1} (`DEVICE_BYTE_CYCLES`)
   */
  deviceByteCycles: number;
  /**
   * Cycles of one trap into a trap-and-emulate VMM and back.
   *
   * @default {2000} (`TRAP_AND_EMULATE_CYCLES`)
   */
  trapAndEmulateCycles: number;
}

/**
 * The defaults, from the constants above.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { DEFAULT_COSTS, VM_EXIT_ROUND_TRIP_CYCLES } from "@virt/params.ts";
 * assert.equal(DEFAULT_COSTS.vmExitRoundTripCycles, VM_EXIT_ROUND_TRIP_CYCLES);
 * ```
 */
export const DEFAULT_COSTS: Readonly<CostModel> = Object.freeze({
  clockGhz: CLOCK_GHZ,
  nativeCycles: NATIVE_CYCLES,
  interpretedCycles: INTERPRETED_CYCLES,
  translatedCycles: TRANSLATED_CYCLES,
  translationCycles: TRANSLATION_CYCLES,
  emulatedAccessCycles: EMULATED_ACCESS_CYCLES,
  vmExitRoundTripCycles: VM_EXIT_ROUND_TRIP_CYCLES,
  userSpaceExitCycles: USER_SPACE_EXIT_CYCLES,
  vmmDeviceDispatchCycles: VMM_DEVICE_DISPATCH_CYCLES,
  virtqueueKickCycles: VIRTQUEUE_KICK_CYCLES,
  interruptInjectionCycles: INTERRUPT_INJECTION_CYCLES,
  deviceRequestCycles: DEVICE_REQUEST_CYCLES,
  deviceByteCycles: DEVICE_BYTE_CYCLES,
  trapAndEmulateCycles: TRAP_AND_EMULATE_CYCLES,
});
