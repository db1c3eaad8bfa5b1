/**
 * One guest, several ways to run it: the facade a notebook calls.
 *
 * ```
 *   run("disk", { mode })          mode         CPU                      devices
 *     │                            emulate      interpreter              legacy, emulated inline
 *     ├─ buildGuestImage           translate    binary translation       legacy, emulated inline
 *     ├─ createPlatform            kvm          "native" + VM exits      legacy, VMM loop (KVM_EXIT_IO)
 *     ├─ run the mode              virtio       "native" + VM exits      virtio-blk/net, ioeventfd kicks
 *     └─ price the counts          trap-and-emulate  deprivileged guest  legacy, every privileged op traps
 *          → guest result + cost rows {mode, category, cycles, ns} + exits {mode, reason, count}
 * ```
 *
 * The guest-visible result must be identical in every mode; the cost rows differ.
 * Costs are counts from the run times the constants in `params.ts` (override any with
 * `costs`); time is cycles / clockGhz.
 *
 * @example Same answer, different bill
 * ```ts
 * import assert from "node:assert/strict";
 * import { run } from "@virt/run.ts";
 * const emulated = run("disk", { mode: "emulate", sizes: { sectors: 8 } });
 * const virtio = run("disk", { mode: "virtio", sizes: { sectors: 8 } });
 * assert.deepEqual(emulated.guest, virtio.guest);
 * assert.ok(virtio.cycles < emulated.cycles);
 * ```
 *
 * @module
 */

import { parseOptions, z } from "@src/options/mod.ts";
import type { BusCounts } from "./devices/device_bus.ts";
import { createPlatform, type DeviceWork } from "./devices/platform.ts";
import { emulate } from "./emulate/emulator.ts";
import { translate, type TranslationStats, type WarmupRow } from "./emulate/translator.ts";
import { type GuestResult, readGuestResult } from "./guest/result.ts";
import { buildGuestImage, type Workload, type WorkloadOptions } from "./guest/workloads.ts";
import { KernelExit } from "./kvm/exit_reason.ts";
import { runTrapAndEmulate } from "./kvm/trap_and_emulate.ts";
import { type ExitRow, runVmm } from "./kvm/vmm.ts";
import { type CostModel, DEFAULT_COSTS } from "./params.ts";
import type { Trace } from "@src/sim/mod.ts";

/**
 * Execution modes.
 *
 * @example
 * ```ts
 * import type { Mode } from "@virt/run.ts";
 * const mode: Mode = "translate";
 * ```
 */
export type Mode = "emulate" | "translate" | "kvm" | "virtio" | "trap-and-emulate";

/**
 * The modes, in the order the chapter presents them.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { MODES } from "@virt/run.ts";
 * assert.equal(MODES.length, 5);
 * ```
 */
export const MODES: readonly Mode[] = ["emulate", "translate", "kvm", "virtio", "trap-and-emulate"];

/**
 * Options for {@linkcode run}.
 *
 * @example
 * ```ts
 * import type { RunOptions } from "@virt/run.ts";
 * const options: RunOptions = { mode: "kvm", sizes: { sectors: 16 }, costs: { vmExitRoundTripCycles: 2400 } };
 * ```
 */
export interface RunOptions {
  /** How to run the guest. @default {"emulate"} */
  mode?: Mode;
  /** Workload sizes (see `WorkloadOptions`). @default {{}} */
  sizes?: WorkloadOptions;
  /** Overrides of the cost model (see `CostModel`). @default {{}} */
  costs?: Partial<CostModel>;
  /** Guest instruction budget. @default {200_000_000} */
  maxInstructions?: number;
  /** virtio devices offer VIRTIO_F_EVENT_IDX (virtio mode). @default {true} */
  eventIdx?: boolean;
  /**
   * Device flavour on the board, to combine any CPU mode with either: e.g.
   * `{ mode: "emulate", devices: "virtio" }`. Mode "virtio" means kvm with virtio
   * devices, so it only accepts "virtio". @default {"virtio" for mode "virtio", else "legacy"}
   */
  devices?: "legacy" | "virtio";
}

/**
 * A cost row: cycles spent in one category.
 *
 * @example
 * ```ts
 * import type { CostRow } from "@virt/run.ts";
 * const row: CostRow = { mode: "kvm", category: "exit", cycles: 2510, ns: 836.7 };
 * ```
 */
export interface CostRow {
  /** Execution mode. */
  mode: Mode;
  /** guest: running guest instructions; exit: world switches; emulation: VMM/emulator work; device: backend work. */
  category: "guest" | "exit" | "emulation" | "device";
  /** Host cycles. */
  cycles: number;
  /** Nanoseconds at the model's clock. */
  ns: number;
}

