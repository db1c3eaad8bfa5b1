/**
 * Homework `batch-cost`: what batching buys a virtio-blk guest, from the cost model's
 * constants (`virt/params.ts`). The guest's disk workload writes S sectors and reads them
 * back — 2S requests of 512 bytes — in batches of b requests. Per batch the driver
 * publishes once and the device answers once:
 *
 * ```
 *   per batch    kick:       exit round trip + virtqueue kick          (IOEVENTFD, in the kernel)
 *                interrupt:  injection + 2 MMIO exits (read InterruptStatus, write InterruptACK),
 *                            each exit round trip + user-space exit + VMM dispatch
 *   per request  device request + 512 × per-byte
 *
 *   batches(b)            = 2 · ⌈S / b⌉            (writes and reads are batched apart)
 *   overhead(b)           = batches(b) · per batch
 *   cycles per request(b) = overhead(b) / 2S + per request
 * ```
 *
 * `solve` applies these formulas to the constants in the problem; the tests run the disk
 * workload with `run("disk", { mode: "virtio", sizes: { sectors, batch } })` and check
 * the kicks and the cost differences between batch sizes.
 *
 * Usage: `deno task homework batch-cost --seed 7 [-c]`.
 *
 * @module
 */

import { defineHomework, z } from "@src/exercise/mod.ts";
import { Random } from "@src/sim/mod.ts";
import { DEFAULT_COSTS } from "../params.ts";

/** Bytes of one sector, the payload of one request. */
const SECTOR = 512;

/**
 * The constants a batch-cost problem uses (a subset of `CostModel`).
 *
 * @example
 * ```ts
 * import type { BatchCosts } from "./batch_cost.ts";
 * const costs: BatchCosts = {
 *   clockGhz: 3, vmExitRoundTripCycles: 1360, userSpaceExitCycles: 1150, vmmDeviceDispatchCycles: 1000,
 *   virtqueueKickCycles: 600, interruptInjectionCycles: 300, deviceRequestCycles: 2000, deviceByteCycles: 0.1,
 * };
 * ```
 */
export interface BatchCosts {
  /** Host clock, GHz. */
  readonly clockGhz: number;
  /** A VM exit and entry. */
  readonly vmExitRoundTripCycles: number;
  /** The extra trip to the user-space VMM. */
  readonly userSpaceExitCycles: number;
  /** The VMM dispatching an exit to a device model. */
  readonly vmmDeviceDispatchCycles: number;
  /** Signalling the device's eventfd for a kick. */
  readonly virtqueueKickCycles: number;
  /** Injecting one interrupt. */
  readonly interruptInjectionCycles: number;
  /** The backend serving one request. */
  readonly deviceRequestCycles: number;
  /** The backend moving one byte. */
  readonly deviceByteCycles: number;
}

/**
 * A generated batch-cost problem.
 *
 * @example
 * ```ts
 * import type { BatchCostProblem } from "./batch_cost.ts";
 * type Sizes = BatchCostProblem["batchSizes"]; // e.g. [1, 2, 4, 8]
 * ```
 */
export interface BatchCostProblem {
  /** Sectors written, then read back. */
  readonly sectors: number;
  /** Batch sizes to compare, ascending. */
  readonly batchSizes: readonly number[];
  /** Overhead target, percent of the device's own work per request. */
  readonly targetPercent: number;
  /** The cost constants. */
  readonly costs: BatchCosts;
}

/**
 * One batch size's answer.
 *
 * @example
 * ```ts
 * import type { BatchRow } from "./batch_cost.ts";
 * const row: BatchRow = { batch: 8, batches: 2, overhead: 18560, perRequest: 3211.2, ns: 1070.4 };
 * ```
 */
export interface BatchRow {
  /** Requests per batch. */
  readonly batch: number;
  /** Batches in all, 2·⌈S/b⌉. */
  readonly batches: number;
  /** Overhead cycles: batches × per-batch cycles. */
  readonly overhead: number;
  /** Cycles per request, overhead shared out plus the device's own work. */
  readonly perRequest: number;
  /** The same in nanoseconds. */
  readonly ns: number;
}

