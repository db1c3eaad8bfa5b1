/**
 * Homework `vm-exits`: count a guest program's VM exits by reason under hardware-assisted
 * virtualization (`run(image, { mode: "kvm" })`: legacy devices, a KVM-style vcpu and a
 * user-space VMM loop).
 *
 * The program is seeded: ALU ops, RAM loads and stores, port I/O, loads and stores in
 * the device window, PUSHF/POPF pairs, MOVCR, one or two loops with seeded trip counts,
 * and a final HLT. Under VT-x/AMD-V with EPT/NPT only what touches a device leaves the
 * guest:
 *
 * ```
 *   instruction               exit                      handled in
 *   IN / OUT port             KVM_EXIT_IO               VMM (user space)
 *   LD/ST in 0x10000–0x1ffff  KVM_EXIT_MMIO             VMM (no memslot backs the window)
 *   HLT (interrupts off)      KVM_EXIT_HLT              VMM, and the run ends
 *   MOVCR crN, r (write)      CR_ACCESS — only with shadow paging (no EPT)   KVM (kernel)
 *   ALU, RAM LD/ST, PUSHF, POPF, MOVCR r, crN: no exit (the CPU virtualizes them)
 *
 *   exits of a line = (exits of one execution) × (product of the trip counts of the
 *                     loops around it)
 * ```
 *
 * `solve` reads the assembly text the way a learner does — constant base registers,
 * loops as `LI rc, N` / `label:` … `CMPI rc, 0` / `JNE label` — and never looks at how the generator
 * built it; the tests check it against the real exit log of `run()`.
 *
 * Usage: `deno task homework vm-exits --seed 7 [-c]`.
 *
 * @module
 */

import { defineHomework, z } from "@src/exercise/mod.ts";
import { Random } from "@src/sim/mod.ts";

/**
 * A generated program.
 *
 * @example
 * ```ts
 * import type { VmExitsProblem } from "./vm_exits.ts";
 * const problem: VmExitsProblem = { source: "OUT 0x80, r1\nHLT", shadowPaging: false };
 * ```
 */
export interface VmExitsProblem {
  /** The guest program, StackLab assembly (assemble it with `assemble()` from virt/isa). */
  readonly source: string;
  /** MOVCR writes exit to KVM (CR-load exiting, as without EPT/NPT). */
  readonly shadowPaging: boolean;
}

/**
 * One source line that causes exits.
 *
 * @example
 * ```ts
 * import type { ExitLine } from "./vm_exits.ts";
 * const line: ExitLine = { line: 7, text: "OUT 0x80, r1", reason: "KVM_EXIT_IO", write: true, runs: 12 };
 * ```
 */
export interface ExitLine {
  /** 1-based line of the source. */
  readonly line: number;
  /** The instruction as written. */
  readonly text: string;
  /** `KVM_EXIT_*` name or `CR_ACCESS`. */
  readonly reason: string;
  /** OUT / store / MOVCR write (true), IN / load / HLT (false). */
  readonly write: boolean;
  /** How many times the line runs (product of the enclosing loops' trip counts). */
  readonly runs: number;
}

/**
 * Exits of one reason and direction.
 *
 * @example
 * ```ts
 * import type { ExitTotal } from "./vm_exits.ts";
 * const total: ExitTotal = { reason: "KVM_EXIT_MMIO", write: false, handledIn: "vmm", count: 6 };
 * ```
 */
export interface ExitTotal {
  /** `KVM_EXIT_*` name or `CR_ACCESS`. */
  readonly reason: string;
  /** Writes (OUT, stores, MOVCR to a cr) or reads. */
  readonly write: boolean;
  /** The user-space VMM or KVM in the kernel. */
  readonly handledIn: "vmm" | "kernel";
  /** How many. */
  readonly count: number;
}

/**
 * The answer key.
 *
 * @example
 * ```ts
 * import type { VmExitsSolution } from "./vm_exits.ts";
 * const solution: VmExitsSolution = { lines: [], totals: [], toVmm: 1, inKernel: 0, total: 1, silent: [] };
 * ```
 */