/**
 * Exits (or traps) by reason.
 *
 * @example
 * ```ts
 * import type { ExitCountRow } from "@virt/run.ts";
 * const row: ExitCountRow = { mode: "kvm", reason: "KVM_EXIT_IO", handledIn: "vmm", count: 264 };
 * ```
 */
export interface ExitCountRow {
  /** Execution mode. */
  mode: Mode;
  /** KVM_EXIT_* name, kernel-handled reason, or trapped instruction. */
  reason: string;
  /** Who handled it. */
  handledIn: "vmm" | "kernel";
  /** How many. */
  count: number;
}

/**
 * What {@linkcode run} returns.
 *
 * @example
 * ```ts
 * import type { RunResult } from "@virt/run.ts";
 * type Guest = RunResult["guest"];
 * ```
 */
export interface RunResult {
  /** Execution mode. */
  mode: Mode;
  /** Workload name ("custom" for a raw image). */
  workload: Workload | "custom";
  /** What the guest visibly did (identical across modes). */
  guest: GuestResult;
  /** Guest instructions retired. */
  instructions: number;
  /** Total host cycles under the cost model. */
  cycles: number;
  /** Total nanoseconds at `clockGhz`. */
  ns: number;
  /** Cycles by category. */
  costs: CostRow[];
  /** Exits by reason (empty for emulate/translate, which have none). */
  exits: ExitCountRow[];
  /** The exit log (kvm and virtio modes). */
  exitLog: Trace<ExitRow> | null;
  /** Translation cache statistics and warm-up rows (translate mode). */
  translation: { stats: TranslationStats; warmup: readonly WarmupRow[] } | null;
  /** Port and MMIO accesses the devices saw. */
  deviceAccesses: BusCounts;
  /** Interrupts delivered to the guest. */
  interrupts: number;
  /** Backend work of the disk and NIC (requests, bytes, kicks, interrupt requests). */
  deviceWork: DeviceWork;
}

const positive = z.number().min(0);
const runOptionsSchema = z.object({
  mode: z.enum(["emulate", "translate", "kvm", "virtio", "trap-and-emulate"]).default("emulate"),
  sizes: z.record(z.string(), z.unknown()).default({}),
  costs: z.object({
    clockGhz: z.number().min(0.001),
    nativeCycles: positive,
    interpretedCycles: positive,
    translatedCycles: positive,
    translationCycles: positive,
    emulatedAccessCycles: positive,
    vmExitRoundTripCycles: positive,
    userSpaceExitCycles: positive,
    vmmDeviceDispatchCycles: positive,
    virtqueueKickCycles: positive,
    interruptInjectionCycles: positive,
    deviceRequestCycles: positive,
    deviceByteCycles: positive,
    trapAndEmulateCycles: positive,
  }).partial().strict().default({}),
  maxInstructions: z.number().int().min(1).default(200_000_000),
  eventIdx: z.boolean().default(true),
  devices: z.enum(["legacy", "virtio"]).optional(),
}).strict();

/**
 * Run `workload` in `options.mode` and price it. `workload` is a workload name, or a
 * raw RAM image (e.g. `assemble(source).bytes`) to run your own program. Throws
 * `GuestFault` if the guest fails, `RangeError`/`TypeError` naming the option for bad
 * options.
 *
 * @example Your own program
 * ```ts
 * import assert from "node:assert/strict";
 * import { assemble } from "@virt/isa/mod.ts";
 * import { run } from "@virt/run.ts";
 * const result = run(assemble("LI r1, 2\nOUT 0x80, r1\nHLT").bytes, { mode: "kvm" });
 * assert.deepEqual(result.exits.map((row) => row.reason), ["KVM_EXIT_IO", "KVM_EXIT_HLT"]);
 * ```
 *
 * @example Exits by reason under kvm
 * ```ts
 * import assert from "node:assert/strict";
 * import { run } from "@virt/run.ts";
 * const result = run("net", { mode: "kvm", sizes: { packets: 3, packetBytes: 64 } });
 * const io = result.exits.find((row) => row.reason === "KVM_EXIT_IO")!;
 * assert.equal(io.count, 3 * (64 / 4 + 2)); // per frame: length, 16 data words, transmit
 * assert.throws(() => run("net", { mode: "vmware" as never }), /option mode must be one of/);
 * ```
 */
