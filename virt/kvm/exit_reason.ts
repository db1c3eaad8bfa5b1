/**
 * VM exit reasons, with the numbers Linux uses in `struct kvm_run.exit_reason`
 * (`include/uapi/linux/kvm.h`; meanings in `Documentation/virt/kvm/api.rst`, section
 * "The kvm_run structure"). A VMM's loop is a switch over these.
 *
 * ```
 *   KVM_EXIT_IO        2   the guest executed IN/OUT; kvm_run.io says port, size, direction
 *   KVM_EXIT_HLT       5   the guest halted (no in-kernel irqchip)
 *   KVM_EXIT_MMIO      6   a load/store hit guest-physical memory no memslot backs
 *   KVM_EXIT_SHUTDOWN  8   triple fault: the guest is dead (x86 would reset)
 *   KVM_EXIT_INTR     10   a signal interrupted KVM_RUN (here: the instruction budget ran out)
 * ```
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ExitReason, exitReasonName } from "@virt/kvm/exit_reason.ts";
 * assert.equal(ExitReason.KVM_EXIT_IO, 2);
 * assert.equal(exitReasonName(6), "KVM_EXIT_MMIO");
 * ```
 *
 * @module
 */

/**
 * Exit reason numbers (a subset of `KVM_EXIT_*`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ExitReason } from "@virt/kvm/exit_reason.ts";
 * assert.equal(ExitReason.KVM_EXIT_HLT, 5);
 * ```
 */
export const ExitReason = {
  KVM_EXIT_UNKNOWN: 0,
  KVM_EXIT_EXCEPTION: 1,
  KVM_EXIT_IO: 2,
  KVM_EXIT_HYPERCALL: 3,
  KVM_EXIT_DEBUG: 4,
  KVM_EXIT_HLT: 5,
  KVM_EXIT_MMIO: 6,
  KVM_EXIT_IRQ_WINDOW_OPEN: 7,
  KVM_EXIT_SHUTDOWN: 8,
  KVM_EXIT_FAIL_ENTRY: 9,
  KVM_EXIT_INTR: 10,
  KVM_EXIT_INTERNAL_ERROR: 17,
} as const;

/**
 * `kvm_run.io.direction` values.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { IoDirection } from "@virt/kvm/exit_reason.ts";
 * assert.equal(IoDirection.KVM_EXIT_IO_OUT, 1);
 * ```
 */
export const IoDirection = { KVM_EXIT_IO_IN: 0, KVM_EXIT_IO_OUT: 1 } as const;

/**
 * Exits KVM handles inside the host kernel without returning to the VMM, named after
 * the Intel VMX basic exit reasons (SDM vol. 3C, appendix C).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { KernelExit } from "@virt/kvm/exit_reason.ts";
 * assert.equal(KernelExit.CR_ACCESS, "CR_ACCESS");
 * ```
 */
export const KernelExit = {
  /** VMX exit reason 28: MOV to a control register (when CR-load exiting is on). */
  CR_ACCESS: "CR_ACCESS",
  /** An MMIO write matched a `KVM_IOEVENTFD` (a virtqueue kick): eventfd signalled in the kernel. */
  IOEVENTFD: "IOEVENTFD",
  /** Not an exit: a pending interrupt injected on VM entry (VMCS event injection). */
  INTERRUPT_INJECTION: "INTERRUPT_INJECTION",
} as const;

/**
 * The `KVM_EXIT_*` name of an exit reason number.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { exitReasonName } from "@virt/kvm/exit_reason.ts";
 * assert.equal(exitReasonName(99), "KVM_EXIT_99");
 * ```
 */
export function exitReasonName(reason: number): string {
  for (const [name, value] of Object.entries(ExitReason)) if (value === reason) return name;
  return `KVM_EXIT_${reason}`;
}
