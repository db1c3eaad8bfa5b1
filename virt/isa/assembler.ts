/**
 * The assembler: guest assembly text → a memory image, in two passes.
 *
 * ```
 *   source ──lines──▶ pass 1: sizes and label addresses ──▶ pass 2: evaluate, encode
 *                       .text counter (origin 0)              bytes[address] ← word
 *                       .data counter (origin 0x4000)
 * ```
 *
 * Syntax, one statement per line (`;` or `//` starts a comment; names are
 * case-insensitive for mnemonics and registers, case-sensitive for labels):
 *
 * ```
 *   start:  LI r1, 10            ; label, instruction, operands separated by commas
 *           LD r2, [r3+8]        ; memory operand: [register], [register+expr], [register-expr]
 *           LI32 r4, 0x10000     ; pseudo: LUI r4, 1 + ORI r4, 0 (always two words)
 *           NOP                  ; pseudo: OR r0, r0
 *   .equ    PORT, 0x1f0          ; a named constant
 *   .data                        ; switch to the data section (origin 0x4000)
 *   table:  .word 1, 2, table    ; 32-bit words; .half 16-bit; .byte 8-bit
 *           .zero 64             ; 64 zero bytes; .align 4; .org 0x4100; .ascii "hi"
 * ```
 *
 * Expressions: numbers (`42`, `0x2a`, `0b101010`, `'*'`), labels and `.equ` names,
 * combined with `+ - * ( )` and unary minus. Errors are `AssemblyError` (a
 * `SyntaxError`) with the line and column and a suggestion where one exists.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { assemble } from "@virt/isa/assembler.ts";
 * const program = assemble("start: LI r1, 42\n       HLT");
 * assert.deepEqual([...program.bytes], [0x1b, 0x10, 42, 0, 0x52, 0, 0, 0]);
 * assert.equal(program.symbols.get("start"), 0);
 * ```
 *
 * @module
 */

import { encode } from "./encoding.ts";
import { type Format, INSTRUCTIONS, Op, OPCODE_BY_MNEMONIC, SP } from "./instruction_set.ts";
import {
  AssemblyError,
  CONTROL,
  evaluate,
  parseString,
  REGISTER,
  splitOperands,
  stripComment,
  suggest,
  type Token,
} from "./_syntax.ts";

export { AssemblyError } from "./_syntax.ts";

/**
 * An assembled program: a memory image starting at address 0.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { assemble } from "@virt/isa/assembler.ts";
 * const program = assemble(".data\nvalue: .word 7");
 * assert.equal(program.symbols.get("value"), 0x4000);
 * assert.equal(program.bytes.length, 0x4004);
 * ```
 */
export interface Program {
  /** The image: byte i goes to guest address i. */
  readonly bytes: Uint8Array;
  /** Label and `.equ` values. */
  readonly symbols: ReadonlyMap<string, number>;
  /** Source line (1-based) of each instruction address, for listings and faults. */
  readonly lineOf: ReadonlyMap<number, number>;
}

/**
 * Options for {@linkcode assemble}.
 *
 * @example
 * ```ts
 * import type { AssembleOptions } from "@virt/isa/assembler.ts";
 * const options: AssembleOptions = { dataOrigin: 0x8000 };
 * ```
 */
export interface AssembleOptions {
  /** Start address of `.text`. @default {0} */
  textOrigin?: number;
  /** Start address of `.data`. @default {0x4000} */
  dataOrigin?: number;
  /** Highest address + 1 the image may reach (the guest's RAM size). @default {0x10000} */
  memorySize?: number;
}

interface Statement {
  line: number;
  section: "text" | "data";
  address: number;
  name: string; // mnemonic or directive, upper case for mnemonics
  nameColumn: number;
  operands: Token[];
}

const PSEUDO = ["LI32", "NOP"];
const DIRECTIVES = [
  ".text",
  ".data",
  ".org",
  ".word",
  ".half",
  ".byte",
  ".zero",
  ".align",
  ".equ",
  ".ascii",
];

/**
 * Assemble `source` into a memory image. Throws {@linkcode AssemblyError}.
 *
 * @example Labels, data and a pseudo-instruction
 * ```ts
 * import assert from "node:assert/strict";
 * import { assemble } from "@virt/isa/assembler.ts";
 * const program = assemble(`
 *   .equ COUNT, 3
 *         LI32 r2, table
 *         LD r1, [r2+4]
 *         HLT
 *   .data
 *   table: .word COUNT, COUNT*2
 * `);
 * assert.equal(program.symbols.get("table"), 0x4000);
 * assert.equal(program.bytes[0x4004], 6);
 * assert.throws(() => assemble("LI r1, 70000"), /line 1, column 8: .*LI32/);
 * ```
 */
