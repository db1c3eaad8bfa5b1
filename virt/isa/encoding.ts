/**
 * Encoding and decoding one instruction word (the table in `instruction_set.ts`).
 *
 * ```
 *   word = opcode | a << 12 | b << 8 | imm16 << 16        (little-endian in memory)
 *
 *   byte 0   byte 1 (a:b)   byte 2   byte 3
 *   [ 0x11 ] [ 0x1 | 0x0 ]  [ 0xfc ] [ 0xff ]   =  ADDI r1, -4
 * ```
 *
 * The interpreter inlines the same shifts instead of calling `decode()`; this file is
 * the readable reference the assembler, disassembler and tests use.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { decode, encode } from "@virt/isa/encoding.ts";
 * const word = encode(0x11, { a: 1, imm: -4 });
 * assert.equal(word >>> 0, 0xfffc1011);
 * assert.deepEqual(decode(word), { opcode: 0x11, a: 1, b: 0, imm: -4, uimm: 0xfffc });
 * ```
 *
 * @module
 */

import { SP } from "./instruction_set.ts";

/**
 * Fields of an instruction word.
 *
 * @example
 * ```ts
 * import type { Decoded } from "@virt/isa/encoding.ts";
 * const fields: Decoded = { opcode: 0x52, a: 0, b: 0, imm: 0, uimm: 0 };
 * ```
 */
export interface Decoded {
  /** Byte 0. */
  readonly opcode: number;
  /** Register field a (bits 12–15). */
  readonly a: number;
  /** Register field b (bits 8–11). */
  readonly b: number;
  /** imm16 sign-extended. */
  readonly imm: number;
  /** imm16 zero-extended. */
  readonly uimm: number;
}

/**
 * Operand fields for {@linkcode encode}.
 *
 * @example
 * ```ts
 * import type { EncodeFields } from "@virt/isa/encoding.ts";
 * const fields: EncodeFields = { a: 1, b: 2 };
 * ```
 */
export interface EncodeFields {
  /** Register field a, 0–8. @default {0} */
  a?: number;
  /** Register field b, 0–8. @default {0} */
  b?: number;
  /** Immediate, −32768…65535 (stored as its low 16 bits). @default {0} */
  imm?: number;
}

/**
 * One instruction word from its opcode and fields. `RangeError` for a register
 * outside 0–8 or an immediate outside −32768…65535.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { encode } from "@virt/isa/encoding.ts";
 * assert.equal(encode(0x01, { a: 1, b: 2 }), 0x1201); // ADD r1, r2
 * assert.throws(() => encode(0x01, { a: 9 }), /register field a is 9/);
 * ```
 */
export function encode(opcode: number, fields: EncodeFields = {}): number {
  const { a = 0, b = 0, imm = 0 } = fields;
  if (!Number.isInteger(opcode) || opcode < 0 || opcode > 0xff) {
    throw new RangeError(`Cannot encode: opcode is ${opcode}; pass an integer 0–255`);
  }
  for (const [name, value] of [["a", a], ["b", b]] as const) {
    if (!Number.isInteger(value) || value < 0 || value > SP) {
      throw new RangeError(
        `Cannot encode: register field ${name} is ${value}; pass 0–7 for r0–r7 or 8 for sp`,
      );
    }
  }
  if (!Number.isInteger(imm) || imm < -0x8000 || imm > 0xffff) {
    throw new RangeError(
      `Cannot encode: immediate is ${imm}; pass an integer from -32768 to 65535 ` +
        `(load wider constants with LUI + ORI, the LI32 pseudo-instruction)`,
    );
  }
  return (opcode | (a << 12) | (b << 8) | ((imm & 0xffff) << 16)) >>> 0;
}

/**
 * The fields of an instruction word.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { decode } from "@virt/isa/encoding.ts";
 * assert.equal(decode(0x1201).b, 2);
 * ```
 */
export function decode(word: number): Decoded {
  return {
    opcode: word & 0xff,
    a: (word >>> 12) & 0xf,
    b: (word >>> 8) & 0xf,
    imm: word >> 16,
    uimm: word >>> 16,
  };
}

/**
 * Assembly name of a register number: r0–r7, sp, or `?N` for an invalid field.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { registerName } from "@virt/isa/encoding.ts";
 * assert.equal(registerName(8), "sp");
 * assert.equal(registerName(3), "r3");
 * ```
 */
export function registerName(register: number): string {
  if (register === SP) return "sp";
  return register >= 0 && register < SP ? `r${register}` : `?${register}`;
}
