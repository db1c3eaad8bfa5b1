/**
 * `virt/guest`: the guest software — a small kernel in assembly with drivers for both
 * device flavours, four workloads, and the guest-visible result every mode must match.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { buildGuestImage, WORKLOADS } from "@virt/guest/mod.ts";
 * assert.equal(WORKLOADS.length, 4);
 * assert.ok(buildGuestImage("compute").length > 0x4000);
 * ```
 *
 * @module
 */

// 1. The kernel's assembly source and memory map: boot, traps, workloads.
export * from "./kernel.ts";
// 2. Its drivers: virtio-blk/net with batching and kicks, ATA/NE2000 programmed I/O.
export * from "./drivers.ts";
// 3. Workloads: the kernel image with its PARAMS filled in.
export * from "./workloads.ts";
// 4. The guest-visible result, read off the board after the run.
export * from "./result.ts";