export function assemble(source: string, options: AssembleOptions = {}): Program {
  const { textOrigin = 0, dataOrigin = 0x4000, memorySize = 0x10000 } = options;
  const symbols = new Map<string, number>();
  const symbolLines = new Map<string, number>();
  const statements: Statement[] = [];
  const counters = { text: textOrigin, data: dataOrigin };
  let section: "text" | "data" = "text";
  const lines = source.split("\n");

  // Pass 1: labels, sizes, .equ (whose expressions may use only names defined above).
  const pending: { name: string; token: Token; line: number }[] = [];
  for (let index = 0; index < lines.length; index++) {
    const lineNumber = index + 1;
    let rest = stripComment(lines[index]);
    let column = 1;
    // Labels: "name:" (possibly several) at the start.
    for (;;) {
      const match = rest.match(/^(\s*)([A-Za-z_.$][\w.$]*)\s*:/);
      if (!match || match[2].startsWith(".")) break;
      const label = match[2];
      const labelColumn = column + match[1].length;
      if (symbols.has(label)) {
        throw new AssemblyError(
          lineNumber,
          labelColumn,
          `label '${label}' is already defined on line ${
            symbolLines.get(label)
          }; rename one of them`,
        );
      }
      if (REGISTER.test(label) || CONTROL.test(label)) {
        throw new AssemblyError(
          lineNumber,
          labelColumn,
          `'${label}' is a register name; pick another label`,
        );
      }
      symbols.set(label, counters[section]);
      symbolLines.set(label, lineNumber);
      column += match[0].length;
      rest = rest.slice(match[0].length);
    }
    const match = rest.match(/^(\s*)(\S+)(.*)$/);
    if (!match) continue;
    const nameColumn = column + match[1].length;
    const rawName = match[2];
    const operands = splitOperands(match[3], nameColumn + rawName.length);
    const name = rawName.startsWith(".") ? rawName.toLowerCase() : rawName.toUpperCase();
    const statement: Statement = {
      line: lineNumber,
      section,
      address: counters[section],
      name,
      nameColumn,
      operands,
    };
    const evaluateNow = (token: Token) => evaluate(token, symbols, lineNumber, false);
    switch (name) {
      case ".text":
      case ".data":
        section = name === ".text" ? "text" : "data";
        continue;
      case ".org": {
        expectCount(statement, 1);
        const address = evaluateNow(operands[0]);
        if (address < counters[section]) {
          throw new AssemblyError(
            lineNumber,
            operands[0].column,
            `.org ${hex(address)} moves backwards from ${hex(counters[section])}; ` +
              `use an address at or after the current one`,
          );
        }
        counters[section] = address;
        continue;
      }
      case ".align": {
        expectCount(statement, 1);
        const alignment = evaluateNow(operands[0]);
        if (alignment < 1 || (alignment & (alignment - 1)) !== 0) {
          throw new AssemblyError(
            lineNumber,
            operands[0].column,
            `.align ${alignment} is not a power of two; use 2, 4, 8, …`,
          );
        }
        counters[section] = Math.ceil(counters[section] / alignment) * alignment;
        continue;
      }
      case ".equ": {
        expectCount(statement, 2);
        const constant = operands[0].text;
        if (!/^[A-Za-z_][\w]*$/.test(constant) || symbols.has(constant)) {
          throw new AssemblyError(
            lineNumber,
            operands[0].column,
            symbols.has(constant)
              ? `'${constant}' is already defined on line ${
                symbolLines.get(constant)
              }; rename one of them`
              : `'${constant}' is not a valid name; use letters, digits and _`,
          );
        }
        pending.push({ name: constant, token: operands[1], line: lineNumber });
        symbols.set(constant, evaluateNow(operands[1]));
        symbolLines.set(constant, lineNumber);
        continue;
      }
    }
    statements.push(statement);
    counters[section] += sizeOf(statement, symbols);
  }

  // Pass 2: encode into the image.
  let end = 0;
  for (const statement of statements) {
    end = Math.max(end, statement.address + sizeOf(statement, symbols));
  }
  if (end > memorySize) {
    const last = statements.find((s) => s.address + sizeOf(s, symbols) > memorySize)!;
    throw new AssemblyError(
      last.line,
      last.nameColumn,
      `the program reaches address ${hex(end)}, past the end of the ${memorySize}-byte memory; ` +
        `move .org/.data lower or pass a larger memorySize`,
    );
  }
  const bytes = new Uint8Array(end);
  const owner = new Int32Array(end); // line that wrote each byte, for overlap errors
  const lineOf = new Map<number, number>();
  for (const statement of statements) {
    const output = emit(statement, symbols);
    for (let i = 0; i < output.length; i++) {
      const address = statement.address + i;
      if (owner[address] !== 0) {
        throw new AssemblyError(
          statement.line,
          statement.nameColumn,
          `address ${hex(address)} was already filled by line ${owner[address]}; ` +
            `move this code or data with .org`,
        );
      }
      owner[address] = statement.line;
      bytes[address] = output[i];
    }
    if (!statement.name.startsWith(".")) lineOf.set(statement.address, statement.line);
  }
  return { bytes, symbols, lineOf };
}

