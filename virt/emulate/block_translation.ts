/**
 * Block translation: one guest basic block → the source of one JavaScript function.
 * The code generator of the binary translator (`translator.ts` caches and runs what it
 * makes), in the role of QEMU's TCG front end + back end (`docs/devel/tcg.rst`).
 *
 * ```
 *   guest block at 0x0104                    translated (new Function)
 *   ADDI r3, -1                              let x3 = r[3], fl = M.flags, ic = M.instructions;
 *   CMPI r3, 0                               for (;;) {                  // block jumps to itself:
 *   JNE 0x0104                                 x3 = (x3 + -1) | 0;       //   a loop, not a return
 *                                              fl = (fl & -16) | …compare x3 with 0…;
 *                                              if ((fl & 1) === 0) { ic += 3; if (ic >= limit) …; continue; }
 *                                              r[3] = x3; M.flags = fl; M.instructions = ic + 3; return 0x0110;
 *                                            }
 * ```
 *
 * A block ends at a branch, before a system instruction (PUSHF, POPF, INT, IRET, HLT,
 * CLI, STI, IN, OUT, MOVCR — the dispatcher single-steps those with the interpreter, as
 * QEMU calls helpers), before an undefined instruction, or after `maxBlockLength`
 * instructions. Guest registers live in JavaScript locals inside a block and are written
 * back at every exit; loads and stores take an inline fast path for RAM and call the
 * shared slow paths (device window, faults) otherwise; a store into a code page ends the
 * block and asks for the cache to be flushed.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { assemble } from "@virt/isa/assembler.ts";
 * import { Machine } from "@virt/isa/machine.ts";
 * import { translateBlock } from "@virt/emulate/block_translation.ts";
 * const machine = new Machine();
 * machine.load(assemble("loop: ADDI r3, -1\nCMPI r3, 0\nJNE loop").bytes);
 * const block = translateBlock(machine.ram32, 0)!;
 * assert.deepEqual(block.targets, [0, 12]);
 * assert.match(block.source, /for \(;;\)/);
 * ```
 *
 * @module
 */

import { isValidInstruction } from "../isa/disassembler.ts";
import { INSTRUCTIONS, Op, SP, Vector } from "../isa/instruction_set.ts";
import { type Machine, RAM_SIZE } from "../isa/machine.ts";
import { CONTINUE } from "./_memory.ts";

/**
 * A translated block, as called by the dispatcher: registers, RAM (bytes and words),
 * the machine, the helpers, the instruction limit and the code-page map. Returns the
 * next guest pc.
 *
 * @example
 * ```ts
 * import type { BlockFunction } from "@virt/emulate/block_translation.ts";
 * const nothing: BlockFunction = (_r, _m8, _m32, machine) => machine.pc;
 * ```
 */
export type BlockFunction = (
  r: Int32Array,
  m8: Uint8Array,
  m32: Int32Array,
  M: Machine,
  h: BlockHelpers,
  limit: number,
  cp: Uint8Array,
) => number;

/**
 * The slow paths a translated block calls (all set `M.pc` when they trap).
 *
 * @example
 * ```ts
 * import type { BlockHelpers } from "@virt/emulate/block_translation.ts";
 * type Load = BlockHelpers["load"];
 * ```
 */
export interface BlockHelpers {
  /** A load off the fast path; −1 to go on, otherwise the block returns `M.pc`. */
  load(m: Machine, address: number, size: number, register: number, pc: number): number;
  /** A store off the fast path; −1 to go on, otherwise the block returns `M.pc`. */
  store(m: Machine, address: number, size: number, value: number, pc: number): number;
  /** Deliver a pending interrupt; true when one was delivered. */
  irq(m: Machine): boolean;
  /** Deliver trap `vector` for the instruction at `pc`; returns the handler's pc. */
  trap(m: Machine, vector: number, pc: number): number;
  /** A push or pop with a bad sp: BadAccess; returns the handler's pc. */
  badStack(m: Machine, address: number, pc: number): number;
  /** A store hit a page holding translated code. */
  invalidate(address: number): void;
}

