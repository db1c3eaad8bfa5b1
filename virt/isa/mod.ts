/**
 * `virt/isa`: the guest machine's instruction set — the table, the encoding, the
 * assembler and disassembler, the machine state, and how a guest program fails.
 *
 * @example Assemble, load, look
 * ```ts
 * import assert from "node:assert/strict";
 * import { assemble, disassemble, Machine } from "@virt/isa/mod.ts";
 * const program = assemble("LI r1, 42\nHLT");
 * const machine = new Machine();
 * machine.load(program.bytes);
 * assert.equal(disassemble(program.bytes).lines[0].text, "LI r1, 42");
 * ```
 *
 * @module
 */

// 1. The instruction table: formats, privileged and sensitive instructions, flags, vectors.
export * from "./instruction_set.ts";
// 2. One instruction word: encode and decode the fields.
export * from "./encoding.ts";
// 3. Assembly text to a memory image, with line/column errors.
export * from "./assembler.ts";
// 4. Memory image back to assembly text (round trip).
export * from "./disassembler.ts";
// 5. The machine state: registers, RAM, interrupt lines, the I/O bus or exit slot.
export * from "./machine.ts";
// 6. GuestFault: every way a guest program ends badly.
export * from "./guest_fault.ts";