function hex(value: number): string {
  return `0x${value.toString(16).padStart(4, "0")}`;
}

function expectCount(statement: Statement, count: number): void {
  if (statement.operands.length !== count) {
    throw new AssemblyError(
      statement.line,
      statement.nameColumn,
      `${statement.name} takes ${count} operand${count === 1 ? "" : "s"}, got ` +
        `${statement.operands.length}`,
    );
  }
}

function sizeOf(statement: Statement, symbols: Map<string, number>): number {
  const { name, operands } = statement;
  switch (name) {
    case ".word":
      return 4 * operands.length;
    case ".half":
      return 2 * operands.length;
    case ".byte":
      return operands.length;
    case ".zero":
      expectCount(statement, 1);
      return evaluate(operands[0], symbols, statement.line, false);
    case ".ascii":
      expectCount(statement, 1);
      return parseString(operands[0], statement.line).length;
    case "LI32":
      return 8;
  }
  if (name.startsWith(".")) {
    throw new AssemblyError(
      statement.line,
      statement.nameColumn,
      `unknown directive '${name}'.${suggest(name, DIRECTIVES)}`,
    );
  }
  if (statement.address % 4 !== 0) {
    throw new AssemblyError(
      statement.line,
      statement.nameColumn,
      `instruction at ${hex(statement.address)} is not 4-byte aligned; put .align 4 before it`,
    );
  }
  return 4;
}

function register(token: Token | undefined, statement: Statement): number {
  if (!token) {
    throw new AssemblyError(
      statement.line,
      statement.nameColumn,
      `${statement.name} is missing a register operand`,
    );
  }
  const match = token.text.match(REGISTER);
  if (!match) {
    throw new AssemblyError(
      statement.line,
      token.column,
      `expected a register (r0–r7 or sp), got '${token.text}'`,
    );
  }
  return match[1] === undefined ? SP : Number(match[1]);
}

function checkRange(
  value: number,
  low: number,
  high: number,
  token: Token,
  line: number,
  hint: string,
): number {
  if (value < low || value > high) {
    throw new AssemblyError(line, token.column, `value ${value} is outside ${low}…${high}${hint}`);
  }
  return value;
}