export interface VmExitsSolution {
  /** Every line that exits, in source order. */
  readonly lines: readonly ExitLine[];
  /** Exits by reason and direction (only non-zero ones). */
  readonly totals: readonly ExitTotal[];
  /** Exits that reach the user-space VMM. */
  readonly toVmm: number;
  /** Exits KVM handles in the kernel. */
  readonly inKernel: number;
  /** All exits. */
  readonly total: number;
  /** Sensitive instructions in the program that cause no exit, e.g. "POPF" (distinct, in order). */
  readonly silent: readonly string[];
}

const Options = z.object({
  blocks: z.number().int().min(3).max(12).default(6)
    .describe("instruction groups in the program (each 1–2 lines)"),
  maxTrips: z.number().int().min(2).max(20).default(6)
    .describe("largest loop trip count"),
  nested: z.boolean().default(true).describe("put a second loop inside the first"),
  shadowPaging: z.boolean().default(false)
    .describe("no EPT: MOVCR writes exit to KVM (CR_ACCESS)"),
});

/**
 * Options of the `vm-exits` generator.
 *
 * @example
 * ```ts
 * import type { VmExitsOptions } from "./vm_exits.ts";
 * const options: VmExitsOptions = { blocks: 6, maxTrips: 6, nested: true, shadowPaging: false };
 * ```
 */
export type VmExitsOptions = z.output<typeof Options>;

/** First and last+1 address of the device window (virt/isa/machine.ts MMIO_BASE, MMIO_SIZE). */
const WINDOW = [0x10000, 0x20000] as const;
/** Ports no legacy device claims (platform.ts: 0xe0 doorbell, 0x1f0–0x1f7 disk, 0x300–0x310 NIC). */
const PORTS = [0x60, 0x64, 0x70, 0x71, 0x80, 0x3f8, 0x2f8];

type Kind = "alu" | "ram" | "port" | "mmio" | "flags" | "movcr";

function hex(value: number): string {
  return `0x${value.toString(16)}`;
}

/** One group of 1–2 instruction lines of a kind. */
function group(random: Random, kind: Kind): string[] {
  const scratch = () => random.choice(["r1", "r2", "r3"]);
  switch (kind) {
    case "alu":
      return [
        random.choice([
          `ADD ${scratch()}, ${scratch()}`,
          `ADDI ${scratch()}, ${random.int(1, 9)}`,
          `XOR ${scratch()}, ${scratch()}`,
          `SHLI ${scratch()}, ${random.int(1, 4)}`,
          `MULI ${scratch()}, ${random.int(2, 7)}`,
          `ORI ${scratch()}, ${hex(random.int(1, 255))}`,
        ]),
      ];
    case "ram": {
      const offset = 4 * random.int(0, 15);
      return [
        random.choice([
          `LD ${scratch()}, [r5+${offset}]`,
          `ST ${scratch()}, [r5+${offset}]`,
          `LDB ${scratch()}, [r5+${offset + random.int(0, 3)}]`,
        ]),
      ];
    }
    case "port": {
      const port = hex(random.choice(PORTS));
      return [random.bernoulli(0.5) ? `OUT ${port}, ${scratch()}` : `IN ${scratch()}, ${port}`];
    }
    case "mmio": {
      const offset = hex(random.choice([0x0, 0x4, 0x8, 0x10, 0x34, 0x50, 0x70, 0x100]));
      return [
        random.choice([
          `LD ${scratch()}, [r4+${offset}]`,
          `LD ${scratch()}, [r4+${offset}]`,
          `ST ${scratch()}, [r4+${offset}]`,
          `LDH ${scratch()}, [r4+${offset}]`,
        ]),
      ];
    }
    case "flags":
      return ["PUSHF", "POPF"];
    case "movcr":
      return [
        random.choice(["MOVCR cr4, r0", "MOVCR cr1, sp", `MOVCR ${scratch()}, cr2`]),
      ];
  }
}

