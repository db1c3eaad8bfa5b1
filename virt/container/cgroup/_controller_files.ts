// The controller interface files of one cgroup (private to cgroup/): the values behind
// cpu.max, cpu.max.burst, cpu.weight, memory.{min,low,high,max} and pids.max, their
// defaults, and reading and writing them as text. hierarchy.ts decides whether a file
// exists in a cgroup (its controller must be enabled by the parent) and turns the parsers'
// SyntaxError/RangeError into the kernel's EINVAL/ERANGE.
//
//   file            controller   value                              default
//   cpu.max         cpu          {quotaUs | null, periodUs}         "max 100000"
//   cpu.max.burst   cpu          µs, 0 … quota                      0
//   cpu.weight      cpu          1 … 10000                          100
//   memory.min/low  memory       bytes                              0
//   memory.high/max memory       bytes | null ("max")               max
//   pids.max        pids         count | null ("max")               max

import {
  type CpuMax,
  formatCpuMax,
  formatLimit,
  parseCpuMax,
  parseCpuWeight,
  parseMemoryValue,
  parsePidsMax,
} from "./interface_files.ts";
import { CPU_PERIOD_DEFAULT_US, CPU_WEIGHT_DEFAULT } from "./params.ts";

/** The controller settings of one cgroup. */
export interface ControllerSettings {
  cpuMax: CpuMax;
  cpuMaxBurstUs: number;
  cpuWeight: number;
  memory: Record<"min" | "low" | "high" | "max", number | null>;
  pidsMax: number | null;
}

/** Which controller each interface file belongs to (null: the cgroup core's own files). */
export const FILES: Record<string, string | null> = {
  "cpu.max": "cpu",
  "cpu.max.burst": "cpu",
  "cpu.weight": "cpu",
  "memory.min": "memory",
  "memory.low": "memory",
  "memory.high": "memory",
  "memory.max": "memory",
  "pids.max": "pids",
  "cgroup.procs": null,
  "cgroup.controllers": null,
  "cgroup.subtree_control": null,
};

/** A new cgroup's settings (cgroup-v2.rst defaults). */
export function defaultSettings(): ControllerSettings {
  return {
    cpuMax: { quotaUs: null, periodUs: CPU_PERIOD_DEFAULT_US },
    cpuMaxBurstUs: 0,
    cpuWeight: CPU_WEIGHT_DEFAULT,
    memory: { min: 0, low: 0, high: null, max: null },
    pidsMax: null,
  };
}

type MemoryKey = keyof ControllerSettings["memory"];

/** Read a controller file as the kernel prints it. */
export function readSetting(settings: ControllerSettings, file: string): string {
  switch (file) {
    case "cpu.max":
      return formatCpuMax(settings.cpuMax);
    case "cpu.max.burst":
      return `${settings.cpuMaxBurstUs}\n`;
    case "cpu.weight":
      return `${settings.cpuWeight}\n`;
    case "pids.max":
      return formatLimit(settings.pidsMax);
    default:
      return formatLimit(settings.memory[file.slice("memory.".length) as MemoryKey]);
  }
}

/** Write a controller file; parse errors are SyntaxError/RangeError. */
export function writeSetting(settings: ControllerSettings, file: string, text: string): void {
  switch (file) {
    case "cpu.max":
      settings.cpuMax = parseCpuMax(text, settings.cpuMax.periodUs);
      return;
    case "cpu.max.burst": {
      const burst = Number(String(text).trim());
      const quota = settings.cpuMax.quotaUs ?? Infinity;
      if (!Number.isInteger(burst) || burst < 0 || burst > quota) {
        throw new RangeError(
          `Invalid cpu.max.burst ${JSON.stringify(text)}: use 0 … the quota (${quota} µs)`,
        );
      }
      settings.cpuMaxBurstUs = burst;
      return;
    }
    case "cpu.weight":
      settings.cpuWeight = parseCpuWeight(text);
      return;
    case "pids.max":
      settings.pidsMax = parsePidsMax(text);
      return;
    default:
      settings.memory[file.slice("memory.".length) as MemoryKey] = parseMemoryValue(text, file);
  }
}