/**
 * The answer key.
 *
 * @example
 * ```ts
 * import type { BatchCostSolution } from "./batch_cost.ts";
 * type Rows = BatchCostSolution["rows"];
 * ```
 */
export interface BatchCostSolution {
  /** Kick cycles per batch. */
  readonly kick: number;
  /** Interrupt cycles per batch (injection and two MMIO exits). */
  readonly interrupt: number;
  /** kick + interrupt. */
  readonly perBatch: number;
  /** The device's own cycles per request. */
  readonly deviceWork: number;
  /** One row per batch size asked. */
  readonly rows: readonly BatchRow[];
  /** Smallest batch size 1–8 whose overhead per request is within the target, or null. */
  readonly smallestWithinTarget: number | null;
}

/** The constants of the cost model a batch-cost problem uses, in the order shown. */
const COST_KEYS = [
  "clockGhz",
  "vmExitRoundTripCycles",
  "userSpaceExitCycles",
  "vmmDeviceDispatchCycles",
  "virtqueueKickCycles",
  "interruptInjectionCycles",
  "deviceRequestCycles",
  "deviceByteCycles",
] as const satisfies readonly (keyof BatchCosts)[];

const Options = z.object({
  sectors: z.number().int().min(0).max(256).default(0)
    .describe("sectors written then read back; 0: seeded 8–48"),
  sizes: z.number().int().min(2).max(8).default(4).describe("batch sizes to compare"),
});

/**
 * Options of the `batch-cost` generator.
 *
 * @example
 * ```ts
 * import type { BatchCostOptions } from "./batch_cost.ts";
 * const options: BatchCostOptions = { sectors: 16, sizes: 4 };
 * ```
 */
export type BatchCostOptions = z.output<typeof Options>;

function generate(seed: number, options: BatchCostOptions): BatchCostProblem {
  const random = new Random(seed).fork("batch-cost");
  const sectors = options.sectors || random.int(8, 48);
  const others = random.shuffle([2, 3, 4, 5, 6, 7, 8]).slice(0, options.sizes - 1);
  const batchSizes = [1, ...others].sort((a, b) => a - b);
  const targetPercent = random.choice([60, 80, 100, 150, 250]);
  const costs = Object.fromEntries(
    COST_KEYS.map((key) => [key, DEFAULT_COSTS[key]]),
  ) as unknown as BatchCosts;
  return { sectors, batchSizes, targetPercent, costs };
}

/** Round to one decimal (the cost model has a 0.1-cycle constant). */
const tenth = (value: number) => Math.round(value * 10) / 10;

function solve(problem: BatchCostProblem): BatchCostSolution {
  const c = problem.costs;
  const kick = c.vmExitRoundTripCycles + c.virtqueueKickCycles;
  const mmioExit = c.vmExitRoundTripCycles + c.userSpaceExitCycles + c.vmmDeviceDispatchCycles;
  const interrupt = c.interruptInjectionCycles + 2 * mmioExit;
  const perBatch = kick + interrupt;
  const deviceWork = tenth(c.deviceRequestCycles + SECTOR * c.deviceByteCycles);
  const requests = 2 * problem.sectors;
  const row = (batch: number): BatchRow => {
    const batches = 2 * Math.ceil(problem.sectors / batch);
    const overhead = batches * perBatch;
    const perRequest = tenth(overhead / requests + deviceWork);
    return { batch, batches, overhead, perRequest, ns: tenth(perRequest / c.clockGhz) };
  };
  let smallestWithinTarget: number | null = null;
  for (let batch = 1; batch <= 8 && smallestWithinTarget === null; batch++) {
    const { overhead } = row(batch);
    if (overhead / requests <= (problem.targetPercent / 100) * deviceWork) {
      smallestWithinTarget = batch;
    }
  }
  return {
    kick,
    interrupt,
    perBatch,
    deviceWork,
    rows: problem.batchSizes.map(row),
    smallestWithinTarget,
  };
}

