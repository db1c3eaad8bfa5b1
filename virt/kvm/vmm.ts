/**
 * The user-space VMM loop (what QEMU, Firecracker or kvmtool do around `KVM_RUN`):
 * enter the guest, handle whatever exit comes back by emulating the device, re-enter.
 *
 * ```
 *   for (;;) {
 *     run = vcpu.run()                      // ioctl(KVM_RUN)
 *     switch (run.exitReason) {
 *       case KVM_EXIT_IO:   out → device.portOut(port, data);  in → run.io.data = device.portIn(port)
 *       case KVM_EXIT_MMIO: write → device.write(addr, data);  read → run.mmio.data = device.read(addr)
 *       case KVM_EXIT_HLT:  an interrupt can wake it → re-enter; otherwise the guest is done
 *       case KVM_EXIT_SHUTDOWN: the guest triple-faulted → report it
 *     }
 *   }
 * ```
 *
 * Every exit becomes a row of the exit log (a `Trace`), so a notebook can plot exits
 * over guest time and a test can count them.
 *
 * @example A disk workload on legacy devices: one KVM_EXIT_IO per port access
 * ```ts
 * import assert from "node:assert/strict";
 * import { createPlatform } from "@virt/devices/platform.ts";
 * import { buildGuestImage } from "@virt/guest/workloads.ts";
 * import { runVmm } from "@virt/kvm/vmm.ts";
 * const board = createPlatform(buildGuestImage("disk", { sectors: 1, batch: 1 }));
 * const result = runVmm(board);
 * const io = result.exits.where({ reason: "KVM_EXIT_IO" }).length;
 * // write: COUNT, LBA, COMMAND, STATUS + 128 data; read: the same again
 * assert.equal(io, 2 * (4 + 128));
 * ```
 *
 * @module
 */

import { Trace } from "@src/sim/mod.ts";
import { canWake } from "../emulate/emulator.ts";
import type { Platform } from "../devices/platform.ts";
import { ExitReason, exitReasonName, IoDirection } from "./exit_reason.ts";
import { Vcpu } from "./vcpu.ts";

/**
 * One exit in the log.
 *
 * @example
 * ```ts
 * import type { ExitRow } from "@virt/kvm/vmm.ts";
 * const row: ExitRow = {
 *   exit: 0, instructions: 120, reason: "KVM_EXIT_IO", handledIn: "vmm", address: 0x1f0, value: 7, write: true,
 * };
 * ```
 */
export interface ExitRow {
  /** Sequence number. */
  exit: number;
  /** Guest instructions retired when it happened (guest time). */
  instructions: number;
  /** `KVM_EXIT_*` name, or a kernel-handled reason (CR_ACCESS, INTERRUPT_INJECTION). */
  reason: string;
  /** Where it was handled: the user-space VMM or KVM in the kernel. */
  handledIn: "vmm" | "kernel";
  /** Port or guest-physical address (control register number for CR_ACCESS). */
  address: number;
  /** Data written, or supplied for a read. */
  value: number;
  /** Whether the guest was writing. */
  write: boolean;
}

/**
 * Options for {@linkcode runVmm}.
 *
 * @example
 * ```ts
 * import type { VmmOptions } from "@virt/kvm/vmm.ts";
 * const options: VmmOptions = { maxInstructions: 1e6, logCapacity: 10_000 };
 * ```
 */
export interface VmmOptions {
  /** Guest instruction budget. @default {200_000_000} */
  maxInstructions?: number;
  /** MOVCR writes cause (kernel-handled) exits. @default {false} */
  controlRegisterExits?: boolean;
  /** Most exit-log rows kept; past it counting goes on but rows are dropped. @default {1_000_000} */
  logCapacity?: number;
  /**
   * Register each virtio device's QueueNotify address as a `KVM_IOEVENTFD`, so kicks
   * are handled in the kernel (as QEMU does) rather than as KVM_EXIT_MMIO. @default {true}
   */
  ioeventfd?: boolean;
}

/**
 * What a VMM run produced.
 *
 * @example
 * ```ts
 * import type { VmmResult } from "@virt/kvm/vmm.ts";
 * type Rows = VmmResult["exitCounts"];
 * ```
 */
