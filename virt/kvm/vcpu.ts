/**
 * A virtual CPU with a `KVM_RUN`-style interface: `vcpu.run()` runs the guest until
 * something needs the VMM, then returns the shared exit structure (Linux `struct
 * kvm_run`, `Documentation/virt/kvm/api.rst`). The VMM handles the exit, writes any
 * input data into the structure, and calls `run()` again; entering completes the
 * pending IN or MMIO load with that data, exactly as KVM does.
 *
 * ```
 *   VMM (user space)              KVM (kernel)                 guest (VMX non-root)
 *   ───────────────               ────────────                 ────────────────────
 *   ioctl(KVM_RUN) ─────────────▶ inject pending interrupts ─▶ runs at native speed …
 *                                 ◀── VM exit ─────────────── OUT 0x1f0, r0
 *                                 CR access? handle, re-enter  (no trip to user space)
 *   ◀── exit_reason = IO ──────── fill kvm_run.io
 *   emulate the device
 *   ioctl(KVM_RUN) again …
 * ```
 *
 * The guest's instructions are executed by this project's interpreter (there is no real
 * VT-x here); the cost model charges them at native speed and charges each exit.
 *
 * @example One OUT, one exit
 * ```ts
 * import assert from "node:assert/strict";
 * import { assemble } from "@virt/isa/assembler.ts";
 * import { Machine } from "@virt/isa/machine.ts";
 * import { ExitReason, Vcpu } from "@virt/kvm/mod.ts";
 * const machine = new Machine();
 * machine.load(assemble("LI r1, 9\nOUT 0x80, r1\nIN r2, 0x81\nHLT").bytes);
 * const vcpu = new Vcpu(machine);
 * let run = vcpu.run();
 * assert.equal(run.exitReason, ExitReason.KVM_EXIT_IO);
 * assert.deepEqual([run.io.direction, run.io.port, run.io.data], [1, 0x80, 9]);
 * run = vcpu.run();
 * assert.equal(run.io.direction, 0); // IN: the VMM supplies the data
 * run.io.data = 42;
 * run = vcpu.run();
 * assert.equal(run.exitReason, ExitReason.KVM_EXIT_HLT);
 * assert.equal(machine.regs[2], 42);
 * ```
 *
 * @module
 */

import { budgetFault, interpret, Stop } from "../emulate/interpreter.ts";
import { DEFAULT_MAX_INSTRUCTIONS } from "../emulate/emulator.ts";
import { GuestFault } from "../isa/guest_fault.ts";
import type { Machine } from "../isa/machine.ts";
import { ExitReason, IoDirection, KernelExit } from "./exit_reason.ts";

/**
 * The shared exit structure (the fields of `struct kvm_run` this model uses; real KVM
 * keeps I/O data at `data_offset` inside the mmap'ed page, here it is inline).
 *
 * @example
 * ```ts
 * import type { KvmRun } from "@virt/kvm/vcpu.ts";
 * const run: KvmRun = {
 *   exitReason: 2, io: { direction: 1, size: 4, port: 0x1f0, count: 1, data: 0 },
 *   mmio: { physAddr: 0, data: 0, len: 0, isWrite: false }, fault: null,
 * };
 * ```
 */
export interface KvmRun {
  /** `KVM_EXIT_*` number. */
  exitReason: number;
  /** For KVM_EXIT_IO. */
  io: { direction: number; size: number; port: number; count: number; data: number };
  /** For KVM_EXIT_MMIO. */
  mmio: { physAddr: number; data: number; len: number; isWrite: boolean };
  /** For KVM_EXIT_SHUTDOWN: why the guest died. */
  fault: GuestFault | null;
}

/**
 * Options for {@linkcode Vcpu}.
 *
 * @example
 * ```ts
 * import type { VcpuOptions } from "@virt/kvm/vcpu.ts";
 * const options: VcpuOptions = { controlRegisterExits: true };
 * ```
 */
export interface VcpuOptions {
  /** Instruction budget; past it `run()` returns KVM_EXIT_INTR. @default {200_000_000} */
  maxInstructions?: number;
  /**
   * MOVCR writes exit to KVM (handled in the kernel, not returned), like CR3-load
   * exiting on VT-x without EPT, when KVM must shadow the guest's page tables. The
   * default models EPT/NPT: the guest changes its page-table base (cr4) with no exit.
   * @default {false}
   */
  controlRegisterExits?: boolean;
  /** Called for each exit KVM handles in the kernel (for the exit log). */
  onKernelExit?: (reason: string, detail: number) => void;
  /**
   * `KVM_IOEVENTFD`: MMIO write addresses KVM completes in the kernel by signalling an
   * eventfd (here: calling the handler) instead of returning KVM_EXIT_MMIO. QEMU
   * registers one per virtqueue notify address. @default {empty}
   */
  ioeventfds?: ReadonlyMap<number, (value: number) => void>;
}

