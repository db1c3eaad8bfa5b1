// The syntax of StackLab assembly, shared by the assembler's two passes: comments,
// operand splitting (with columns, for error messages), names, expressions and the error
// type. Private to virt/isa (assembler.ts re-exports AssemblyError).
//
//   "loop:  ADDI r1, -1   ; comment"   stripComment → "loop:  ADDI r1, -1   "
//   splitOperands("r1, [r2+8]", 10)     → [{text: "r1", column: 10}, {text: "[r2+8]", column: 14}]
//   evaluate("BASE*2+1")                → numbers, names, + - * ( ), unary minus

/**
 * Assembly failed: `line` and `column` are 1-based positions in the source.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { assemble, AssemblyError } from "@virt/isa/assembler.ts";
 * assert.throws(() => assemble("NOP\nNOP\nNOP ; x\n    ADDD r1, r2"), (error: unknown) => {
 *   assert.ok(error instanceof AssemblyError);
 *   assert.equal(error.message, "line 4, column 5: unknown instruction 'ADDD'. Did you mean 'ADD'?");
 *   assert.equal(error.line, 4);
 *   return true;
 * });
 * ```
 */

import { nearestName } from "@src/options/mod.ts";
export class AssemblyError extends SyntaxError {
  /** 1-based line. */
  readonly line: number;
  /** 1-based column. */
  readonly column: number;
  /** Build the error; the message starts with the position. */
  constructor(line: number, column: number, detail: string) {
    super(`line ${line}, column ${column}: ${detail}`);
    this.name = "AssemblyError";
    this.line = line;
    this.column = column;
  }
}

export interface Token {
  text: string;
  column: number;
}

export const REGISTER = /^(?:r([0-7])|sp)$/i;
export const CONTROL = /^cr([0-4])$/i;

export function suggest(word: string, candidates: string[]): string {
  const best = nearestName(word, candidates);
  return best === undefined ? "" : ` Did you mean '${best}'?`;
}

/** Split "a, [b+1], 'c'" into tokens with their columns. */

/** Split "a, [b+1], 'c'" into tokens with their columns. */
export function splitOperands(text: string, startColumn: number): Token[] {
  const tokens: Token[] = [];
  let depth = 0;
  let quote = "";
  let begin = 0;
  const push = (end: number) => {
    const raw = text.slice(begin, end);
    const lead = raw.length - raw.trimStart().length;
    if (raw.trim() !== "") tokens.push({ text: raw.trim(), column: startColumn + begin + lead });
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === quote) quote = "";
    } else if (c === '"' || c === "'") quote = c;
    else if (c === "[" || c === "(") depth++;
    else if (c === "]" || c === ")") depth--;
    else if (c === "," && depth === 0) {
      push(i);
      begin = i + 1;
    }
  }
  push(text.length);
  return tokens;
}

export function stripComment(line: string): string {
  let quote = "";
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote) {
      if (c === quote) quote = "";
    } else if (c === '"' || (c === "'" && line[i + 2] === "'")) quote = c;
    else if (c === ";" || (c === "/" && line[i + 1] === "/")) return line.slice(0, i);
  }
  return line;
}

export function parseString(token: Token, line: number): Uint8Array {
  const match = token.text.match(/^"(.*)"$/);
  if (!match) {
    throw new AssemblyError(line, token.column, `expected a "quoted string", got ${token.text}`);
  }
  return new TextEncoder().encode(match[1].replace(/\\n/g, "\n").replace(/\\0/g, "\0"));
}

/** Evaluate an expression; `final` requires every name to be defined. */

export function evaluate(
  token: Token,
  symbols: Map<string, number>,
  line: number,
  final = true,
): number {
  const text = token.text;
  let position = 0;
  const fail = (detail: string): never => {
    throw new AssemblyError(line, token.column + position, detail);
  };
  const skip = () => {
    while (text[position] === " " || text[position] === "\t") position++;
  };
  const primary = (): number => {
    skip();
    const rest = text.slice(position);
    let match: RegExpMatchArray | null;
    if (rest.startsWith("(")) {
      position++;
      const value = sum();
      skip();
      if (text[position] !== ")") fail(`expected ')' in '${text}'`);
      position++;
      return value;
    }
    if (rest.startsWith("-")) {
      position++;
      return -primary();
    }
    if ((match = rest.match(/^0x[0-9a-f_]+|^0b[01_]+|^\d[\d_]*/i))) {
      position += match[0].length;
      return Number(match[0].replace(/_/g, ""));
    }
    if ((match = rest.match(/^'(.)'/))) {
      position += 3;
      return match[1].charCodeAt(0);
    }
    if ((match = rest.match(/^[A-Za-z_.$][\w.$]*/))) {
      const name = match[0];
      if (REGISTER.test(name) || CONTROL.test(name)) {
        fail(`a register (${name}) cannot be used as a number here`);
      }
      const value = symbols.get(name);
      if (value === undefined) {
        if (!final) return 0; // pass 1: forward reference, size does not depend on it
        const hint = suggest(name, [...symbols.keys()]);
        fail(
          `unknown name '${name}'.${hint === "" ? " Define it as a label or with .equ." : hint}`,
        );
      }
      position += name.length;
      return value!;
    }
    return fail(`expected a number or a name, got '${rest === "" ? text : rest}'`);
  };
  const product = (): number => {
    let value = primary();
    for (;;) {
      skip();
      if (text[position] !== "*") return value;
      position++;
      value *= primary();
    }
  };
  const sum = (): number => {
    let value = product();
    for (;;) {
      skip();
      const c = text[position];
      if (c !== "+" && c !== "-") return value;
      position++;
      value = c === "+" ? value + product() : value - product();
    }
  };
  const value = sum();
  skip();
  if (position < text.length) fail(`unexpected '${text.slice(position)}' in expression '${text}'`);
  return value;
}