export interface VmmResult {
  /** Guest instructions retired. */
  instructions: number;
  /** The exit log. */
  exits: Trace<ExitRow>;
  /** Exits by reason, as rows `{reason, handledIn, count}`. */
  exitCounts: { reason: string; handledIn: "vmm" | "kernel"; count: number }[];
}

/**
 * Run the platform's guest under the KVM-style vcpu and a user-space device loop.
 * Throws the guest's `GuestFault` on KVM_EXIT_SHUTDOWN or a spent budget.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { createPlatform } from "@virt/devices/platform.ts";
 * import { buildGuestImage } from "@virt/guest/workloads.ts";
 * import { runVmm } from "@virt/kvm/vmm.ts";
 * const result = runVmm(createPlatform(buildGuestImage("compute", { iterations: 10 })));
 * // two virtio probes (MMIO reads of an empty window) and the final HLT
 * assert.deepEqual(result.exitCounts.map((row) => [row.reason, row.count]), [["KVM_EXIT_MMIO", 2], ["KVM_EXIT_HLT", 1]]);
 * ```
 */
export function runVmm(platform: Platform, options: VmmOptions = {}): VmmResult {
  const { logCapacity = 1_000_000 } = options;
  const { machine, bus } = platform;
  const exits = new Trace<ExitRow>({ capacity: logCapacity });
  const counts = new Map<string, { reason: string; handledIn: "vmm" | "kernel"; count: number }>();
  let sequence = 0;
  const record = (
    reason: string,
    handledIn: "vmm" | "kernel",
    address: number,
    value: number,
    write: boolean,
  ) => {
    const key = `${handledIn}:${reason}`;
    const entry = counts.get(key) ?? { reason, handledIn, count: 0 };
    entry.count++;
    counts.set(key, entry);
    if (exits.length < logCapacity) {
      exits.push({
        exit: sequence,
        instructions: machine.instructions,
        reason,
        handledIn,
        address,
        value,
        write,
      });
    }
    sequence++;
  };
  const ioeventfds = new Map<number, (value: number) => void>();
  if (options.ioeventfd ?? true) {
    for (const device of [platform.virtio?.blk, platform.virtio?.net]) {
      if (device) {
        ioeventfds.set(device.base + 0x50, (value) => bus.mmioWrite(device.base + 0x50, 4, value));
      }
    }
  }
  const vcpu = new Vcpu(machine, {
    ioeventfds,
    maxInstructions: options.maxInstructions,
    controlRegisterExits: options.controlRegisterExits,
    onKernelExit: (reason, detail) => record(reason, "kernel", detail, 0, true),
  });
  const finish = (): VmmResult => ({
    instructions: machine.instructions,
    exits,
    exitCounts: [...counts.values()],
  });
  for (;;) {
    const run = vcpu.run();
    const name = exitReasonName(run.exitReason);
    switch (run.exitReason) {
      case ExitReason.KVM_EXIT_IO: {
        const write = run.io.direction === IoDirection.KVM_EXIT_IO_OUT;
        if (write) bus.portOut(run.io.port, run.io.data);
        else run.io.data = bus.portIn(run.io.port) >>> 0;
        record(name, "vmm", run.io.port, run.io.data, write);
        break;
      }
      case ExitReason.KVM_EXIT_MMIO:
        if (run.mmio.isWrite) bus.mmioWrite(run.mmio.physAddr, run.mmio.len, run.mmio.data);
        else run.mmio.data = bus.mmioRead(run.mmio.physAddr, run.mmio.len) >>> 0;
        record(name, "vmm", run.mmio.physAddr, run.mmio.data, run.mmio.isWrite);
        break;
      case ExitReason.KVM_EXIT_HLT:
        record(name, "vmm", 0, 0, false);
        if (canWake(machine)) break;
        return finish();
      case ExitReason.KVM_EXIT_SHUTDOWN:
      case ExitReason.KVM_EXIT_INTR:
        record(name, "vmm", 0, 0, false);
        throw run.fault!;
      default:
        throw new Error(`runVmm(): unexpected exit ${name}`);
    }
  }
}