function generate(seed: number, options: VmExitsOptions): VmExitsProblem {
  const random = new Random(seed).fork("vm-exits");
  // At least one port access, one device-window access and one sensitive-but-silent
  // instruction; the rest drawn with weights.
  const kinds: Kind[] = ["port", "mmio", random.choice<Kind>(["flags", "movcr"])];
  const pool: Kind[] = [
    "alu",
    "alu",
    "ram",
    "ram",
    "port",
    "port",
    "mmio",
    "mmio",
    "flags",
    "movcr",
  ];
  while (kinds.length < options.blocks) kinds.push(random.choice(pool));
  const groups = random.shuffle(kinds).map((kind) => group(random, kind));
  // Split the groups: before the loop, in the outer loop, (in the inner loop,) after.
  const count = groups.length;
  const loopStart = random.int(0, Math.max(0, Math.floor(count / 3)));
  const loopEnd = random.int(Math.min(count, loopStart + 2), count - (count > 3 ? 1 : 0));
  const outerTrips = random.int(2, options.maxTrips);
  const lines: string[] = [
    "        LI sp, 0x7ff0         ; a stack for PUSHF/POPF",
    "        LI r5, buffer         ; r5 → RAM (the data section at 0x4000)",
    "        LI32 r4, 0x10000      ; r4 → the device window (nothing mapped: MMIO)",
  ];
  const emit = (lines_: string[], indent = "        ") => {
    for (const line of lines_) lines.push(indent + line);
  };
  for (const g of groups.slice(0, loopStart)) emit(g);
  emit([`LI r7, ${outerTrips}`]);
  const body = groups.slice(loopStart, loopEnd);
  const inner = options.nested && body.length >= 2
    ? { from: random.int(0, body.length - 2), trips: random.int(2, options.maxTrips) }
    : undefined;
  let first = true;
  const label = (name: string) => {
    first = false;
    return `${name}:`.padEnd(8);
  };
  body.forEach((g, i) => {
    if (inner && i === inner.from) {
      emit([`LI r6, ${inner.trips}`], first ? label("outer") : "        ");
      const [head, ...rest] = g;
      emit([head], label("inner"));
      emit(rest);
      return;
    }
    const [head, ...rest] = g;
    emit([head], first ? label("outer") : "        ");
    emit(rest);
    if (inner && i === inner.from + 1) emit(["ADDI r6, -1", "CMPI r6, 0", "JNE inner"]);
  });
  emit(["ADDI r7, -1", "CMPI r7, 0", "JNE outer"]);
  for (const g of groups.slice(loopEnd)) emit(g);
  emit(["HLT"]);
  lines.push("        .data", "buffer: .zero 64");
  return { source: lines.join("\n"), shadowPaging: options.shadowPaging };
}

interface Parsed {
  label?: string;
  mnemonic?: string;
  operands: string[];
  text: string;
}

function parseLine(raw: string): Parsed {
  let text = raw.replace(/(;|\/\/).*$/, "").trim();
  let label: string | undefined;
  const labelled = /^([A-Za-z_.][\w.]*):\s*(.*)$/.exec(text);
  if (labelled) [, label, text] = labelled;
  if (text === "" || text.startsWith(".")) return { label, operands: [], text };
  const space = text.search(/\s/);
  const mnemonic = (space < 0 ? text : text.slice(0, space)).toUpperCase();
  const operands = space < 0 ? [] : text.slice(space).split(",").map((o) => o.trim());
  return { label, mnemonic, operands, text };
}

function number(text: string, symbols: Map<string, number>): number {
  const value = symbols.get(text) ?? Number(text);
  if (!Number.isFinite(value)) throw new SyntaxError(`vm-exits: cannot read ${text}`);
  return value;
}

/**
 * Count exits by reading the program: constant base registers, loops `LI rc, N` then
 * `label:` … `JNE label`, each line's exits × the trip counts around it.
 */