export function run(workload: Workload | Uint8Array, options: RunOptions = {}): RunResult {
  const name = workload instanceof Uint8Array ? "custom" : workload;
  const parsed = parseOptions(runOptionsSchema, options, `run the ${name} workload`);
  const { mode, maxInstructions } = parsed;
  const costs: CostModel = { ...DEFAULT_COSTS, ...parsed.costs };
  const image = workload instanceof Uint8Array
    ? workload
    : buildGuestImage(workload, parsed.sizes as WorkloadOptions);
  const devices = parsed.devices ?? (mode === "virtio" ? "virtio" : "legacy");
  if (mode === "virtio" && devices !== "virtio") {
    throw new RangeError(
      `Cannot run the ${name} workload: mode "virtio" is kvm with virtio devices, but devices is ` +
        `"legacy"; use mode "kvm" with devices "legacy", or leave devices out`,
    );
  }
  const platform = createPlatform(image, { devices, eventIdx: parsed.eventIdx });
  const { machine, bus } = platform;
  let exits: ExitCountRow[] = [];
  let exitLog: Trace<ExitRow> | null = null;
  let translation: RunResult["translation"] = null;
  const cycles = { guest: 0, exit: 0, emulation: 0, device: 0 };
  const accesses = () =>
    bus.counts.portReads + bus.counts.portWrites + bus.counts.mmioReads + bus.counts.mmioWrites;
  switch (mode) {
    case "emulate":
      emulate(platform, { maxInstructions });
      cycles.guest = machine.instructions * costs.interpretedCycles;
      cycles.emulation = accesses() * costs.emulatedAccessCycles +
        machine.interruptsDelivered * costs.interruptInjectionCycles;
      break;
    case "translate": {
      const translator = translate(platform, { maxInstructions });
      const { stats } = translator;
      translation = { stats, warmup: translator.warmup.rows };
      cycles.guest = (machine.instructions - stats.singleSteps) * costs.translatedCycles +
        stats.singleSteps * costs.interpretedCycles;
      cycles.emulation = stats.translatedInstructions * costs.translationCycles +
        accesses() * costs.emulatedAccessCycles +
        machine.interruptsDelivered * costs.interruptInjectionCycles;
      break;
    }
    case "kvm":
    case "virtio": {
      const result = runVmm(platform, { maxInstructions });
      exitLog = result.exits;
      cycles.guest = machine.instructions * costs.nativeCycles;
      for (const row of result.exitCounts) {
        if (row.reason === KernelExit.INTERRUPT_INJECTION) {
          cycles.emulation += row.count * costs.interruptInjectionCycles;
          continue;
        }
        exits.push({ mode, ...row });
        if (row.reason === KernelExit.IOEVENTFD) {
          cycles.exit += row.count * (costs.vmExitRoundTripCycles + costs.virtqueueKickCycles);
        } else if (row.handledIn === "kernel") {
          cycles.exit += row.count * costs.vmExitRoundTripCycles;
        } else {
          cycles.exit += row.count * (costs.vmExitRoundTripCycles + costs.userSpaceExitCycles);
          if (row.reason !== "KVM_EXIT_HLT") {
            cycles.emulation += row.count * costs.vmmDeviceDispatchCycles;
          }
        }
      }
      break;
    }
    case "trap-and-emulate": {
      const result = runTrapAndEmulate(platform, { maxInstructions });
      exits = result.traps.map((row) => ({
        mode,
        reason: row.instruction,
        handledIn: "vmm" as const,
        count: row.count,
      }));
      const traps = result.traps.reduce((sum, row) => sum + row.count, 0);
      cycles.guest = machine.instructions * costs.nativeCycles;
      cycles.exit = traps * costs.trapAndEmulateCycles;
      cycles.emulation = accesses() * costs.vmmDeviceDispatchCycles +
        result.injected * costs.interruptInjectionCycles;
      break;
    }
  }
  const work = platform.deviceWork();
  cycles.device = work.requests * costs.deviceRequestCycles + work.bytes * costs.deviceByteCycles;
  const rows: CostRow[] = (["guest", "exit", "emulation", "device"] as const).map((category) => ({
    mode,
    category,
    cycles: cycles[category],
    ns: cycles[category] / costs.clockGhz,
  }));
  const total = rows.reduce((sum, row) => sum + row.cycles, 0);
  return {
    mode,
    workload: name,
    guest: readGuestResult(platform),
    instructions: machine.instructions,
    cycles: total,
    ns: total / costs.clockGhz,
    costs: rows,
    exits,
    exitLog,
    translation,
    deviceAccesses: { ...bus.counts },
    interrupts: machine.interruptsDelivered,
    deviceWork: work,
  };
}