/**
 * log2 of the code-page size the translator tracks for self-modifying code (256 bytes).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { CODE_PAGE_SHIFT } from "@virt/emulate/block_translation.ts";
 * assert.equal(1 << CODE_PAGE_SHIFT, 256);
 * ```
 */
export const CODE_PAGE_SHIFT = 8;

const SYSTEM = new Set<number>([
  Op.PUSHF,
  Op.POPF,
  Op.INT,
  Op.IRET,
  Op.HLT,
  Op.CLI,
  Op.STI,
  Op.IN,
  Op.OUT,
  Op.MOVCR_TO,
  Op.MOVCR_FROM,
]);
const BRANCH = new Set<number>([
  Op.JMP,
  Op.JEQ,
  Op.JNE,
  Op.JLT,
  Op.JGE,
  Op.JLTU,
  Op.JGEU,
  Op.JGT,
  Op.JLE,
  Op.CALL,
  Op.RET,
  Op.JR,
]);
const LT = "(((fl >> 1) ^ (fl >> 3)) & 1) !== 0";
const CONDITION: Record<number, string> = {
  [Op.JEQ]: "(fl & 1) !== 0",
  [Op.JNE]: "(fl & 1) === 0",
  [Op.JLT]: LT,
  [Op.JGE]: `!(${LT})`,
  [Op.JLTU]: "(fl & 4) !== 0",
  [Op.JGEU]: "(fl & 4) === 0",
  [Op.JGT]: `(fl & 1) === 0 && !(${LT})`,
  [Op.JLE]: `((fl & 1) !== 0 || ${LT})`,
};

/**
 * JavaScript source for the block at `pc` (for reading: notebooks print it), or null
 * when the block would be empty (a system or undefined instruction comes first).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { assemble } from "@virt/isa/assembler.ts";
 * import { Machine } from "@virt/isa/machine.ts";
 * import { translateBlock } from "@virt/emulate/block_translation.ts";
 * const machine = new Machine();
 * machine.load(assemble("ADD r1, r2\nHLT").bytes);
 * const block = translateBlock(machine.ram32, 0)!;
 * assert.equal(block.length, 1);
 * assert.match(block.source, /x1 = \(x1 \+ x2\) \| 0/);
 * ```
 */
