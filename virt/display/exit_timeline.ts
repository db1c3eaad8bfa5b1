/**
 * VM exits on a time axis. The exit log records *guest* time (instructions retired);
 * this puts each exit at its simulated host time under the cost model, so a chart can
 * show exits per second by reason:
 *
 * ```
 *   t(exit k) = ( instructions_k × nativeCycles  +  Σ_{j<k} cost(exit j) ) / clockGhz
 *
 *   cost(exit) = IOEVENTFD             roundTrip + virtqueueKick
 *                other kernel-handled  roundTrip
 *                KVM_EXIT_HLT          roundTrip + userSpaceExit
 *                other VMM-handled     roundTrip + userSpaceExit + vmmDeviceDispatch
 *                INTERRUPT_INJECTION   interruptInjection (not an exit: no row in the rates)
 * ```
 *
 * the same prices `run()` charges (virt/run.ts). Backend device time (`device` in the
 * cost rows) is left out of the axis: it is charged per request, not per exit.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { assemble, run } from "@virt/mod.ts";
 * import { exitTimeline } from "@virt/display/exit_timeline.ts";
 * const result = run(assemble("LI r1, 2\nOUT 0x80, r1\nHLT").bytes, { mode: "kvm" });
 * const rows = exitTimeline(result);
 * assert.deepEqual(rows.map((row) => row.reason), ["KVM_EXIT_IO", "KVM_EXIT_HLT"]);
 * assert.ok(rows[1].ns > rows[0].ns);
 * ```
 *
 * @module
 */

import { KernelExit } from "../kvm/exit_reason.ts";
import { type CostModel, DEFAULT_COSTS } from "../params.ts";
import type { RunResult } from "../run.ts";

/**
 * One exit at its simulated time.
 *
 * @example
 * ```ts
 * import type { TimedExit } from "@virt/display/exit_timeline.ts";
 * const row: TimedExit = { exit: 0, ns: 12.5, reason: "KVM_EXIT_IO", handledIn: "vmm", address: 0x1f0, cycles: 3510 };
 * ```
 */
export interface TimedExit {
  /** Sequence number in the exit log. */
  exit: number;
  /** Simulated time when the exit happened, ns from the start of the run. */
  ns: number;
  /** Exit reason. */
  reason: string;
  /** Who handled it. */
  handledIn: "vmm" | "kernel";
  /** Port or guest-physical address, as in the exit log. */
  address: number;
  /** What it cost, host cycles. */
  cycles: number;
}

/**
 * The price of one exit-log row under `costs` (see the module comment).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { DEFAULT_COSTS } from "@virt/params.ts";
 * import { exitCycles } from "@virt/display/exit_timeline.ts";
 * assert.equal(exitCycles("KVM_EXIT_IO", "vmm", DEFAULT_COSTS), 1360 + 1150 + 1000);
 * ```
 */
export function exitCycles(reason: string, handledIn: "vmm" | "kernel", costs: CostModel): number {
  if (reason === KernelExit.INTERRUPT_INJECTION) return costs.interruptInjectionCycles;
  if (reason === KernelExit.IOEVENTFD) {
    return costs.vmExitRoundTripCycles + costs.virtqueueKickCycles;
  }
  if (handledIn === "kernel") return costs.vmExitRoundTripCycles;
  const base = costs.vmExitRoundTripCycles + costs.userSpaceExitCycles;
  return reason === "KVM_EXIT_HLT" ? base : base + costs.vmmDeviceDispatchCycles;
}

/**
 * Every logged exit of a kvm or virtio run at its simulated time. Pass the same cost
 * overrides the run used. `RangeError` for a run without an exit log.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { run } from "@virt/mod.ts";
 * import { exitTimeline } from "@virt/display/exit_timeline.ts";
 * assert.throws(() => exitTimeline(run("compute", { mode: "emulate", sizes: { iterations: 1 } })), /no exit log/);
 * ```
 */
export function exitTimeline(result: RunResult, costs: Partial<CostModel> = {}): TimedExit[] {
  if (result.exitLog === null) {
    throw new RangeError(
      `Cannot place exits in time: the ${result.mode} run has no exit log; use mode "kvm" or "virtio"`,
    );
  }
  const model: CostModel = { ...DEFAULT_COSTS, ...costs };
  let exitCyclesSoFar = 0;
  return result.exitLog.rows.map((row) => {
    const cycles = exitCycles(row.reason, row.handledIn, model);
    const ns = (row.instructions * model.nativeCycles + exitCyclesSoFar) / model.clockGhz;
    exitCyclesSoFar += cycles;
    return {
      exit: row.exit,
      ns,
      reason: row.reason,
      handledIn: row.handledIn,
      address: row.address,
      cycles,
    };
  });
}

/**
 * One bin of exit rates.
 *
 * @example
 * ```ts
 * import type { ExitRate } from "@virt/display/exit_timeline.ts";
 * const row: ExitRate = { startMs: 0.1, reason: "KVM_EXIT_IO", perSecond: 250_000 };
 * ```
 */
export interface ExitRate {
  /** Start of the bin, ms. */
  startMs: number;
  /** Exit reason. */
  reason: string;
  /** Exits of that reason per second of simulated time in the bin. */
  perSecond: number;
}

/**
 * Exits per second by reason, in bins of `binNs` (empty bins give rows with 0, so a
 * stacked area drops to zero where the guest ran without exits). Interrupt injections
 * are left out: they are not exits.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { exitRates } from "@virt/display/exit_timeline.ts";
 * const rows = exitRates([
 *   { exit: 0, ns: 10, reason: "KVM_EXIT_IO", handledIn: "vmm", address: 0x80, cycles: 1 },
 *   { exit: 1, ns: 1500, reason: "KVM_EXIT_IO", handledIn: "vmm", address: 0x80, cycles: 1 },
 * ], 1000);
 * assert.deepEqual(rows.map((row) => row.perSecond), [1e6, 1e6]);
 * ```
 */
export function exitRates(timeline: readonly TimedExit[], binNs: number): ExitRate[] {
  if (!(binNs > 0)) {
    throw new RangeError(`Cannot bin exits: binNs is ${binNs}; pass a positive number of ns`);
  }
  const exits = timeline.filter((row) => row.reason !== KernelExit.INTERRUPT_INJECTION);
  const reasons = [...new Set(exits.map((row) => row.reason))];
  const bins = exits.length === 0 ? 0 : Math.floor(exits.at(-1)!.ns / binNs) + 1;
  const counts = reasons.map(() => new Array<number>(bins).fill(0));
  for (const row of exits) counts[reasons.indexOf(row.reason)][Math.floor(row.ns / binNs)]++;
  return reasons.flatMap((reason, r) =>
    counts[r].map((count, bin) => ({
      startMs: (bin * binNs) / 1e6,
      reason,
      perSecond: count / (binNs / 1e9),
    }))
  );
}