function solve(problem: VmExitsProblem): VmExitsSolution {
  const parsed = problem.source.split("\n").map(parseLine);
  // Data labels: `.data` starts at 0x4000; `.zero n` advances (all this program uses).
  const symbols = new Map<string, number>();
  let data = -1;
  for (const line of parsed) {
    if (line.text === ".data") data = 0x4000;
    if (data >= 0 && line.label) symbols.set(line.label, data);
    const zero = /^\.zero\s+(\S+)/.exec(line.text);
    if (data >= 0 && zero) data += Number(zero[1]);
  }
  // label → line of its backward JNE and the counter register the CMPI before it tests.
  const loopEnd = new Map<string, { line: number; counter: string }>();
  parsed.forEach((line, i) => {
    const compare = parsed[i - 1];
    if (line.mnemonic === "JNE" && compare?.mnemonic === "CMPI") {
      loopEnd.set(line.operands[0], { line: i, counter: compare.operands[0].toLowerCase() });
    }
  });
  const registers = new Map<string, number>();
  const trips: { label: string; count: number }[] = [];
  const lines: ExitLine[] = [];
  const silent: string[] = [];
  parsed.forEach((line, i) => {
    const loop = line.label === undefined ? undefined : loopEnd.get(line.label);
    if (loop && loop.line > i) {
      // A down-counting loop runs as many times as its counter holds on entry.
      const count = registers.get(loop.counter);
      if (count === undefined) {
        throw new SyntaxError(
          `vm-exits: loop ${line.label} has no LI ${loop.counter}, N before it`,
        );
      }
      trips.push({ label: line.label!, count });
    }
    const runs = trips.reduce((product, loop) => product * loop.count, 1);
    const add = (reason: string, write: boolean) =>
      lines.push({ line: i + 1, text: line.text, reason, write, runs });
    const [first, second] = line.operands;
    switch (line.mnemonic) {
      case "LI":
      case "LI32":
        registers.set(first.toLowerCase(), number(second, symbols));
        break;
      case "IN":
        add("KVM_EXIT_IO", false);
        break;
      case "OUT":
        add("KVM_EXIT_IO", true);
        break;
      case "HLT":
        add("KVM_EXIT_HLT", false);
        break;
      case "LD":
      case "LDB":
      case "LDH":
      case "ST":
      case "STB":
      case "STH": {
        const memory = /^\[(\w+)\s*(?:([+-])\s*(\S+))?\]$/.exec(second);
        if (!memory) throw new SyntaxError(`vm-exits: cannot read ${second}`);
        const base = registers.get(memory[1].toLowerCase()) ?? 0;
        const offset = memory[3] ? (memory[2] === "-" ? -1 : 1) * number(memory[3], symbols) : 0;
        const address = base + offset;
        if (address >= WINDOW[0] && address < WINDOW[1]) {
          add("KVM_EXIT_MMIO", line.mnemonic.startsWith("ST"));
        }
        break;
      }
      case "MOVCR":
        if (/^cr\d$/i.test(first)) {
          if (problem.shadowPaging) add("CR_ACCESS", true);
          else if (!silent.includes("MOVCR to cr")) silent.push("MOVCR to cr");
        } else if (!silent.includes("MOVCR from cr")) silent.push("MOVCR from cr");
        break;
      case "PUSHF":
      case "POPF":
        if (!silent.includes(line.mnemonic)) silent.push(line.mnemonic);
        break;
      case "JNE":
        if (trips.at(-1)?.label === first) trips.pop();
        break;
    }
  });
  const totals: ExitTotal[] = [];
  for (
    const [reason, write] of [
      ["KVM_EXIT_IO", false],
      ["KVM_EXIT_IO", true],
      ["KVM_EXIT_MMIO", false],
      ["KVM_EXIT_MMIO", true],
      ["KVM_EXIT_HLT", false],
      ["CR_ACCESS", true],
    ] as const
  ) {
    const count = lines
      .filter((l) => l.reason === reason && l.write === write)
      .reduce((sum, l) => sum + l.runs, 0);
    const handledIn = reason === "CR_ACCESS" ? "kernel" : "vmm";
    if (count > 0) totals.push({ reason, write, handledIn, count });
  }
  const sum = (where: "vmm" | "kernel") =>
    totals.filter((t) => t.handledIn === where).reduce((s, t) => s + t.count, 0);
  return {
    lines,
    totals,
    toVmm: sum("vmm"),
    inKernel: sum("kernel"),
    total: sum("vmm") + sum("kernel"),
    silent,
  };
}