export function translateBlock(
  ram32: Int32Array,
  pc: number,
  maxBlockLength = 64,
): { source: string; length: number; targets: [number, number] } | null {
  const words: number[] = [];
  for (let at = pc; words.length < maxBlockLength && at >= 0 && at + 4 <= RAM_SIZE; at += 4) {
    const w = ram32[at >> 2];
    if (!isValidInstruction(w >>> 0) || SYSTEM.has(w & 0xff)) break;
    words.push(w);
    if (BRANCH.has(w & 0xff)) break;
  }
  if (words.length === 0) return null;
  const used = new Set<number>([SP]);
  for (const w of words) {
    const format = INSTRUCTIONS[w & 0xff]!.format;
    if (format !== "j" && format !== "none") used.add((w >>> 12) & 15);
    if (format === "rr" || format === "mem" || format === "store") used.add((w >>> 8) & 15);
  }
  const registers = [...used].sort((x, y) => x - y);
  const flush = registers.map((i) => `r[${i}] = x${i};`).join(" ") + " M.flags = fl;";
  const reload = registers.map((i) => `x${i} = r[${i}];`).join(" ");
  const n = words.length;
  const last = words[n - 1];
  const lastOp = last & 0xff;
  const endPc = pc + 4 * n;
  const selfLoop = (lastOp === Op.JMP || CONDITION[lastOp] !== undefined) && last >>> 16 === pc;
  const exit = (k: number, target: string) =>
    `{ ${flush} M.instructions = ic + ${k}; return ${target}; }`;
  const lines: string[] = [
    `let ${registers.map((i) => `x${i} = r[${i}]`).join(", ")}, fl = M.flags, ic = M.instructions;`,
  ];
  if (selfLoop) lines.push("for (;;) {");
  const stackCheck = (s: string, k: number, at: number) =>
    `if ((${s} & 3) !== 0 || ${s} >>> 0 >= ${RAM_SIZE}) { ${flush} M.instructions = ic + ${k}; return h.badStack(M, ${s}, ${at}); }`;
  let targets: [number, number] = [-1, endPc];
  words.forEach((w, k) => {
    const at = pc + 4 * k;
    const op = w & 0xff;
    const a = `x${(w >>> 12) & 15}`;
    const b = `x${(w >>> 8) & 15}`;
    const imm = w >> 16;
    const uimm = w >>> 16;
    const slowLoad = (size: number) =>
      `{ ${flush} M.instructions = ic + ${k}; if (h.load(M, ad, ${size}, ${
        (w >>> 12) & 15
      }, ${at}) !== ${CONTINUE}) return M.pc; ${reload} }`;
    const slowStore = (size: number) =>
      `{ ${flush} M.instructions = ic + ${k}; if (h.store(M, ad, ${size}, ${a}, ${at}) !== ${CONTINUE}) return M.pc; ` +
      `if (M.pendingIrq !== 0) { M.instructions = ic + ${k + 1}; M.pc = ${
        at + 4
      }; if (h.irq(M)) return M.pc; } }`;
    const smc = `if (cp[ad >>> ${CODE_PAGE_SHIFT}] !== 0) { ${flush} M.instructions = ic + ${
      k + 1
    }; h.invalidate(ad); return ${at + 4}; }`;
    switch (op) {
      case Op.ADD:
        lines.push(`${a} = (${a} + ${b}) | 0;`);
        break;
      case Op.SUB:
        lines.push(`${a} = (${a} - ${b}) | 0;`);
        break;
      case Op.AND:
        lines.push(`${a} &= ${b};`);
        break;
      case Op.OR:
        lines.push(`${a} |= ${b};`);
        break;
      case Op.XOR:
        lines.push(`${a} ^= ${b};`);
        break;
      case Op.SHL:
        lines.push(`${a} <<= ${b};`);
        break;
      case Op.SHR:
        lines.push(`${a} = (${a} >>> ${b}) | 0;`);
        break;
      case Op.SAR:
        lines.push(`${a} >>= ${b};`);
        break;
      case Op.MUL:
        lines.push(`${a} = Math.imul(${a}, ${b});`);
        break;
      case Op.DIVU:
        lines.push(
          `if (${b} === 0) { ${flush} M.pc = ${at}; M.instructions = ic + ${k}; return h.trap(M, ${Vector.DivideError}, ${at}); }`,
          `${a} = ((${a} >>> 0) / (${b} >>> 0)) | 0;`,
        );
        break;
      case Op.MOV:
        lines.push(`${a} = ${b};`);
        break;
      case Op.CMP:
      case Op.CMPI: {
        const y = op === Op.CMP ? b : String(imm);
        lines.push(
          `{ const x = ${a}, y = ${y}, d = (x - y) | 0; fl = (fl & -16) | (d === 0 ? 1 : 0) | (d < 0 ? 2 : 0) | ` +
            `((x >>> 0) < (y >>> 0) ? 4 : 0) | (((x ^ y) & (x ^ d)) < 0 ? 8 : 0); }`,
        );
        break;
      }
      case Op.ADDI:
        lines.push(`${a} = (${a} + ${imm}) | 0;`);
        break;
      case Op.ANDI:
        lines.push(`${a} &= ${uimm};`);
        break;
      case Op.ORI:
        lines.push(`${a} |= ${uimm};`);
        break;
      case Op.XORI:
        lines.push(`${a} ^= ${uimm};`);
        break;
      case Op.SHLI:
        lines.push(`${a} <<= ${uimm & 31};`);
        break;
      case Op.SHRI:
        lines.push(`${a} = (${a} >>> ${uimm & 31}) | 0;`);
        break;
      case Op.SARI:
        lines.push(`${a} >>= ${uimm & 31};`);
        break;
      case Op.MULI:
        lines.push(`${a} = Math.imul(${a}, ${imm});`);
        break;
      case Op.LI:
        lines.push(`${a} = ${imm};`);
        break;
      case Op.LUI:
        lines.push(`${a} = ${(uimm << 16) | 0};`);
        break;
      case Op.LD:
        lines.push(
          `{ const ad = (${b} + ${imm}) | 0; if ((ad & 3) === 0 && ad >>> 0 < ${RAM_SIZE}) ${a} = m32[ad >> 2]; else ${
            slowLoad(4)
          } }`,
        );
        break;
      case Op.LDB:
        lines.push(
          `{ const ad = (${b} + ${imm}) | 0; if (ad >>> 0 < ${RAM_SIZE}) ${a} = m8[ad]; else ${
            slowLoad(1)
          } }`,
        );
        break;
      case Op.LDH:
        lines.push(
          `{ const ad = (${b} + ${imm}) | 0; if (ad >>> 0 <= ${
            RAM_SIZE - 2
          }) ${a} = m8[ad] | (m8[ad + 1] << 8); else ${slowLoad(2)} }`,
        );
        break;
      case Op.ST:
        lines.push(
          `{ const ad = (${b} + ${imm}) | 0; if ((ad & 3) === 0 && ad >>> 0 < ${RAM_SIZE}) { m32[ad >> 2] = ${a}; ${smc} } else ${
            slowStore(4)
          } }`,
        );
        break;
      case Op.STB:
        lines.push(
          `{ const ad = (${b} + ${imm}) | 0; if (ad >>> 0 < ${RAM_SIZE}) { m8[ad] = ${a}; ${smc} } else ${
            slowStore(1)
          } }`,
        );
        break;
      case Op.STH:
        lines.push(
          `{ const ad = (${b} + ${imm}) | 0; if (ad >>> 0 <= ${
            RAM_SIZE - 2
          }) { m8[ad] = ${a}; m8[ad + 1] = ${a} >>> 8; ${smc} } else ${slowStore(2)} }`,
        );
        break;
      case Op.PUSH:
        lines.push(
          `{ const s = (x8 - 4) | 0; ${stackCheck("s", k, at)} m32[s >> 2] = ${a}; x8 = s; }`,
        );
        break;
      case Op.POP:
        lines.push(
          `{ const s = x8; ${stackCheck("s", k, at)} x8 = (s + 4) | 0; ${a} = m32[s >> 2]; }`,
        );
        break;
      case Op.JMP:
        targets = [uimm, -1];
        if (selfLoop) lines.push(`ic += ${n}; if (ic >= limit) ${exit(0, String(pc))} continue;`);
        else lines.push(exit(n, String(uimm)));
        break;
      case Op.CALL:
        targets = [uimm, -1];
        lines.push(
          `{ const s = (x8 - 4) | 0; ${stackCheck("s", k, at)} m32[s >> 2] = ${at + 4}; x8 = s; }`,
          exit(n, String(uimm)),
        );
        break;
      case Op.RET:
        targets = [-1, -1];
        lines.push(
          `{ const s = x8; ${stackCheck("s", k, at)} x8 = (s + 4) | 0; const t = m32[s >> 2]; ${
            exit(n, "t")
          } }`,
        );
        break;
      case Op.JR:
        targets = [-1, -1];
        lines.push(`{ const t = ${a}; ${exit(n, "t")} }`);
        break;
      default: {
        const condition = CONDITION[op];
        targets = [uimm, at + 4];
        if (selfLoop) {
          lines.push(
            `if (${condition}) { ic += ${n}; if (ic >= limit) ${exit(0, String(pc))} continue; }`,
          );
        } else {
          lines.push(`if (${condition}) ${exit(n, String(uimm))}`);
        }
        lines.push(exit(n, String(at + 4)));
      }
    }
  });
  if (!BRANCH.has(lastOp)) lines.push(exit(n, String(endPc)));
  if (selfLoop) lines.push("}");
  return { source: lines.join("\n"), length: n, targets };
}
