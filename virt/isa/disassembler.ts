/**
 * The disassembler: instruction words back to assembly text the assembler accepts.
 *
 * Round trip: `assemble(disassemble(bytes).text)` gives back the same bytes. A word that
 * is not a valid instruction (data, or garbage) prints as `.word 0x…`, which assembles
 * to the same word, so the round trip holds for any bytes.
 *
 * ```
 *   0x0000  1b 10 2a 00   LI r1, 42
 *   0x0004  11 10 ff ff   ADDI r1, -1
 *   0x0008  30 00 04 00   JMP 0x0004
 * ```
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { disassembleWord } from "@virt/isa/disassembler.ts";
 * assert.equal(disassembleWord(0xfffc1011), "ADDI r1, -4");
 * assert.equal(disassembleWord(0x00000000), ".word 0x00000000");
 * ```
 *
 * @module
 */

import { decode, registerName } from "./encoding.ts";
import { INSTRUCTIONS, SP } from "./instruction_set.ts";

function hex(value: number, digits: number): string {
  return `0x${(value >>> 0).toString(16).padStart(digits, "0")}`;
}

/**
 * Whether a word decodes to a defined instruction with valid register fields.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { isValidInstruction } from "@virt/isa/disassembler.ts";
 * assert.equal(isValidInstruction(0x1201), true);
 * assert.equal(isValidInstruction(0x9201), false); // register field 9
 * ```
 */
export function isValidInstruction(word: number): boolean {
  const { opcode, a, b } = decode(word);
  return INSTRUCTIONS[opcode] !== undefined && a <= SP && b <= SP;
}

/**
 * One instruction word as assembly text (`.word 0x…` when it is not an instruction,
 * or when an unused field is non-zero so that the text would not round-trip).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { disassembleWord } from "@virt/isa/disassembler.ts";
 * assert.equal(disassembleWord(0x00082021), "ST r2, [r0+8]");
 * assert.equal(disassembleWord(0x01f05056), "OUT 0x01f0, r5");
 * ```
 */
export function disassembleWord(word: number): string {
  const data = `.word ${hex(word, 8)}`;
  if (!isValidInstruction(word)) return data;
  const { opcode, a, b, imm, uimm } = decode(word);
  const info = INSTRUCTIONS[opcode]!;
  const m = info.mnemonic;
  const ra = registerName(a);
  const rb = registerName(b);
  const offset = imm === 0 ? "" : imm > 0 ? `+${imm}` : `${imm}`;
  let text: string;
  let used: [boolean, boolean, boolean]; // a, b, imm fields used
  switch (info.format) {
    case "none":
      [text, used] = [m, [false, false, false]];
      break;
    case "rr":
      [text, used] = [`${m} ${ra}, ${rb}`, [true, true, false]];
      break;
    case "ri":
      [text, used] = [`${m} ${ra}, ${imm}`, [true, false, true]];
      break;
    case "ru":
      [text, used] = [`${m} ${ra}, ${hex(uimm, 4)}`, [true, false, true]];
      break;
    case "r":
    case "jr":
      [text, used] = [`${m} ${ra}`, [true, false, false]];
      break;
    case "mem":
    case "store":
      [text, used] = [`${m} ${ra}, [${rb}${offset}]`, [true, true, true]];
      break;
    case "j":
      [text, used] = [`${m} ${hex(uimm, 4)}`, [false, false, true]];
      break;
    case "u":
      [text, used] = [`${m} ${uimm}`, [false, false, true]];
      break;
    case "in":
      [text, used] = [`${m} ${ra}, ${hex(uimm, 4)}`, [true, false, true]];
      break;
    case "out":
      [text, used] = [`${m} ${hex(uimm, 4)}, ${ra}`, [true, false, true]];
      break;
    case "tocr":
      [text, used] = [`${m} cr${uimm}, ${ra}`, [true, false, true]];
      if (uimm > 4) return data;
      break;
    case "fromcr":
      [text, used] = [`${m} ${ra}, cr${uimm}`, [true, false, true]];
      if (uimm > 4) return data;
      break;
  }
  if ((!used[0] && a !== 0) || (!used[1] && b !== 0) || (!used[2] && uimm !== 0)) return data;
  return text;
}

/**
 * One line of a disassembly listing.
 *
 * @example
 * ```ts
 * import type { DisassemblyLine } from "@virt/isa/disassembler.ts";
 * const line: DisassemblyLine = { address: 0, word: 0x52, text: "HLT" };
 * ```
 */
export interface DisassemblyLine {
  /** Byte address of the word. */
  readonly address: number;
  /** The 32-bit word (unsigned). */
  readonly word: number;
  /** Assembly text. */
  readonly text: string;
}

/**
 * Options for {@linkcode disassemble}.
 *
 * @example
 * ```ts
 * import type { DisassembleOptions } from "@virt/isa/disassembler.ts";
 * const options: DisassembleOptions = { origin: 0x100 };
 * ```
 */
export interface DisassembleOptions {
  /** Address of the first byte, for the listing. @default {0} */
  origin?: number;
}

/**
 * Disassemble whole words of `bytes` (a trailing partial word becomes `.byte` lines).
 * `text` is assembly source that assembles back to `bytes` at `origin` 0.
 *
 * @example Round trip
 * ```ts
 * import assert from "node:assert/strict";
 * import { assemble } from "@virt/isa/assembler.ts";
 * import { disassemble } from "@virt/isa/disassembler.ts";
 * const program = assemble("LI r1, 3\nloop: ADDI r1, -1\nCMPI r1, 0\nJNE loop\nHLT");
 * const listing = disassemble(program.bytes);
 * assert.equal(listing.lines[1].text, "ADDI r1, -1");
 * assert.deepEqual(assemble(listing.text).bytes, program.bytes);
 * ```
 */
export function disassemble(
  bytes: Uint8Array,
  options: DisassembleOptions = {},
): { lines: DisassemblyLine[]; text: string; listing: string } {
  const { origin = 0 } = options;
  const lines: DisassemblyLine[] = [];
  const sourceLines: string[] = [];
  const whole = bytes.length - (bytes.length % 4);
  for (let offset = 0; offset < whole; offset += 4) {
    const word = (bytes[offset] | (bytes[offset + 1] << 8) | (bytes[offset + 2] << 16) |
      (bytes[offset + 3] << 24)) >>> 0;
    const text = disassembleWord(word);
    lines.push({ address: origin + offset, word, text });
    sourceLines.push(text);
  }
  for (let offset = whole; offset < bytes.length; offset++) {
    sourceLines.push(`.byte ${bytes[offset]}`);
  }
  const listing = lines.map((line) => {
    const raw = [0, 8, 16, 24].map((shift) =>
      ((line.word >>> shift) & 0xff).toString(16).padStart(2, "0")
    )
      .join(" ");
    return `${hex(line.address, 4)}  ${raw}   ${line.text}`;
  }).join("\n");
  return { lines, text: sourceLines.join("\n"), listing };
}
