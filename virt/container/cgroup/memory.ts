/**
 * memory.high and memory.max, as a simple stated model of one cgroup's memory charge
 * (Documentation/admin-guide/cgroup-v2.rst "Memory Interface Files", "memory.events").
 * Memory is anonymous (must stay) or page cache (reclaimable); each step charges an
 * allocation, then the limits act:
 *
 * ```
 *   charge a step's anon + file
 *   usage > max   →  max += 1; reclaim cache down to max; still > max → oom += 1,
 *                    oom_kill += 1: the process dies and its charge (anon and cache) is freed
 *   usage > high  →  high += 1; the allocating task reclaims cache down to high
 *                    (throttled: the step costs `reclaimPenaltySteps` extra)
 * ```
 *
 * Not modelled: memory.low/min protection against outside pressure (their events stay 0),
 * swap, per-page rounding, the kernel's gradual reclaim and its retries.
 *
 * @module
 */

import { z } from "zod";
import { parseOptions } from "@src/options/mod.ts";
import type { MemoryEvents } from "./interface_files.ts";

const Options = z.object({
  high: z.number().int().min(0).nullable().default(null),
  max: z.number().int().min(0).nullable().default(null),
  steps: z.array(
    z.object({
      anon: z.number().int().min(0).default(0),
      file: z.number().int().min(0).default(0),
    }).strict(),
  ).min(1),
  reclaimPenaltySteps: z.number().int().min(0).default(1),
}).strict();

/**
 * One step of the memory model.
 *
 * @example
 * ```ts
 * import type { MemoryRow } from "./memory.ts";
 * type Event = MemoryRow["event"]; // "" | "high" | "max" | "oom_kill"
 * ```
 */
export interface MemoryRow {
  /** Step index. */
  readonly step: number;
  /** Anonymous bytes charged after the step. */
  readonly anon: number;
  /** Page-cache bytes charged after the step. */
  readonly file: number;
  /** anon + file. */
  readonly usage: number;
  /** What the limits did at this step. */
  readonly event: "" | "high" | "max" | "oom_kill";
  /** Steps spent so far, reclaim throttling included. */
  readonly time: number;
}

/**
 * Charge a sequence of allocations against memory.high/max.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { simulateMemory } from "./memory.ts";
 * // 200 → 400: above high 300, cache reclaimed to 100 → 300; +250 anon → 550 > max 400,
 * // cache reclaimed to 0 leaves 450 anon > 400 → OOM kill.
 * const run = simulateMemory({
 *   high: 300, max: 400,
 *   steps: [{ anon: 100, file: 100 }, { anon: 100, file: 100 }, { anon: 250 }],
 * });
 * assert.deepEqual(run.events, { low: 0, high: 1, max: 1, oom: 1, oom_kill: 1 });
 * ```
 */
export function simulateMemory(options: {
  /** memory.high in bytes, null for max. @default null */
  readonly high?: number | null;
  /** memory.max in bytes, null for max. @default null */
  readonly max?: number | null;
  /** Allocations, one per step: anonymous and page-cache bytes. */
  readonly steps: readonly { anon?: number; file?: number }[];
  /** Extra steps a high-reclaim costs the allocating task. @default 1 */
  readonly reclaimPenaltySteps?: number;
}): { rows: MemoryRow[]; events: MemoryEvents } {
  const o = parseOptions(Options, options, "simulate memory limits");
  const events: MemoryEvents = { low: 0, high: 0, max: 0, oom: 0, oom_kill: 0 };
  const rows: MemoryRow[] = [];
  let anon = 0;
  let file = 0;
  let time = 0;
  o.steps.forEach((step, i) => {
    anon += step.anon;
    file += step.file;
    time += 1;
    let event: MemoryRow["event"] = "";
    if (o.max !== null && anon + file > o.max) {
      events.max += 1;
      event = "max";
      file = Math.max(0, o.max - anon); // reclaim cache down to max
      if (anon + file > o.max) {
        events.oom += 1;
        events.oom_kill += 1;
        event = "oom_kill";
        anon = 0;
        file = 0;
      }
    }
    if (event === "" && o.high !== null && anon + file > o.high) {
      events.high += 1;
      event = "high";
      file = Math.max(0, o.high - anon);
      time += o.reclaimPenaltySteps;
    }
    rows.push({ step: i, anon, file, usage: anon + file, event, time });
  });
  return { rows, events };
}
