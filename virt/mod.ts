/**
 * `virt`: chapter 2, virtualization. One guest — a small kernel and its workloads — run
 * three ways (emulation, binary translation, hardware-assisted with VM exits) plus
 * paravirtual I/O (virtio), with the same guest-visible result and a cost model that
 * says where the time goes.
 *
 * Read in this order: the ISA, the interpreter, the devices, the guest, the
 * KVM-style vcpu and VMM, virtio's rings, then `run()` and the cost model.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { MODES, run } from "@virt/mod.ts";
 * const results = MODES.map((mode) => run("mixed", { mode, sizes: { iterations: 1000, sectors: 8, packets: 8 } }));
 * for (const result of results) assert.deepEqual(result.guest, results[0].guest);
 * ```
 *
 * @module
 */

// 1. The guest instruction set, assembler and disassembler.
export * from "./isa/mod.ts";
// 2. Software execution: interpreter, emulator, binary translator.
export * from "./emulate/mod.ts";
// 3. Devices: legacy register-level and virtio, on a platform.
export * from "./devices/mod.ts";
// 4. The guest kernel, workloads and guest-visible result.
export * from "./guest/mod.ts";
// 5. Hardware-assisted virtualization: KVM-style vcpu, VMM loop, trap-and-emulate.
export * from "./kvm/mod.ts";
// 6. virtio split virtqueues and request headers, byte-exact.
export * from "./virtio/mod.ts";
// 7. The cost model's constants.
export * from "./params.ts";
// 8. One facade: run a workload in a mode, get the result and the bill.
export * from "./run.ts";
// 9. What the host offers: VT-x/AMD-V flags and /dev/kvm.
export * from "./host_probe.ts";
