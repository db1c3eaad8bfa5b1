/**
 * Guest workloads: the kernel image plus a PARAMS block saying what to run. The image
 * depends only on the workload and its options, never on the execution mode, so
 * "the same guest bytes under every mode" is something a test can check.
 *
 * ```
 *   workload  what the guest does                                  stresses
 *   compute   PARAMS.iterations rounds of multiply-xor-rotate      instruction execution
 *   disk      write PARAMS.sectors sectors in batches, read back   disk I/O (PIO vs virtio-blk)
 *   net       send PARAMS.packets frames of PARAMS.bytes bytes     NIC I/O (PIO vs virtio-net)
 *   mixed     all three, in that order                             everything
 * ```
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { buildGuestImage } from "@virt/guest/workloads.ts";
 * const image = buildGuestImage("disk", { sectors: 4 });
 * const params = new DataView(image.buffer, 0x4000);
 * assert.equal(params.getUint32(0, true), 1); // workload 1 = disk
 * assert.equal(params.getUint32(8, true), 4);
 * ```
 *
 * @module
 */

import { parseOptions, z } from "@src/options/mod.ts";
import { assemble, type Program } from "../isa/assembler.ts";
import { KERNEL_SOURCE } from "./kernel.ts";

/**
 * The four workloads.
 *
 * @example
 * ```ts
 * import type { Workload } from "@virt/guest/workloads.ts";
 * const workload: Workload = "mixed";
 * ```
 */
export type Workload = "compute" | "disk" | "net" | "mixed";

/**
 * Names of the workloads, in PARAMS.workload order.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { WORKLOADS } from "@virt/guest/workloads.ts";
 * assert.equal(WORKLOADS.indexOf("net"), 2);
 * ```
 */
export const WORKLOADS: readonly Workload[] = ["compute", "disk", "net", "mixed"];

/**
 * Sizes of a workload.
 *
 * @example
 * ```ts
 * import type { WorkloadOptions } from "@virt/guest/workloads.ts";
 * const small: WorkloadOptions = { iterations: 1000, sectors: 8, packets: 8, batch: 4 };
 * ```
 */
export interface WorkloadOptions {
  /** Rounds of the compute loop (10 instructions each). @default {100_000} */
  iterations?: number;
  /** Sectors written then read back by the disk workload (the disk has 256). @default {32} */
  sectors?: number;
  /** Frames sent by the net workload. @default {32} */
  packets?: number;
  /** Bytes per frame, 12–256. @default {128} */
  packetBytes?: number;
  /** Requests per virtio batch, and sectors/frames per legacy loop, 1–8. @default {8} */
  batch?: number;
}

// The user-facing options as a zod schema: errors name the field path.
const workloadOptionsSchema = z.object({
  iterations: z.number().int().min(0).max(100_000_000).default(100_000),
  sectors: z.number().int().min(0).max(256).default(32),
  packets: z.number().int().min(0).max(100_000).default(32),
  packetBytes: z.number().int().min(12).max(256).default(128),
  batch: z.number().int().min(1).max(8).default(8),
}).strict();

/**
 * Sectors on the guest's disk.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { DISK_SECTORS } from "@virt/guest/workloads.ts";
 * assert.equal(DISK_SECTORS * 512, 128 * 1024);
 * ```
 */
export const DISK_SECTORS = 256;

let kernel: Program | undefined;

/**
 * The assembled kernel (assembled once, then cached).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { kernelProgram } from "@virt/guest/workloads.ts";
 * assert.ok(kernelProgram().symbols.has("compute_loop"));
 * ```
 */
export function kernelProgram(): Program {
  kernel ??= assemble(KERNEL_SOURCE);
  return kernel;
}

/**
 * The guest's RAM image for `workload`: the kernel with PARAMS filled in.
 * Errors name the option: "Cannot build the disk workload: option batch must be ≤ 8 …".
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { buildGuestImage } from "@virt/guest/workloads.ts";
 * assert.deepEqual(buildGuestImage("net"), buildGuestImage("net"));
 * assert.throws(() => buildGuestImage("disk", { batch: 9 }), /option batch must be ≤ 8/);
 * ```
 */
export function buildGuestImage(workload: Workload, options: WorkloadOptions = {}): Uint8Array {
  const index = WORKLOADS.indexOf(workload);
  if (index < 0) {
    throw new RangeError(
      `Unknown workload ${JSON.stringify(workload)}; pick one of ${WORKLOADS.join(", ")}`,
    );
  }
  const parsed = parseOptions(workloadOptionsSchema, options, `build the ${workload} workload`);
  const program = kernelProgram();
  const image = program.bytes.slice();
  const params = new DataView(image.buffer, program.symbols.get("params")!);
  [index, parsed.iterations, parsed.sectors, parsed.packets, parsed.packetBytes, parsed.batch]
    .forEach((value, i) => params.setUint32(4 * i, value, true));
  return image;
}