function render(problem: BatchCostProblem, solution?: BatchCostSolution): string {
  const c = problem.costs;
  const s = problem.sectors;
  const out = [
    `A guest writes ${s} sectors to a virtio-blk disk and reads them back: ${2 * s} requests`,
    `of ${SECTOR} bytes, in batches of b requests (run("disk", { mode: "virtio" })). Per batch`,
    "the driver kicks once (an MMIO write KVM completes in the kernel through an ioeventfd)",
    "and the device interrupts once; the guest's handler then reads InterruptStatus and",
    "writes InterruptACK — two MMIO exits to the user-space VMM. The cost model (virt/params.ts):",
    "",
    `  vmExitRoundTripCycles    ${c.vmExitRoundTripCycles}    a VM exit and entry`,
    `  userSpaceExitCycles      ${c.userSpaceExitCycles}    on to the user-space VMM and back`,
    `  vmmDeviceDispatchCycles  ${c.vmmDeviceDispatchCycles}    the VMM calling the device model`,
    `  virtqueueKickCycles      ${c.virtqueueKickCycles}     signalling the ioeventfd`,
    `  interruptInjectionCycles ${c.interruptInjectionCycles}     injecting an interrupt`,
    `  deviceRequestCycles      ${c.deviceRequestCycles}    the backend serving one request`,
    `  deviceByteCycles         ${c.deviceByteCycles}     per byte moved`,
    `  clockGhz                 ${c.clockGhz}`,
    "",
    "1. How many cycles does one batch cost in kicks and interrupts, whatever its size?",
  ];
  if (solution) {
    out.push(
      `   kick ${c.vmExitRoundTripCycles} + ${c.virtqueueKickCycles} = ${solution.kick}; ` +
        `interrupt ${c.interruptInjectionCycles} + 2 × (${c.vmExitRoundTripCycles} + ` +
        `${c.userSpaceExitCycles} + ${c.vmmDeviceDispatchCycles}) = ${solution.interrupt}; ` +
        `per batch ${solution.perBatch}`,
    );
  }
  out.push(
    `2. For b = ${
      problem.batchSizes.join(", ")
    }: how many batches, and how many cycles (and ns) per request,`,
    `   the device's own ${c.deviceRequestCycles} + ${SECTOR} × ${c.deviceByteCycles} included?`,
  );
  if (solution) {
    out.push(`   device work per request: ${solution.deviceWork} cycles`);
    out.push("      b  batches  overhead cycles  cycles/request      ns/request");
    for (const row of solution.rows) {
      out.push(
        `   ${String(row.batch).padStart(4)}  ${String(row.batches).padStart(7)}  ${
          String(row.overhead).padStart(15)
        }  ${String(row.perRequest).padStart(14)}  ${String(row.ns).padStart(14)}`,
      );
    }
  }
  out.push(
    `3. What is the smallest batch size from 1 to 8 for which the overhead per request is at`,
    `   most ${problem.targetPercent}% of the device's own work per request?`,
  );
  if (solution) {
    out.push(
      solution.smallestWithinTarget === null
        ? "   none: even b = 8 leaves more overhead than that"
        : `   b = ${solution.smallestWithinTarget} (overhead per request = 2·⌈${s}/b⌉ × ${solution.perBatch} / ${
          2 * s
        } ≤ ${problem.targetPercent}% × ${solution.deviceWork})`,
    );
  }
  return out.join("\n");
}

/**
 * The `batch-cost` homework generator.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { assign } from "@src/exercise/mod.ts";
 * import { batchCost } from "./batch_cost.ts";
 * const rows = assign(batchCost, { seed: 7 }).solution.rows;
 * assert.ok(rows.at(-1)!.perRequest < rows[0].perRequest); // bigger batches, cheaper requests
 * ```
 */
export const batchCost = defineHomework({
  name: "batch-cost",
  description: "Cycles per virtio-blk request against batch size, from the cost model",
  options: Options,
  generate,
  solve,
  render,
});