function direction(reason: string, write: boolean): string {
  if (reason === "KVM_EXIT_IO") return write ? "OUT" : "IN";
  if (reason === "KVM_EXIT_MMIO") return write ? "write" : "read";
  return "";
}

function render(problem: VmExitsProblem, solution?: VmExitsSolution): string {
  const source = problem.source.split("\n");
  const width = String(source.length).length;
  const out = [
    "This guest program runs under hardware-assisted virtualization: run(image, { mode:",
    `"kvm" }) — legacy devices, a KVM-style vcpu, a user-space VMM loop${
      problem.shadowPaging ? ", and NO EPT: KVM" : ", EPT/NPT on."
    }`,
    ...(problem.shadowPaging
      ? ["shadows the page tables, so every MOVCR write to a control register exits (to KVM)."]
      : []),
    "No device sits in the MMIO window (0x10000–0x1ffff) and interrupts stay off.",
    "",
    ...source.map((line, i) => `  ${String(i + 1).padStart(width)}  ${line}`),
    "",
    "1. How many VM exits of each reason does the run make? Give KVM_EXIT_IO (IN and OUT",
    `   apart), KVM_EXIT_MMIO (reads and writes apart), KVM_EXIT_HLT${
      problem.shadowPaging ? " and CR_ACCESS" : ""
    }.`,
    "2. How many reach the user-space VMM, and how many does KVM handle in the kernel?",
    "3. Which sensitive instructions in the program cause no exit at all, and why?",
  ];
  if (solution) {
    out.push(
      "",
      "   Lines that exit (runs = product of the trip counts of the loops around them):",
    );
    const textWidth = Math.max(...solution.lines.map((l) => l.text.length));
    for (const line of solution.lines) {
      out.push(
        `   line ${String(line.line).padStart(width)}  ${line.text.padEnd(textWidth)}  ×${
          String(line.runs).padEnd(4)
        } ${line.reason} ${direction(line.reason, line.write)}`.trimEnd(),
      );
    }
    out.push("   1.");
    for (const total of solution.totals) {
      const which = direction(total.reason, total.write);
      out.push(`      ${`${total.reason}${which ? ` (${which})` : ""}`.padEnd(26)} ${total.count}`);
    }
    out.push(
      `   2. ${solution.toVmm} to the VMM, ${solution.inKernel} in the kernel (${solution.total} in all)`,
      `   3. ${
        solution.silent.length === 0 ? "none in this program" : solution.silent.join(", ")
      }: the CPU virtualizes them — the guest's`,
      problem.shadowPaging
        ? "      flags live in the VMCS and reading a control register is harmless; only"
        : "      flags and control registers live in the VMCS, and with EPT a page-table switch",
      problem.shadowPaging
        ? "      control-register writes exit (KVM shadows them). ALU ops and RAM loads/stores never exit."
        : "      needs no help. ALU ops and RAM loads/stores never exit.",
    );
  }
  return out.join("\n");
}

/**
 * The `vm-exits` homework generator.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { assign } from "@src/exercise/mod.ts";
 * import { vmExits } from "./vm_exits.ts";
 * const sheet = assign(vmExits, { seed: 7 });
 * assert.equal(sheet.solution.totals.at(-1)?.reason, "KVM_EXIT_HLT");
 * assert.equal(sheet.solution.inKernel, 0); // EPT on: MOVCR never exits
 * ```
 */
export const vmExits = defineHomework({
  name: "vm-exits",
  description: "Count a guest program's VM exits by reason under KVM (IO, MMIO, HLT, CR)",
  options: Options,
  generate,
  solve,
  render,
});