/**
 * A vcpu over a machine whose I/O goes to the VMM.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Machine } from "@virt/isa/machine.ts";
 * import { Vcpu } from "@virt/kvm/vcpu.ts";
 * const vcpu = new Vcpu(new Machine());
 * assert.equal(vcpu.run().exitReason, 8); // zeroed RAM: invalid opcode, no handler → KVM_EXIT_SHUTDOWN
 * ```
 */
export class Vcpu {
  /** The guest's state. */
  readonly machine: Machine;
  /** Exits handled in the kernel, by name. */
  readonly kernelExits: Map<string, number> = new Map();
  #run: KvmRun = {
    exitReason: ExitReason.KVM_EXIT_UNKNOWN,
    io: { direction: 0, size: 0, port: 0, count: 0, data: 0 },
    mmio: { physAddr: 0, data: 0, len: 0, isWrite: false },
    fault: null,
  };
  #maxInstructions: number;
  #onKernelExit?: (reason: string, detail: number) => void;
  #ioeventfds: ReadonlyMap<number, (value: number) => void>;

  /** Take over `machine` (its bus is set to null: all I/O exits). */
  constructor(machine: Machine, options: VcpuOptions = {}) {
    this.machine = machine;
    machine.bus = null;
    machine.controlWriteExits = options.controlRegisterExits ?? false;
    this.#maxInstructions = options.maxInstructions ?? DEFAULT_MAX_INSTRUCTIONS;
    this.#onKernelExit = options.onKernelExit;
    this.#ioeventfds = options.ioeventfds ?? new Map();
  }

  /** The instruction budget. */
  get maxInstructions(): number {
    return this.#maxInstructions;
  }

  #kernelExit(reason: string, detail: number): void {
    this.kernelExits.set(reason, (this.kernelExits.get(reason) ?? 0) + 1);
    this.#onKernelExit?.(reason, detail);
  }

  /** `ioctl(vcpu_fd, KVM_RUN)`: enter the guest, return at the next exit to user space. */
  run(): KvmRun {
    const m = this.machine;
    const run = this.#run;
    // Complete a pending IN / MMIO load with the data the VMM supplied.
    if (m.exitRegister >= 0) {
      m.exitValue = run.exitReason === ExitReason.KVM_EXIT_IO ? run.io.data : run.mmio.data;
      m.completeRead();
    }
    run.fault = null;
    for (;;) {
      const delivered = m.interruptsDelivered;
      let stop: number;
      try {
        stop = interpret(m, this.#maxInstructions);
      } catch (error) {
        if (!(error instanceof GuestFault)) throw error;
        run.exitReason = ExitReason.KVM_EXIT_SHUTDOWN;
        run.fault = error;
        return run;
      }
      for (let i = delivered; i < m.interruptsDelivered; i++) {
        this.#kernelExit(KernelExit.INTERRUPT_INJECTION, 0);
      }
      switch (stop) {
        case Stop.PortOut:
        case Stop.PortIn:
          run.exitReason = ExitReason.KVM_EXIT_IO;
          run.io.direction = stop === Stop.PortOut
            ? IoDirection.KVM_EXIT_IO_OUT
            : IoDirection.KVM_EXIT_IO_IN;
          run.io.size = m.exitSize;
          run.io.port = m.exitAddress;
          run.io.count = 1;
          run.io.data = stop === Stop.PortOut ? m.exitValue >>> 0 : 0;
          return run;
        case Stop.MmioWrite: {
          const eventfd = this.#ioeventfds.get(m.exitAddress);
          if (eventfd === undefined) break;
          this.#kernelExit(KernelExit.IOEVENTFD, m.exitAddress);
          eventfd(m.exitValue);
          continue;
        }
      }
      switch (stop) {
        case Stop.MmioWrite:
        case Stop.MmioRead:
          run.exitReason = ExitReason.KVM_EXIT_MMIO;
          run.mmio.physAddr = m.exitAddress;
          run.mmio.len = m.exitSize;
          run.mmio.isWrite = stop === Stop.MmioWrite;
          run.mmio.data = stop === Stop.MmioWrite ? m.exitValue >>> 0 : 0;
          return run;
        case Stop.Halt:
          run.exitReason = ExitReason.KVM_EXIT_HLT;
          return run;
        case Stop.ControlWrite:
          this.#kernelExit(KernelExit.CR_ACCESS, m.exitAddress);
          continue;
        case Stop.Limit:
          run.exitReason = ExitReason.KVM_EXIT_INTR;
          run.fault = budgetFault(m, this.#maxInstructions);
          return run;
        default:
          run.exitReason = ExitReason.KVM_EXIT_INTERNAL_ERROR;
          return run;
      }
    }
  }
}
