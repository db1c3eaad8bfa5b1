/**
 * `virt/kvm`: hardware-assisted virtualization the way Linux KVM exposes it — a vcpu
 * with a `KVM_RUN`-style call returning exit reasons, a user-space VMM loop, and, for
 * contrast, classic trap-and-emulate with its sensitive-instruction failure.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { sensitiveInstructionDemo } from "@virt/kvm/mod.ts";
 * assert.equal(sensitiveInstructionDemo().length, 3);
 * ```
 *
 * @module
 */

// 1. KVM_EXIT_* numbers and kernel-handled exit names.
export * from "./exit_reason.ts";
// 2. The vcpu: run() returns the kvm_run exit structure.
export * from "./vcpu.ts";
// 3. The user-space VMM loop and its exit log.
export * from "./vmm.ts";
// 4. Trap-and-emulate without hardware help (Popek & Goldberg).
export * from "./trap_and_emulate.ts";
// 5. Why it fails on x86-like ISAs: the POPF demo (Robin & Irvine).
export * from "./popf_demo.ts";