function emit(statement: Statement, symbols: Map<string, number>): Uint8Array {
  const { name, operands, line } = statement;
  const value = (token: Token) => evaluate(token, symbols, line);
  const out = (words: number[]) => {
    const bytes = new Uint8Array(words.length * 4);
    new DataView(bytes.buffer).setUint32(0, words[0], true);
    if (words.length > 1) new DataView(bytes.buffer).setUint32(4, words[1], true);
    return bytes;
  };
  switch (name) {
    case ".word":
    case ".half":
    case ".byte": {
      const width = name === ".word" ? 4 : name === ".half" ? 2 : 1;
      const bytes = new Uint8Array(width * operands.length);
      operands.forEach((token, i) => {
        const number = value(token);
        const limit = 2 ** (8 * width);
        checkRange(number, -(limit / 2), limit - 1, token, line, ` for ${name}`);
        for (let k = 0; k < width; k++) {
          bytes[i * width + k] = Math.floor(number / 2 ** (8 * k)) & 0xff;
        }
      });
      return bytes;
    }
    case ".zero":
      return new Uint8Array(value(operands[0]));
    case ".ascii":
      return parseString(operands[0], line);
    case "NOP":
      expectCount(statement, 0);
      return out([encode(Op.OR)]);
    case "LI32": {
      expectCount(statement, 2);
      const a = register(operands[0], statement);
      const number = checkRange(value(operands[1]), -(2 ** 31), 2 ** 32 - 1, operands[1], line, "");
      const unsigned = number >>> 0;
      return out([
        encode(Op.LUI, { a, imm: unsigned >>> 16 }),
        encode(Op.ORI, { a, imm: unsigned & 0xffff }),
      ]);
    }
  }
  let opcode = OPCODE_BY_MNEMONIC.get(name);
  if (opcode === undefined) {
    throw new AssemblyError(
      line,
      statement.nameColumn,
      `unknown instruction '${name}'.${suggest(name, [...OPCODE_BY_MNEMONIC.keys(), ...PSEUDO])}`,
    );
  }
  if (name === "MOVCR" && operands[0] && REGISTER.test(operands[0].text)) opcode = Op.MOVCR_FROM;
  const format: Format = INSTRUCTIONS[opcode]!.format;
  const counts: Record<Format, number> = {
    none: 0,
    rr: 2,
    ri: 2,
    ru: 2,
    r: 1,
    mem: 2,
    store: 2,
    j: 1,
    jr: 1,
    u: 1,
    in: 2,
    out: 2,
    tocr: 2,
    fromcr: 2,
  };
  expectCount(statement, counts[format]);
  const signed = " (signed 16-bit); for wider constants use LI32";
  const unsigned = " (16-bit)";
  switch (format) {
    case "none":
      return out([encode(opcode)]);
    case "rr":
      return out([
        encode(opcode, {
          a: register(operands[0], statement),
          b: register(operands[1], statement),
        }),
      ]);
    case "ri":
      return out([encode(opcode, {
        a: register(operands[0], statement),
        imm: checkRange(value(operands[1]), -0x8000, 0x7fff, operands[1], line, signed),
      })]);
    case "ru":
      return out([encode(opcode, {
        a: register(operands[0], statement),
        imm: checkRange(value(operands[1]), -0x8000, 0xffff, operands[1], line, unsigned),
      })]);
    case "r":
    case "jr":
      return out([encode(opcode, { a: register(operands[0], statement) })]);
    case "mem":
    case "store": {
      const a = register(operands[0], statement);
      const token = operands[1];
      const match = token.text.match(/^\[\s*([A-Za-z0-9]+)\s*(?:([+-])(.*))?\]$/);
      if (!match) {
        throw new AssemblyError(
          line,
          token.column,
          `expected a memory operand like [r2] or [r2+8], got '${token.text}'`,
        );
      }
      const b = register({ text: match[1], column: token.column + 1 }, statement);
      let offset = 0;
      if (match[2]) {
        const inner: Token = {
          text: match[3].trim(),
          column: token.column + token.text.indexOf(match[3].trim()),
        };
        offset = value(inner) * (match[2] === "-" ? -1 : 1);
        checkRange(offset, -0x8000, 0x7fff, inner, line, " (signed 16-bit offset)");
      }
      return out([encode(opcode, { a, b, imm: offset })]);
    }
    case "j": {
      const target = checkRange(
        value(operands[0]),
        0,
        0xffff,
        operands[0],
        line,
        " (jump targets are 16-bit addresses)",
      );
      if (target % 4 !== 0) {
        throw new AssemblyError(
          line,
          operands[0].column,
          `jump target ${hex(target)} is not a multiple of 4; instructions are 4-byte aligned`,
        );
      }
      return out([encode(opcode, { imm: target })]);
    }
    case "u":
      return out([
        encode(opcode, {
          imm: checkRange(value(operands[0]), 0, 31, operands[0], line, " (vector numbers)"),
        }),
      ]);
    case "in":
      return out([encode(opcode, {
        a: register(operands[0], statement),
        imm: checkRange(value(operands[1]), 0, 0xffff, operands[1], line, " (port numbers)"),
      })]);
    case "out":
      return out([encode(opcode, {
        a: register(operands[1], statement),
        imm: checkRange(value(operands[0]), 0, 0xffff, operands[0], line, " (port numbers)"),
      })]);
    case "tocr":
    case "fromcr": {
      const crToken = format === "tocr" ? operands[0] : operands[1];
      const registerToken = format === "tocr" ? operands[1] : operands[0];
      const match = crToken.text.match(CONTROL);
      if (!match) {
        throw new AssemblyError(
          line,
          crToken.column,
          `expected a control register cr0–cr4, got '${crToken.text}'`,
        );
      }
      return out([
        encode(opcode, { a: register(registerToken, statement), imm: Number(match[1]) }),
      ]);
    }
  }
}
